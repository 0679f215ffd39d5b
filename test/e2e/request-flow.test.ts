import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { cardText } from '../support/bot-harness';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { ALEX, MEGAN, PARTNER_TENANT, seed } from '../support/seed';

const LYNNE = { aadObjectId: seed.partnerPeople[1].id, name: 'Lynne Robbins', tenantId: PARTNER_TENANT };
const PATTI = { aadObjectId: seed.partnerPeople[0].id, name: 'Patti Fernandez', tenantId: PARTNER_TENANT };
const SECURITY_READER = '5d6b6bb7-de71-4623-b4af-96380a352509';

let e: E2e;
beforeAll(async () => {
  e = await startE2e();
  // Lynne has the bot in Teams; the connector knows her email, as Teams would tell the bot.
  e.connector.members.set(`29:${LYNNE.aadObjectId}`, {
    id: `29:${LYNNE.aadObjectId}`,
    name: LYNNE.name,
    aadObjectId: LYNNE.aadObjectId,
    email: 'lynner@fabrikam-mssp.example',
    userPrincipalName: 'lynner@fabrikam-mssp.example',
  });
  for (const who of [ALEX, MEGAN, LYNNE]) await e.say(who, 'help');
});
afterAll(async () => {
  await e.close();
});

interface GraphUser {
  id: string;
  mail: string;
  givenName: string;
  surname: string;
  displayName: string;
  userType: string;
}
const usersWithMail = async (mail: string) =>
  (
    (await e.graph
      .api('/users')
      .filter(`mail eq '${mail}'`)
      .select('id,mail,givenName,surname,displayName,userType')
      .get()) as { value: GraphUser[] }
  ).value;
const roleAssignmentsOf = async (principalId: string) =>
  (
    (await e.graph
      .api('/roleManagement/directory/roleAssignments')
      .filter(`principalId eq '${principalId}'`)
      .get()) as { value: Array<{ roleDefinitionId: string }> }
  ).value;

async function submitRequest(who: typeof PATTI, people: string, extra: Record<string, string> = {}) {
  const form = await e.say(who, 'request access');
  expect(cardText(cardIn(form[0]))).toContain('Request access to Security Copilot');
  const review = await e.say(who, '', {
    verb: RequestVerbs.formReview,
    people,
    role: 'security-reader',
    duration: '30',
    justification: 'Quarterly threat hunting for Contoso under contract SOC-7',
    ...extra,
  });
  expect(cardText(cardIn(review[0]))).toContain('Review');
  return e.say(who, '', { verb: RequestVerbs.formSubmit });
}

const approverCardOf = (who: typeof ALEX, requestId: string) =>
  e
    .sentTo(who)
    .find(
      (a) => JSON.stringify(cardIn(a) ?? {}).includes(requestId) && JSON.stringify(a).includes(RequestVerbs.approve),
    );

describe('request → approve → provision → deliver, over real HTTP', () => {
  let requestId: string;

  it('sends the request to every approver and gives the requester a copy', async () => {
    const replies = await submitRequest(
      PATTI,
      'lynner@fabrikam-mssp.example, Lynne, Robbins\nnew.analyst@fabrikam-mssp.example, Nia, Analyst, Nia A. (Fabrikam)',
    );
    const requesterCopy = cardIn(replies[0])!;
    expect(cardText(requesterCopy)).toContain('Waiting for an approver');
    expect(JSON.stringify(requesterCopy)).toContain(RequestVerbs.withdraw);
    expect(replies.at(-1)?.text).toMatch(/Sent to the approvers \(2 places\)/);
    const [pending] = await e.app.db.requests.listByRequester(PATTI.aadObjectId);
    requestId = pending.id;
    expect(pending).toMatchObject({ status: 'pending', version: 1, role: 'security-reader', durationDays: 30 });
    for (const approver of [ALEX, MEGAN]) {
      const card = cardIn(approverCardOf(approver, requestId))!;
      const actions = card.actions as Array<{ verb: string; data: Record<string, unknown> }>;
      expect(actions.map((a) => a.verb)).toEqual([RequestVerbs.approve, RequestVerbs.reject]);
      expect(actions[0].data).toEqual({ requestId, version: 1 });
      expect((card.refresh as { userIds: string[] }).userIds).toEqual(
        expect.arrayContaining([`29:${ALEX.aadObjectId}`, `29:${MEGAN.aadObjectId}`]),
      );
    }
  });

  it('lets the first approver decide, answering the click at once, and provisions in the background', async () => {
    const res = await e.click(MEGAN, RequestVerbs.approve, { requestId, version: 1, comment: 'Per contract SOC-7' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(res.body!.value)).toMatch(/Approved by Megan Bowen on .*Setting up access/);
    await e.app.background.drain();

    const request = await e.app.db.requests.get(requestId);
    expect(request).toMatchObject({
      status: 'completed',
      progress: { done: 2, total: 2 },
      decision: { outcome: 'approved', by: { name: 'Megan Bowen' } },
    });
    for (const [mail, given, display] of [
      ['lynner@fabrikam-mssp.example', 'Lynne', 'Lynne Robbins (Partner)'],
      ['new.analyst@fabrikam-mssp.example', 'Nia', 'Nia A. (Fabrikam)'],
    ]) {
      const users = await usersWithMail(mail);
      expect(users).toHaveLength(1);
      expect(users[0]).toMatchObject({ userType: 'Guest', givenName: given, displayName: display });
      expect((await roleAssignmentsOf(users[0].id)).map((r) => r.roleDefinitionId)).toEqual([SECURITY_READER]);
    }
  });

  it('tells the requester, delivers the link to the requester and to the partner person in Teams, and updates every card copy', async () => {
    const toPatti = e
      .sentTo(PATTI)
      .map((a) => `${typeof a.text === 'string' ? a.text : ''}\n${cardText(cardIn(a))}`)
      .join('\n');
    expect(toPatti).toMatch(/Megan Bowen approved your request/);
    expect(toPatti).toContain('Access is ready: 2 people');
    expect(toPatti).toContain(`https://securitycopilot.microsoft.com/?tenantId=${seed.tenant.id}`);
    const toLynne = e
      .sentTo(LYNNE)
      .map((a) => cardText(cardIn(a)))
      .join('\n');
    expect(toLynne).toContain('You have access to Security Copilot at Contoso (simulated)');
    const finalUpdates = e.updates().filter((u) => cardText(cardIn(u.body)).includes('Access granted until'));
    expect(finalUpdates.length).toBeGreaterThanOrEqual(3);
  });

  it('shows a later click who decided, and changes nothing', async () => {
    const res = await e.click(ALEX, RequestVerbs.approve, { requestId, version: 1 });
    expect(cardText(res.body!.value)).toMatch(/Approved by Megan Bowen on/);
    expect(await usersWithMail('lynner@fabrikam-mssp.example')).toHaveLength(1);
    expect((await e.app.db.requests.get(requestId))?.decision?.by.name).toBe('Megan Bowen');
  });

  it('audits every transition, with Graph request ids for each provisioning step', async () => {
    const entries = await e.app.db.audit.list({ subject: requestId });
    const actions = entries.map((a) => a.action);
    expect(actions[0]).toBe('request.created');
    expect(actions).toContain('request.approved');
    expect(actions.at(-1)).toBe('provisioning.completed');
    const steps = entries.filter((a) => a.action === 'provisioning.step');
    expect(steps.length).toBeGreaterThanOrEqual(6);
    expect(steps.every((s) => typeof s.detail?.graphRequestId === 'string')).toBe(true);
  });
});
