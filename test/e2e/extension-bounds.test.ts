import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LifecycleVerbs } from '../../src/cards/lifecycle/render-lifecycle';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import type { Person } from '../support/activities';
import { cardText } from '../support/bot-harness';
import { startE2e, type E2e } from '../support/e2e';
import { ALEX, MEGAN, PARTNER_TENANT, seed } from '../support/seed';

const PATTI = { aadObjectId: seed.partnerPeople[0].id, name: 'Patti Fernandez', tenantId: PARTNER_TENANT };
const LYNNE = { aadObjectId: seed.partnerPeople[1].id, name: 'Lynne Robbins', tenantId: PARTNER_TENANT };
const LYNNE_MAIL = 'lynner@fabrikam-mssp.example';
const KAI_MAIL = 'kai.partner@fabrikam-mssp.example';
const NIA_MAIL = 'nia.bounds@fabrikam-mssp.example';
const DAY = 86_400_000;
const START = new Date('2026-12-01T09:00:00.000Z');

let e: E2e;

beforeAll(async () => {
  e = await startE2e({ REQUEST_MAX_DAYS: '60' }, () => START);
  for (const [who, mail] of [
    [PATTI, 'pattif@fabrikam-mssp.example'],
    [LYNNE, LYNNE_MAIL],
  ] as const) {
    e.connector.members.set(`29:${who.aadObjectId}`, {
      id: `29:${who.aadObjectId}`,
      name: who.name,
      aadObjectId: who.aadObjectId,
      email: mail,
      userPrincipalName: mail,
    });
  }
  for (const who of [ALEX, MEGAN, LYNNE, PATTI]) await e.say(who, 'help');
  await e.app.background.drain();
});
afterAll(async () => {
  await e.close();
});

/** `requester` asks for 30 days for `people`, `approver` approves, and provisioning finishes. */
async function granted(requester: Person, approver: Person, people: string[]): Promise<string> {
  await e.say(requester, 'request access');
  await e.say(requester, '', {
    verb: RequestVerbs.formReview,
    people: people.map((m, i) => `${m}, Person${i + 1}, Partner`).join('\n'),
    role: 'security-reader',
    duration: '30',
    justification: 'Quarterly threat hunting for the customer',
  });
  await e.say(requester, '', { verb: RequestVerbs.formSubmit });
  const [request] = (await e.app.db.requests.listByRequester(requester.aadObjectId)).filter(
    (r) => r.kind === 'request' && r.status === 'pending',
  );
  await e.click(approver, RequestVerbs.approve, { requestId: request.id, version: 1 });
  await e.app.background.drain();
  expect((await e.app.db.requests.get(request.id))?.status).toBe('completed');
  return request.id;
}

/** `who` asks from the reminder card for `days` more days of `email`'s access; returns the extension's id. */
async function askExtension(who: Person, email: string, days: number): Promise<string> {
  const [grant] = await e.app.db.grants.listByEmail(email);
  const asked = await e.click(who, LifecycleVerbs.extend, {
    grantId: grant.id,
    days: String(days),
    justification: 'The engagement runs longer than planned',
  });
  expect(cardText(asked.body!.value)).toMatch(/sent to the approvers|could not reach an approver/);
  const mine = await e.app.db.requests.listByRequester(who.aadObjectId);
  const pending = mine.filter((r) => r.kind === 'extension' && r.status === 'pending');
  expect(pending).toHaveLength(1);
  return pending[0].id;
}

const endOf = async (email: string) => (await e.app.db.grants.listByEmail(email))[0].expiresAt;
const approve = (who: Person, requestId: string) => e.click(who, RequestVerbs.approve, { requestId, version: 1 });

describe('extensions are personal', () => {
  let id: string;
  let kaiEnd: string | undefined;

  it('counts the one who arranged the access as "self": they may not approve its extension', async () => {
    await granted(MEGAN, ALEX, [LYNNE_MAIL, KAI_MAIL]);
    kaiEnd = await endOf(KAI_MAIL);
    id = await askExtension(LYNNE, LYNNE_MAIL, 10);
    const self = await approve(MEGAN, id);
    expect(cardText(self.body!.value)).toContain(
      'You arranged the access this extension would lengthen, so another approver has to decide on it.',
    );
    expect((await e.app.db.requests.get(id))?.status).toBe('pending');
    expect((await e.app.db.audit.list({ subject: id, action: 'decision.refused' }))[0]).toMatchObject({
      actorId: MEGAN.aadObjectId,
      detail: { reason: 'self-approval (arranged the access)' },
    });
  });

  it('moves only the access of the person it was asked for, not everyone on the original request', async () => {
    expect((await e.app.db.requests.get(id))?.people.map((p) => p.email)).toEqual([LYNNE_MAIL]);
    await approve(ALEX, id);
    await e.app.background.drain();
    expect((await e.app.db.requests.get(id))?.status).toBe('completed');
    expect(await endOf(LYNNE_MAIL)).toBe(new Date(START.getTime() + 40 * DAY).toISOString());
    expect(await endOf(KAI_MAIL)).toBe(kaiEnd);
  });
});

describe('extensions are bounded', () => {
  it('lets chained extensions pass REQUEST_MAX_DAYS from the original start only with an admin approving', async () => {
    await granted(PATTI, MEGAN, [NIA_MAIL]);
    const first = await askExtension(PATTI, NIA_MAIL, 20);
    await approve(MEGAN, first);
    await e.app.background.drain();
    expect(await endOf(NIA_MAIL)).toBe(new Date(START.getTime() + 50 * DAY).toISOString());

    const second = await askExtension(PATTI, NIA_MAIL, 20);
    const refused = await approve(MEGAN, second);
    expect(cardText(refused.body!.value)).toContain(
      `This extension would keep ${NIA_MAIL}'s access until 2027-02-09 09:00 UTC, more than 60 days after it began on 2026-12-01 09:00 UTC. Only an admin can approve that.`,
    );
    expect((await e.app.db.requests.get(second))?.status).toBe('pending');
    expect(await endOf(NIA_MAIL)).toBe(new Date(START.getTime() + 50 * DAY).toISOString());

    await approve(ALEX, second);
    await e.app.background.drain();
    expect((await e.app.db.requests.get(second))?.status).toBe('completed');
    expect(await endOf(NIA_MAIL)).toBe(new Date(START.getTime() + 70 * DAY).toISOString());
  });
});
