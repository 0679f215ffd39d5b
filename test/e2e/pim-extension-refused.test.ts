import { afterAll, beforeAll, expect, it } from 'vitest';
import { LifecycleVerbs } from '../../src/cards/lifecycle/render-lifecycle';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { cardText } from '../support/bot-harness';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { MEGAN, PARTNER_TENANT, seed } from '../support/seed';

const PATTI = { aadObjectId: seed.partnerPeople[0].id, name: 'Patti Fernandez', tenantId: PARTNER_TENANT };
const LYNNE = { aadObjectId: seed.partnerPeople[1].id, name: 'Lynne Robbins', tenantId: PARTNER_TENANT };
const LYNNE_MAIL = 'lynner@fabrikam-mssp.example';
const SCHEDULES = '/roleManagement/directory/roleAssignmentSchedules';

let e: E2e;
const now = new Date('2026-12-01T09:00:00.000Z');

beforeAll(async () => {
  e = await startE2e({ PIM_ENABLED: 'true' }, () => now);
  e.connector.members.set(`29:${LYNNE.aadObjectId}`, {
    id: `29:${LYNNE.aadObjectId}`,
    name: LYNNE.name,
    aadObjectId: LYNNE.aadObjectId,
    email: LYNNE_MAIL,
    userPrincipalName: LYNNE_MAIL,
  });
  for (const who of [MEGAN, LYNNE, PATTI]) await e.say(who, 'help');
  await e.app.background.drain();
});
afterAll(async () => e.close());

it('a PIM extension refused by policy keeps the old schedule and end, and the refusal reaches the chat', async () => {
  await e.say(PATTI, 'request access');
  await e.say(PATTI, '', {
    verb: RequestVerbs.formReview,
    people: `${LYNNE_MAIL}, Lynne, Partner`,
    role: 'security-reader',
    duration: '10',
    justification: 'Quarterly threat hunting for the customer',
  });
  await e.say(PATTI, '', { verb: RequestVerbs.formSubmit });
  const [request] = await e.app.db.requests.listByRequester(PATTI.aadObjectId);
  await e.click(MEGAN, RequestVerbs.approve, { requestId: request.id, version: 1 });
  await e.app.background.drain();
  const [grant] = await e.app.db.grants.listByEmail(LYNNE_MAIL);
  expect(grant).toMatchObject({ status: 'active', pim: true });
  const schedulesBefore: unknown = await e.graph.api(SCHEDULES).filter(`principalId eq '${grant.userId}'`).get();

  // The customer's PIM settings allow at most 14 days; the extension asks for 10 + 14.
  const res = await fetch(`${e.app.graphBaseUrl.replace(/\/v1\.0$/, '')}/_local/modes`, {
    method: 'PUT',
    body: JSON.stringify({ pimPolicy: { enabled: true, maxDurationDays: 14 } }),
  });
  expect(res.status).toBe(200);
  await e.click(LYNNE, LifecycleVerbs.extend, { grantId: grant.id, days: '14', justification: 'Engagement extended' });
  const extension = (await e.app.db.requests.listByRequester(LYNNE.aadObjectId))[0];
  await e.click(MEGAN, RequestVerbs.approve, { requestId: extension.id, version: 1 });
  await e.app.background.drain();

  const refusal =
    /Privileged Identity Management refused the new end for lynner@fabrikam-mssp\.example: .*ExpirationRule.*The access still ends at its old date\./;
  const failed = await e.app.db.requests.get(extension.id);
  expect([failed?.status, failed?.failure?.step]).toEqual(['failed', 'extend']);
  expect(failed?.failure?.message).toMatch(refusal);
  const seen = [...e.sentTo(LYNNE), ...e.sentTo(MEGAN), ...e.updates().map((c) => c.body)]
    .map((a) => `${typeof a.text === 'string' ? a.text : ''}\n${cardText(cardIn(a))}`)
    .join('\n');
  expect(seen).toMatch(refusal);
  const schedulesAfter: unknown = await e.graph.api(SCHEDULES).filter(`principalId eq '${grant.userId}'`).get();
  expect(schedulesAfter).toEqual(schedulesBefore);
  expect(await e.app.db.grants.get(grant.id)).toMatchObject({ status: 'active', expiresAt: grant.expiresAt });
});
