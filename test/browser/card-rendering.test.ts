import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRequestCard, renderRequestFormCard } from '../../src/cards/requests/render-request';
import { CardPage } from '../../src/dev/card-preview/card-page';
import { launchChromium, type RunningChromium } from '../../src/dev/card-preview/chromium';
import { sampleCards, sampleRequest } from '../../src/dev/card-preview/sample-cards';
import { DEFAULT_REQUEST_POLICY as policy } from '../../src/services/requests/validate-request';

// What a partner could type into a request: markup that would run if a renderer used it as HTML, and a template
// expression that would leak data if user text were ever evaluated as template text.
const MARKUP = '<img src=x onerror=alert(1)>';
const EXPRESSION = '${$root.secret}';
const HOSTILE = `${MARKUP} ${EXPRESSION}`;

let chromium: RunningChromium | undefined;
let cards: CardPage;
const dialogs: string[] = [];

beforeAll(async () => {
  chromium = await launchChromium();
  cards = await CardPage.open(chromium.context);
  cards.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});

afterAll(async () => {
  await chromium?.close();
});

describe('every sample card in the official Adaptive Cards renderer (Chromium)', () => {
  const samples = Object.entries(sampleCards());

  it('covers the cards the README shows', () => {
    expect(samples.map(([name]) => name).sort()).toEqual(
      [
        'approval-card',
        'approval-card-completed',
        'delivery-card',
        'help-card',
        'recommendation-card',
        'request-form',
      ].sort(),
    );
  });

  it.each(samples)('%s renders, with no parse errors or warnings', async (_name, card) => {
    const rendered = await cards.render(card);
    expect(rendered.problems).toEqual([]);
    expect(rendered.parsedCount).toBeGreaterThan(2);
    expect(rendered.height).toBeGreaterThan(60);
    expect(rendered.text.trim().length).toBeGreaterThan(40);
    expect(rendered.activeElements).toEqual([]);
  });
});

describe('user text is shown as text', () => {
  const hostileRequest = sampleRequest({
    justification: HOSTILE,
    requester: { ...sampleRequest().requester, name: HOSTILE },
    people: [{ email: 'jane@fabrikam-mssp.example', firstName: 'Jane', lastName: 'Doe', displayName: HOSTILE }],
  });

  it.each([
    ['approval card', renderRequestCard(hostileRequest, { view: 'approver', policy })],
    [
      'request form',
      renderRequestFormCard({
        kind: 'request',
        values: { people: HOSTILE, justification: HOSTILE },
        problems: [{ field: 'people', message: HOSTILE }],
        policy,
      }),
    ],
  ])('%s: markup and template expressions appear literally', async (_name, card) => {
    const rendered = await cards.render(card);
    expect(rendered.problems).toEqual([]);
    expect(rendered.activeElements).toEqual([]);
    expect(rendered.text).toContain(MARKUP);
    expect(rendered.text).toContain(EXPRESSION);
    // An <img onerror> would have fired by now; nothing may have opened a dialog.
    await cards.page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
  });

  it('request form: inputs keep hostile values as plain values', async () => {
    await cards.render(
      renderRequestFormCard({
        kind: 'request',
        values: { people: HOSTILE, justification: HOSTILE },
        problems: [],
        policy,
      }),
    );
    const values = await cards.page.$$eval('#host textarea', (areas) =>
      areas.map((a) => (a as HTMLTextAreaElement).value),
    );
    expect(values.filter((v) => v === HOSTILE)).toHaveLength(2);
  });
});
