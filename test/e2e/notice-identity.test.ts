import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LifecycleVerbs } from '../../src/cards/lifecycle/render-lifecycle';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import type { Person } from '../support/activities';
import { cardText } from '../support/bot-harness';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { MEGAN, PARTNER_TENANT, STRANGER, seed } from '../support/seed';

/**
 * Notices reach the right person only: Teams reports each person's email as their OWN directory says it, so an
 * address is believed only from a chat whose organisation owns the address's domain, and nothing at all is kept
 * from an organisation the bot refuses.
 */
const NORTHWIND_TENANT = seed.knownTenants[1].tenantId;
const PATTI = { aadObjectId: seed.partnerPeople[0].id, name: 'Patti Fernandez', tenantId: PARTNER_TENANT };
const LYNNE = { aadObjectId: seed.partnerPeople[1].id, name: 'Lynne Robbins', tenantId: PARTNER_TENANT };
const OMAR = { aadObjectId: 'c0b6c8f4-6f7e-4a43-9d55-4c4b7e1f0a01', name: 'Omar Fabrikam', tenantId: PARTNER_TENANT };
// Mallory works at Northwind (an allowed partner), whose directory claims Lynne's address for her.
const MALLORY = { aadObjectId: '5b1f8a47-2e0c-4d7a-8f3e-9a6b2c1d0e02', name: 'Mallory', tenantId: NORTHWIND_TENANT };
const LYNNE_MAIL = 'lynner@fabrikam-mssp.example';
const OMAR_MAIL = 'omar@fabrikam-mssp.example';
const DAY = 86_400_000;

let now = new Date('2026-12-01T09:00:00.000Z');
const advance = (ms: number) => (now = new Date(now.getTime() + ms));
let e: E2e;
const quiet = new Map<string, number>();

const knowsEmail = (who: Person, mail: string) =>
  e.connector.members.set(`29:${who.aadObjectId}`, {
    id: `29:${who.aadObjectId}`,
    name: who.name,
    aadObjectId: who.aadObjectId,
    email: mail,
    userPrincipalName: mail,
  });

beforeAll(async () => {
  e = await startE2e({}, () => now);
  knowsEmail(PATTI, 'pattif@fabrikam-mssp.example');
  knowsEmail(LYNNE, LYNNE_MAIL);
  knowsEmail(OMAR, OMAR_MAIL);
  knowsEmail(MALLORY, LYNNE_MAIL);
  knowsEmail(STRANGER, OMAR_MAIL);
  // The impostors speak last, so theirs would be the newest chat carrying each address.
  for (const who of [MEGAN, PATTI, LYNNE, OMAR, MALLORY, STRANGER]) {
    advance(60_000);
    await e.say(who, 'help');
  }
  await e.app.background.drain();
  for (const who of [MALLORY, STRANGER]) quiet.set(who.aadObjectId, e.sentTo(who).length);
});
afterAll(async () => {
  await e.close();
});

async function grantAccess(people: string): Promise<string> {
  await e.say(PATTI, 'request access');
  await e.say(PATTI, '', {
    verb: RequestVerbs.formReview,
    people,
    role: 'security-reader',
    duration: '10',
    justification: 'Quarterly threat hunting for the customer',
  });
  await e.say(PATTI, '', { verb: RequestVerbs.formSubmit });
  const [request] = await e.app.db.requests.listByRequester(PATTI.aadObjectId);
  await e.click(MEGAN, RequestVerbs.approve, { requestId: request.id, version: 1 });
  await e.app.background.drain();
  expect((await e.app.db.requests.get(request.id))?.status).toBe('completed');
  return request.id;
}

const unprompted = (who: Person) => e.sentTo(who).slice(quiet.get(who.aadObjectId));
const textOf = (activities: Array<Record<string, unknown>>) =>
  activities.map((a) => [typeof a.text === 'string' ? a.text : '', cardText(cardIn(a))].join('\n')).join('\n');

describe('notices reach the right person only', () => {
  it('keeps no chat from a refused organisation', async () => {
    expect(await e.app.db.conversations.get(`user:${STRANGER.aadObjectId}`)).toBeUndefined();
    expect(e.sentTo(STRANGER).at(-1)?.text).toMatch(/your organisation is not on that list/);
  });

  it('delivers the link to the partner people, not to someone whose own directory claims their address', async () => {
    await grantAccess(`${LYNNE_MAIL}, Lynne, Robbins\n${OMAR_MAIL}, Omar, Fabrikam`);
    expect(cardText(cardIn(e.sentTo(LYNNE).at(-1)))).toMatch(/securitycopilot\.microsoft\.com\/\?tenantId=/);
    expect(cardText(cardIn(e.sentTo(OMAR).at(-1)))).toMatch(/securitycopilot\.microsoft\.com\/\?tenantId=/);
    expect(unprompted(MALLORY)).toEqual([]);
    expect(unprompted(STRANGER)).toEqual([]);
  });

  it('shows `my access` to the holder only', async () => {
    const [lynnes] = await e.say(LYNNE, 'my access');
    expect(cardText(cardIn(lynnes))).toMatch(/Active until/);
    const before = e.sentTo(MALLORY).length;
    const [mallorys] = await e.say(MALLORY, 'my access');
    expect(textOf([mallorys])).not.toMatch(/Active until|lynner@/);
    quiet.set(MALLORY.aadObjectId, before + 1);
  });

  it('sends reminders to the holder only, and only the holder may ask to extend', async () => {
    advance(3 * DAY + 60_000);
    await e.app.scheduler.tick();
    await e.app.background.drain();
    expect(textOf(e.sentTo(LYNNE))).toMatch(/ends in 7 days/);
    expect(textOf(e.sentTo(OMAR))).toMatch(/ends in 7 days/);
    expect(unprompted(MALLORY)).toEqual([]);
    expect(unprompted(STRANGER)).toEqual([]);

    const [grant] = await e.app.db.grants.listByEmail(LYNNE_MAIL);
    const forged = await e.click(MALLORY, LifecycleVerbs.extend, {
      grantId: grant.id,
      days: '30',
      justification: 'Keep it going',
    });
    expect(forged.body!.value).toMatch(/Only the person who has this access/);
    expect(await e.app.db.requests.listByRequester(MALLORY.aadObjectId)).toEqual([]);
    const own = await e.click(LYNNE, LifecycleVerbs.extend, {
      grantId: grant.id,
      days: '14',
      justification: 'The engagement was extended',
    });
    expect(cardText(own.body!.value)).toMatch(/sent to the approvers/);
  });
});
