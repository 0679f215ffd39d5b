import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { SupportVerbs } from '../../src/cards/support/render-support';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { MEGAN, PATTI } from '../support/seed';
import { shownLines, shownMarkdown } from '../support/shown-text';
import { HOSTILE, stateOf } from './corpus-support';

/**
 * The people half of the bad-input corpus: hostile strings typed into every free-text field of every form, sent
 * through the real server as Teams would send them. Each must get an answer a person can read, show the text
 * literally wherever it is echoed (no live link, no emphasis, no reordering), and change nothing that matters.
 */

let e: E2e;
let pendingId: string;
beforeAll(async () => {
  e = await startE2e({ RATE_LIMIT_TURNS_PER_MINUTE: '0', RATE_LIMIT_GRAPH_TURNS_PER_MINUTE: '0' });
  await e.say(MEGAN, 'help');
  // One pending request, for the decision fields.
  await e.say(PATTI, 'request access');
  await e.say(PATTI, '', {
    verb: RequestVerbs.formReview,
    people: 'corpus.person@fabrikam-mssp.example, Corpus, Person',
    role: 'security-reader',
    duration: '7',
    justification: 'Incident response retainer, ticket INC-1042',
  });
  await e.say(PATTI, '', { verb: RequestVerbs.formSubmit });
  pendingId = (await e.app.db.requests.listByRequester(PATTI.aadObjectId))[0].id;
});
afterAll(async () => {
  await e.close();
});

/** Nothing a person reads was turned into markup, and no direction override or control character reached them. */
function expectShownLiterally(replies: Array<Record<string, unknown>>): void {
  expect(replies.length, 'a reply a person can read').toBeGreaterThan(0);
  for (const reply of replies) {
    const lines = [
      ...shownLines(cardIn(reply) ?? {}),
      ...(typeof reply.text === 'string' ? [shownMarkdown(reply.text)] : []),
    ];
    for (const line of lines) {
      // The bot's own text may use Markdown (the simulation banner is in italics); the hostile input's may not.
      expect(line.html, line.raw).not.toMatch(/href="https:\/\/evil\.example|<strong>URGENT|<em>now|<img|<script/);
      expect(line.raw, 'no bidi override or control character shown').not.toMatch(/[\u202E\u202D]|\p{Cc}(?<![\n\t])/u);
    }
  }
}

const REQUEST_FIELDS: ReadonlyArray<readonly [string, (hostile: string) => Record<string, string>]> = [
  ['justification', (h) => ({ justification: h })],
  ['invitation message', (h) => ({ message: h })],
  ['first name', (h) => ({ people: `hostile.first@fabrikam-mssp.example, ${h.replace(/[,\n]/g, ' ')}, Person` })],
  ['last name', (h) => ({ people: `hostile.last@fabrikam-mssp.example, Hostile, ${h.replace(/[,\n]/g, ' ')}` })],
  ['people lines', (h) => ({ people: h })],
  ['copy recipient', (h) => ({ ccEmail: h })],
  ['duration', (h) => ({ duration: h })],
];

const cases = (fields: typeof REQUEST_FIELDS) =>
  fields.flatMap(([field, fill]) => HOSTILE.map(([label, hostile]) => ({ field, label, fill, hostile })));

describe('request access: hostile text in every field of the form', () => {
  it.each(cases(REQUEST_FIELDS))(
    '$field with $label: answered, shown literally, nothing stored',
    async ({ fill, hostile }) => {
      const before = await stateOf(e);
      await e.say(PATTI, 'request access');
      const replies = await e.say(PATTI, '', {
        verb: RequestVerbs.formReview,
        people: 'lynner@fabrikam-mssp.example, Lynne, Robbins',
        role: 'security-reader',
        duration: '7',
        justification: 'Incident response retainer, ticket INC-1042',
        ...fill(hostile),
      });
      expectShownLiterally(replies);
      expect(await stateOf(e)).toEqual(before);
      await e.say(PATTI, 'cancel');
    },
  );
});

describe('support: hostile text in the description', () => {
  it.each(HOSTILE.map(([label, hostile]) => ({ label, hostile })))(
    '$label: answered and shown literally',
    async ({ hostile }) => {
      const before = await stateOf(e);
      await e.say(PATTI, 'support');
      const replies = await e.say(PATTI, '', { verb: SupportVerbs.submit, description: hostile, severity: 'moderate' });
      expectShownLiterally(replies);
      expect(await stateOf(e)).toEqual(before);
      await e.say(PATTI, 'cancel');
    },
  );
});

describe('decisions: a reason or comment no one may store', () => {
  const refused = HOSTILE.filter(([label]) =>
    ['a control character', 'a bidi override', '10,000 characters', 'an empty string', 'only whitespace'].includes(
      label,
    ),
  ).map(([label, hostile]) => ({ label, hostile }));
  it.each(refused)('reject with $label: refused in words, the request still pending', async ({ hostile }) => {
    const res = await e.click(MEGAN, RequestVerbs.reject, { requestId: pendingId, version: 1, reason: hostile });
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).toMatch(/reason|character|long/i);
    expect((await e.app.db.requests.get(pendingId))?.status).toBe('pending');
  });
  it.each(refused.filter((r) => r.label !== 'an empty string' && r.label !== 'only whitespace'))(
    'approve with a comment of $label: refused in words, the request still pending',
    async ({ hostile }) => {
      const res = await e.click(MEGAN, RequestVerbs.approve, { requestId: pendingId, version: 1, comment: hostile });
      expect(res.status).toBeLessThan(500);
      expect((await e.app.db.requests.get(pendingId))?.status).toBe('pending');
    },
  );
});

describe('gdap review: hostile hand-off text', () => {
  it.each(HOSTILE.map(([label, hostile]) => ({ label, hostile })))(
    '$label: answered, shown literally, nothing stored',
    async ({ hostile }) => {
      const before = await stateOf(e);
      const replies = await e.say(MEGAN, `gdap review ${hostile}`);
      expectShownLiterally(replies);
      expect(await stateOf(e)).toEqual(before);
      await e.say(MEGAN, 'cancel');
    },
  );
});
