import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../src/bot/commands';
import { MainDialog } from '../../src/bot/dialogs/main-dialog';
import { GdapReviewDialog, gdapReviewCommands } from '../../src/bot/gdap/gdap-review';
import { GDAP_REVIEW_ROLES_VERB, UNLISTED_ROLE_CHOICE } from '../../src/cards/gdap/render-gdap-review';
import { DEFAULT_KNOWLEDGE, findRole } from '../../src/services/advisor/knowledge';
import { approvalLink } from '../../src/services/gdap/gdap-client';
import { formatHandoff, type HandoffDetails } from '../../src/services/gdap/handoff';
import { openDatabase } from '../../src/services/storage/open-database';
import type { Database } from '../../src/services/storage/types';
import { PersonalConversationState } from '../../src/bot/personal-state';
import { cardOf, cardText } from '../support/bot-harness';
import { CardClicks } from '../support/card-clicks';

const HOME = '36c7329c-b523-4e04-9e39-10d06f8ebeb2';
const ADMIN = { aadObjectId: 'b6f3b4a2-3d1e-4f7a-9c1d-2e5f6a7b8c9d', name: 'Alex Admin' };
const REL = '5e5594d3-6f82-458b-b567-77db4811f0cd-0b6e3e56-1a2c-4cbe-9d4c-2f1e5a6b7c8d';
const id = (key: Parameters<typeof findRole>[0]) => findRole(key).roleDefinitionId;
const GOOD: HandoffDetails = {
  relationshipId: REL,
  partnerName: 'Fabrikam MSSP',
  partnerTenantId: '06ada22e-cdb9-47a5-929d-963ebb2cda7c',
  customerTenantId: HOME,
  roleIds: [id('security-reader'), id('security-operator')],
  durationDays: 90,
  autoExtend: false,
};

let dir: string;
let db: Database;
let adapter: TestAdapter;
let say: (input: string | Partial<Activity>) => Promise<Partial<Activity>[]>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cpa-gdap-review-'));
  db = await openDatabase(`sqlite:${path.join(dir, 'bot.db')}`);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

// A fresh conversation per test: the real MainDialog routing, with only this command and its dialog.
beforeEach(() => {
  const deps = { audit: db.audit, knowledge: DEFAULT_KNOWLEDGE, maxDurationDays: 180 };
  const state = new PersonalConversationState(new MemoryStorage());
  const clicks = new CardClicks();
  const main = new MainDialog(state.createProperty('dialogState'), new CommandRouter(gdapReviewCommands(deps)), [
    new GdapReviewDialog(deps),
  ]);
  adapter = new TestAdapter();
  say = async (input) => {
    const activity: Partial<Activity> = {
      type: 'message',
      channelId: 'msteams',
      from: { id: `29:${ADMIN.aadObjectId}`, name: ADMIN.name, aadObjectId: ADMIN.aadObjectId },
      conversation: { id: 'a:personal', conversationType: 'personal', tenantId: HOME, isGroup: false, name: '' },
      channelData: { tenant: { id: HOME } },
      ...(typeof input === 'string' ? { text: input } : input),
    };
    activity.value = clicks.complete('a:personal', activity.value);
    adapter.activeQueue.splice(0);
    await adapter.processActivity(activity, async (context) => {
      await main.run(context, { text: context.activity.text ?? '', fromButton: false });
      await state.saveChanges(context, false);
    });
    const replies = adapter.activeQueue.splice(0);
    clicks.remember('a:personal', replies);
    return replies;
  };
});

const reviewOf = async (text: string) => {
  const replies = await say(text);
  expect(replies).toHaveLength(1);
  const card = cardOf(replies[0]);
  expect(card).toBeDefined();
  return { card: card!, text: cardText(card) };
};
const submit = (value: Record<string, unknown>) => say({ text: undefined, value });

describe('gdap review <hand-off text>', () => {
  it('answers a least-privileged hand-off with an ok verdict, plugins, reminders and the approval button', async () => {
    const { card, text } = await reviewOf(`gdap review ${formatHandoff(GOOD)}`);
    expect(text).toContain('Least-privileged: nothing stands out');
    expect(text).toContain('Fabrikam MSSP');
    expect(text).toMatch(/Security Operator[\s\S]*managing alerts and incidents/);
    expect(text).toMatch(/Will work[\s\S]*Defender XDR/);
    expect(text).toMatch(/Will not work under GDAP[\s\S]*Sentinel/);
    expect(text).toMatch(/Only a Global Administrator can approve/);
    expect(text).toMatch(/what the partner declared/);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the approval page', url: approvalLink(REL) }]);
    const [entry] = await db.audit.list({ subject: REL, action: 'gdap.reviewed' });
    expect(entry).toMatchObject({
      actorId: ADMIN.aadObjectId,
      actorName: ADMIN.name,
      detail: { source: 'handoff', verdict: 'ok', roleIds: GOOD.roleIds },
    });
  });

  it('reads a hand-off Teams flattened into one line', async () => {
    const { text } = await reviewOf(`gdap review ${formatHandoff(GOOD).split('\n').join(' ')}`);
    expect(text).toContain('Least-privileged: nothing stands out');
  });

  it('refuses a hand-off with Global Administrator', async () => {
    const withGa = { ...GOOD, roleIds: [...GOOD.roleIds, id('global-administrator')] };
    const { text } = await reviewOf(`gdap review ${formatHandoff(withGa)}`);
    expect(text).toContain('Do not approve this as it stands');
    expect(text).toMatch(/Refuse: Global Administrator is included/);
    const entries = await db.audit.list({ subject: REL, action: 'gdap.reviewed' });
    expect(entries.some((e) => e.detail?.verdict === 'refuse')).toBe(true);
  });

  it('cautions on a duration over policy, a role no plugin needs, and another tenant', async () => {
    const long = { ...GOOD, durationDays: 365, customerTenantId: 'aaaaaaaa-b523-4e04-9e39-10d06f8ebeb2' };
    const text = formatHandoff(long).replace('Roles: ', 'Roles: User Administrator; ');
    const { text: card } = await reviewOf(`gdap review ${text}`);
    expect(card).toContain('Check these points before you approve');
    expect(card).toMatch(/Caution: The relationship lasts 365 days; your policy allows at most 180/);
    expect(card).toMatch(/Caution: User Administrator: no Security Copilot plugin needs this role/);
    expect(card).toMatch(/names customer tenant aaaaaaaa-.*not your tenant/);
  });

  it('refuses to read a hand-off that repeats a label', async () => {
    const twice = formatHandoff(GOOD).replace('Roles: ', 'Roles: Security Reader\nRoles: Global Administrator; ');
    const [reply] = await say(`gdap review ${twice}`);
    expect(reply.text).toMatch(/I could not read that hand-off/);
    expect(reply.text).toMatch(/more than one "Roles" line/);
    const onOneLine = formatHandoff(GOOD).replace('Duration: ', 'Duration: 30 days Duration: ');
    expect((await say(`gdap review ${onOneLine}`))[0].text).toMatch(/more than one "Duration" line/);
  });

  it.each([
    ['a dangerous role given by name', 'Privileged Role Administrator'],
    ['a Cyrillic look-alike letter', 'Security Re\u0430der'],
    ['a zero-width character', 'Security\u200b Reader'],
    ['a non-ASCII letter', 'S\u00e9curity Reader'],
  ])('refuses a hand-off whose roles hold %s', async (_label, role) => {
    const text = formatHandoff(GOOD).replace('Roles: ', `Roles: ${role}; `);
    const { text: card } = await reviewOf(`gdap review ${text}`);
    expect(card).toContain('Do not approve this as it stands');
  });

  it('explains what is wrong with a damaged hand-off and audits only the attempt', async () => {
    const broken = formatHandoff(GOOD).replace(REL, '5e5594d3-6f82-458b-b567');
    const [reply] = await say(`gdap review ${broken}`);
    expect(reply.text).toMatch(/I could not read that hand-off/);
    expect(reply.text).toMatch(/Relationship id "5e5594d3-6f82-458b-b567" is not a valid id/);
    const refused = await db.audit.list({ action: 'gdap.review.refused' });
    expect(refused.at(-1)).toMatchObject({ subject: ADMIN.aadObjectId, detail: { reason: 'handoff' } });
  });
});

describe('gdap review <approval link>', () => {
  const link = approvalLink(REL);
  const ticked = (roles: string, extra: Record<string, unknown> = {}) =>
    submit({ verb: GDAP_REVIEW_ROLES_VERB, relationshipId: REL, roles, autoExtend: 'false', ...extra });

  it('asks for the roles the approval page lists, then answers with the review card', async () => {
    const [picker] = await say(`gdap review ${link}`);
    expect(cardText(cardOf(picker))).toContain('Which roles does the approval page list?');
    const { card, text } = await (async () => {
      const replies = await ticked(`${id('security-reader')},${id('global-reader')}`, { durationDays: '90' });
      return { card: cardOf(replies[0])!, text: cardText(cardOf(replies[0])) };
    })();
    expect(text).toMatch(/roles you ticked/);
    expect(text).toContain('Least-privileged: nothing stands out');
    expect(text).toContain('Global Reader');
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the approval page', url: link }]);
    const entries = await db.audit.list({ subject: REL, action: 'gdap.reviewed' });
    expect(entries.at(-1)).toMatchObject({ detail: { source: 'ticked', verdict: 'ok', durationDays: 90 } });
    // The dialog has ended: pressing Review again is a card from a finished conversation.
    expect((await ticked(id('security-reader')))[0].text).toMatch(/belongs to a conversation that has ended/);
  });

  it('takes a markdown link and a bare relationship id too, and flags an unlisted role', async () => {
    expect(cardText(cardOf((await say(`gdap review [approve](${link})`))[0]))).toContain('Which roles');
    expect(cardText(cardOf((await say(`gdap review ${REL}`))[0]))).toContain('Which roles');
    const replies = await ticked(`${id('security-reader')},${UNLISTED_ROLE_CHOICE}`, { autoExtend: 'true' });
    const text = cardText(cardOf(replies[0]));
    expect(text).toContain('Check these points before you approve');
    expect(text).toMatch(/A role this bot does not know is listed/);
    expect(text).toMatch(/Auto-extend is on/);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no roles', { roles: '' }, /Tick at least one role/],
    ['a role the card never offered', { roles: 'e8611ab8-c189-46e8-94e1-60213ab1f814' }, /does not offer/],
    [
      'a bad duration',
      { roles: id('security-reader'), durationDays: '900' },
      /not a whole number of days from 1 to 730/,
    ],
    [
      'another relationship',
      { roles: id('security-reader'), relationshipId: GOOD.partnerTenantId },
      /another relationship/,
    ],
    ['typed text', { verb: undefined, roles: undefined }, /Tick the roles the approval page lists/],
  ])('keeps waiting, with a clear message, on %s', async (_name, value, message) => {
    await say(`gdap review ${link}`);
    const [reply] = await ticked(id('security-reader'), value);
    expect(reply.text).toMatch(message);
    expect(cardText(cardOf((await ticked(id('security-reader')))[0]))).toContain('GDAP relationship review');
  });
});

describe('gdap review: bad input', () => {
  it.each<[string, string, RegExp]>([
    ['nothing', 'gdap review', /paste|followed by what the partner sent you/],
    ['a malformed link', 'gdap review https://admin.microsoft.com:99999/x', /That link is malformed/],
    [
      'a look-alike host',
      `gdap review https://admin.micros0ft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/${REL}`,
      /goes to admin\.micros0ft\.com, not admin\.microsoft\.com.*do not open this link/,
    ],
    [
      'an admin center page that is not the approval page',
      'gdap review https://admin.microsoft.com/AdminPortal/Home#/users',
      /not a GDAP approval page/,
    ],
    [
      'a link with a bad GUID',
      'gdap review https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/1234-abcd',
      /"1234-abcd" is not a GDAP relationship id/,
    ],
    ['a bad bare GUID', 'gdap review 5e5594d3-6f82-458b-b567-77db4811f0c', /is not a GDAP relationship id/],
    ['plain words', 'gdap review please check my partner', /neither a hand-off nor an approval link/],
  ])('answers %s with a clear message and no review', async (_name, text, message) => {
    const before = (await db.audit.list({ action: 'gdap.reviewed' })).length;
    const replies = await say(text);
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toMatch(message);
    expect(cardOf(replies[0])).toBeUndefined();
    expect((await db.audit.list({ action: 'gdap.reviewed' })).length).toBe(before);
  });
});
