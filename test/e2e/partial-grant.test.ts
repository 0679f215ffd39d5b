import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LifecycleVerbs } from '../../src/cards/lifecycle/render-lifecycle';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { cardText } from '../support/bot-harness';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { ALEX, MEGAN, PARTNER_TENANT, seed } from '../support/seed';

const PATTI = { aadObjectId: seed.partnerPeople[0].id, name: 'Patti Fernandez', tenantId: PARTNER_TENANT };
// The first person is already a guest (no invitation); the second is new, and the tenant refuses their invitation.
const FIRST = 'lynner@fabrikam-mssp.example';
const SECOND = 'omar.refused@fabrikam-mssp.example';
let e: E2e;

beforeAll(async () => {
  e = await startE2e();
  for (const who of [ALEX, MEGAN]) await e.say(who, 'help');
  await e.graph
    .api('/invitations')
    .post({ invitedUserEmailAddress: FIRST, inviteRedirectUrl: 'https://securitycopilot.microsoft.com' });
});
afterAll(async () => {
  await e.close();
});

const rolesOf = async (mail: string) => {
  const users = (await e.graph.api('/users').filter(`mail eq '${mail}'`).select('id').get()) as {
    value: Array<{ id: string }>;
  };
  const filter = `principalId eq '${users.value[0].id}'`;
  const page = (await e.graph.api('/roleManagement/directory/roleAssignments').filter(filter).get()) as {
    value: unknown[];
  };
  return page.value;
};

describe('a request whose second person fails for good', () => {
  it('leaves the first person on record with an end, so `revoke <email>` finds and ends that access', async () => {
    await e.say(PATTI, 'request access');
    await e.say(PATTI, '', {
      verb: RequestVerbs.formReview,
      people: `${FIRST}, Lynne, Robbins\n${SECOND}, Omar, Refused`,
      role: 'security-reader',
      duration: '10',
      justification: 'Covering the on-call rota in December',
    });
    await e.say(PATTI, '', { verb: RequestVerbs.formSubmit });
    const [request] = await e.app.db.requests.listByRequester(PATTI.aadObjectId);
    await fetch(`${e.app.localTenantUrl}/_local/faults/next`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 403, path: '/invitations', method: 'POST', count: 5 }),
    });
    await e.click(MEGAN, RequestVerbs.approve, { requestId: request.id, version: 1 });
    await e.app.background.drain();

    const failed = await e.app.db.requests.get(request.id);
    expect(failed).toMatchObject({ status: 'failed', failure: { step: 'find-or-invite' } });
    expect(await rolesOf(FIRST)).toHaveLength(1);
    const [grant] = await e.app.db.grants.listByEmail(FIRST);
    expect(grant).toMatchObject({ requestId: request.id, status: 'active', expiresAt: failed?.expiresAt });
    const expiry = await e.app.db.jobs.list({ kind: 'grant.expire', status: 'pending' });
    expect(expiry.filter((j) => j.payload.grantId === grant.id)).toHaveLength(1);
    expect(await e.app.db.grants.listByEmail(SECOND)).toEqual([]);

    const [card] = await e.say(ALEX, `revoke ${FIRST}`);
    const actions = (cardIn(card)?.actions ?? []) as Array<{ data?: { grantId?: string } }>;
    expect(actions.map((a) => a.data?.grantId)).toContain(grant.id);
    const done = await e.click(ALEX, LifecycleVerbs.revoke, { grantId: grant.id, reason: 'The request failed' });
    expect(cardText(done.body!.value)).toMatch(/Revoking now/);
    await e.app.background.drain();
    expect(await e.app.db.grants.get(grant.id)).toMatchObject({ status: 'revoked' });
    expect(await rolesOf(FIRST)).toEqual([]);
  });
});
