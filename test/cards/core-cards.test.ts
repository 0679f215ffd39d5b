import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  renderHelpCard,
  renderNoticeCard,
  renderWelcomeCard,
  renderWhoamiCard,
} from '../../src/cards/core/render-core';
import { Verbs } from '../../src/cards/verbs';
import { SimulatedTenantNotice } from '../../src/bot/simulated-notice';
import { cardProblems } from '../support/validate-card';
import { asShown, shownText } from '../support/shown-text';

const CARDS = path.resolve(__dirname, '../../src/cards');
const templates = readdirSync(CARDS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
const HOSTILE = '${$root.secret} <b>x</b> **y** {{z}} \u202Eevil';

describe('card templates', () => {
  it.each(templates)('%s is an Adaptive Card 1.5 with a $schema', (file) => {
    const json = JSON.parse(readFileSync(path.join(CARDS, file), 'utf8')) as Record<string, unknown>;
    expect(json.type).toBe('AdaptiveCard');
    expect(json.version).toBe('1.5');
    expect(json.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
    expect(cardProblems(json)).toEqual([]);
  });

  it('uses only verbs that handlers know', () => {
    const known = new Set<string>(Object.values(Verbs));
    for (const file of templates) {
      const text = readFileSync(path.join(CARDS, file), 'utf8');
      for (const [, verb] of text.matchAll(/"verb"\s*:\s*"([^"$]+)"/g))
        expect(known.has(verb) || verb.startsWith('advise.'), `${file}: ${verb}`).toBe(true);
    }
  });
});

const rendered = {
  help: renderHelpCard({
    commands: [
      { name: 'help', description: 'Show this list.' },
      { name: HOSTILE, description: HOSTILE },
    ],
    buttons: [{ title: 'Whoami', command: 'whoami' }],
  }),
  whoami: renderWhoamiCard({
    name: HOSTILE,
    email: 'a@b.example',
    aadObjectId: '05880bf4-c5eb-4e30-a9eb-59f9190fa859',
    tenantName: HOSTILE,
    tenantId: '06ada22e-cdb9-47a5-929d-963ebb2cda7c',
    inDirectory: 'guest',
    isAdmin: false,
    isApprover: true,
    adminGroupId: 'g1',
    approverGroupId: 'g2',
  }),
  welcome: renderWelcomeCard({ tenantName: HOSTILE }),
  notice: renderNoticeCard({ kind: 'error', title: 'That did not work', text: HOSTILE, reference: 'ABCD1234' }),
  noticeWithoutReference: renderNoticeCard({ kind: 'info', title: 't', text: 'x' }),
};

describe('rendered cards', () => {
  it.each(Object.entries(rendered))('%s validates, and hostile text renders literally', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).not.toMatch(/\$\{(?!\$root\.secret\})/);
    if (_name !== 'noticeWithoutReference') expect(shownText(card)).toContain(asShown(HOSTILE));
  });

  it('drops the reference line when there is none', () => {
    expect(JSON.stringify(rendered.noticeWithoutReference)).not.toContain('Reference');
    expect(JSON.stringify(rendered.notice)).toContain('Reference: ABCD1234');
  });

  it('still validates with the simulated-tenant banner added', () => {
    const activity = {
      type: 'message',
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', content: structuredClone(rendered.whoami) },
      ],
    };
    new SimulatedTenantNotice('Contoso (simulated)').mark(activity);
    new SimulatedTenantNotice('Contoso (simulated)').mark(activity);
    const card = activity.attachments[0].content as unknown as { body: Array<{ id?: string }> };
    expect(card.body.filter((b) => b.id === 'simulated-tenant-banner')).toHaveLength(1);
    expect(cardProblems(card)).toEqual([]);
  });
});
