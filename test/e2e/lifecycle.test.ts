import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LifecycleVerbs } from '../../src/cards/lifecycle/render-lifecycle';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { cardText } from '../support/bot-harness';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { ALEX, MEGAN, PARTNER_TENANT, seed } from '../support/seed';

const PATTI = { aadObjectId: seed.partnerPeople[0].id, name: 'Patti Fernandez', tenantId: PARTNER_TENANT };
const LYNNE = { aadObjectId: seed.partnerPeople[1].id, name: 'Lynne Robbins', tenantId: PARTNER_TENANT };
const LYNNE_MAIL = 'lynner@fabrikam-mssp.example';
const DAY = 86_400_000;

let now = new Date('2026-12-01T09:00:00.000Z');
const advance = (ms: number) => (now = new Date(now.getTime() + ms));
let e: E2e;

beforeAll(async () => {
  e = await startE2e({ OFFBOARDING: 'block' }, () => now);
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

async function grantAccess(email: string, first: string, days: number): Promise<string> {
  await e.say(PATTI, 'request access');
  await e.say(PATTI, '', {
    verb: RequestVerbs.formReview,
    people: `${email}, ${first}, Partner`,
    role: 'security-reader',
    duration: String(days),
    justification: 'Quarterly threat hunting for the customer',
  });
  await e.say(PATTI, '', { verb: RequestVerbs.formSubmit });
  const [request] = await e.app.db.requests.listByRequester(PATTI.aadObjectId);
  await e.click(MEGAN, RequestVerbs.approve, { requestId: request.id, version: 1 });
  await e.app.background.drain();
  expect((await e.app.db.requests.get(request.id))?.status).toBe('completed');
  return request.id;
}

const tick = async () => {
  await e.app.scheduler.tick();
  await e.app.background.drain();
};
const userByMail = async (mail: string) =>
  (
    (await e.graph.api('/users').filter(`mail eq '${mail}'`).select('id,accountEnabled').get()) as {
      value: Array<{ id: string; accountEnabled: boolean }>;
    }
  ).value[0];
const rolesOf = async (id: string) =>
  (
    (await e.graph.api('/roleManagement/directory/roleAssignments').filter(`principalId eq '${id}'`).get()) as {
      value: unknown[];
    }
  ).value;

describe('time-bound access that really ends', () => {
  let grantId: string;

  it('records a grant with its end when access is granted', async () => {
    await grantAccess(LYNNE_MAIL, 'Lynne', 10);
    const [grant] = await e.app.db.grants.listByEmail(LYNNE_MAIL);
    grantId = grant.id;
    expect(grant).toMatchObject({ status: 'active', expiresAt: new Date(now.getTime() + 10 * DAY).toISOString() });
    const [mine] = await e.say(LYNNE, 'my access');
    expect(cardText(cardIn(mine))).toMatch(
      /Active until 11 Dec 2026, 09:00 UTC[\s\S]*securitycopilot\.microsoft\.com\/\?tenantId=/,
    );
  });

  it('reminds the partner person and the requester 7 days before the end, once', async () => {
    advance(2 * DAY);
    await tick();
    expect(e.sentTo(LYNNE).some((a) => cardText(cardIn(a)).includes('ends in'))).toBe(false);
    advance(1 * DAY + 60_000);
    await tick();
    const reminders = e.sentTo(LYNNE).filter((a) => cardText(cardIn(a)).includes('ends in 7 days'));
    expect(reminders).toHaveLength(1);
    expect(e.sentTo(PATTI).some((a) => cardText(cardIn(a)).includes('ends in 7 days'))).toBe(true);
    await tick();
    expect(e.sentTo(LYNNE).filter((a) => cardText(cardIn(a)).includes('ends in 7 days'))).toHaveLength(1);
  });

  it('takes an extension request from the reminder card, approved like a request, and moves the end', async () => {
    const bad = await e.click(LYNNE, LifecycleVerbs.extend, { grantId, days: '500', justification: 'more' });
    expect(cardText(bad.body!.value)).toMatch(/whole number from 1 to 90/);
    const asked = await e.click(LYNNE, LifecycleVerbs.extend, {
      grantId,
      days: '14',
      justification: 'The engagement was extended to January',
    });
    expect(cardText(asked.body!.value)).toMatch(/sent to the approvers/);
    const extension = (await e.app.db.requests.listByRequester(LYNNE.aadObjectId))[0];
    expect(extension).toMatchObject({ kind: 'extension', status: 'pending', durationDays: 14 });
    const approverCard = e.sentTo(MEGAN).find((a) => JSON.stringify(a).includes(extension.id))!;
    expect(cardText(cardIn(approverCard))).toMatch(/Extension request[\s\S]*moves the end of existing access/);
    await e.click(MEGAN, RequestVerbs.approve, { requestId: extension.id, version: 1 });
    await e.app.background.drain();
    const grant = (await e.app.db.grants.get(grantId))!;
    expect(grant.expiresAt).toBe(new Date(Date.parse('2026-12-11T09:00:00.000Z') + 14 * DAY).toISOString());
    expect(
      e
        .sentTo(LYNNE)
        .map((a) => a.text)
        .join('\n'),
    ).toMatch(/extended Security Copilot access .* until 25 Dec 2026, 09:00 UTC/);
  });

  it('does not end access at the old date, and ends it at the new one: role removed, guest blocked, people told', async () => {
    advance(8 * DAY);
    await tick();
    expect((await e.app.db.grants.get(grantId))?.status).toBe('active');
    const user = await userByMail(LYNNE_MAIL);
    expect(await rolesOf(user.id)).toHaveLength(1);

    advance(15 * DAY);
    await tick();
    expect((await e.app.db.grants.get(grantId))?.status).toBe('revoked');
    expect(await rolesOf(user.id)).toHaveLength(0);
    expect((await userByMail(LYNNE_MAIL)).accountEnabled).toBe(false);
    expect(
      e
        .sentTo(LYNNE)
        .map((a) => a.text)
        .join('\n'),
    ).toMatch(/access to Security Copilot at Contoso \(simulated\) has ended \(its agreed end date was reached\)/);
    const [mine] = await e.say(LYNNE, 'my access');
    expect(cardText(cardIn(mine))).toMatch(/no active access here/);
  });

  it('answers a click on an old reminder after the end clearly, and asks nobody to approve anything', async () => {
    const before = await e.app.db.requests.listByRequester(LYNNE.aadObjectId);
    const stale = await e.click(LYNNE, LifecycleVerbs.extend, {
      grantId,
      days: '7',
      justification: 'One more week please',
    });
    expect(cardText(stale.body!.value)).toMatch(/no longer active, so it cannot be extended/);
    expect(await e.app.db.requests.listByRequester(LYNNE.aadObjectId)).toHaveLength(before.length);
    expect((await e.click(LYNNE, LifecycleVerbs.extend, { grantId: 'forged' })).status).toBe(400);
  });
});

describe('manual revoke and drift', () => {
  const NIA = 'nia.partner@fabrikam-mssp.example';

  it('refuses revoke from a non-admin and audits it', async () => {
    await grantAccess(NIA, 'Nia', 30);
    const [reply] = await e.say(MEGAN, `revoke ${NIA}`);
    expect(reply.text).toMatch(/^Only admins can revoke access/);
    const [niaGrant] = await e.app.db.grants.listByEmail(NIA);
    const notHers = await e.click(MEGAN, LifecycleVerbs.extend, {
      grantId: niaGrant.id,
      days: '7',
      justification: 'Trying',
    });
    expect(notHers.body!.value).toMatch(/Only the person who has this access, or who asked for it/);
    expect(
      (await e.app.db.audit.list({ action: 'access.refused' })).some(
        (a) => a.actorId === MEGAN.aadObjectId && a.subject === NIA,
      ),
    ).toBe(true);
  });

  it('reports a role removed behind the bot\u2019s back to the admins, and re-grants nothing', async () => {
    const user = await userByMail(NIA);
    const { value } = (await e.graph
      .api('/roleManagement/directory/roleAssignments')
      .filter(`principalId eq '${user.id}'`)
      .get()) as { value: Array<{ id: string }> };
    await e.graph.api(`/roleManagement/directory/roleAssignments/${value[0].id}`).delete();
    await e.app.runtime.lifecycle.checkDrift();
    await e.app.background.drain();
    expect(
      e
        .sentTo(ALEX)
        .map((a) => a.text)
        .join('\n'),
    ).toMatch(/Drift check[\s\S]*nia\.partner@fabrikam-mssp\.example: the role assignment was removed by someone else/);
    expect(await rolesOf(user.id)).toHaveLength(0);
  });

  it('lets an admin revoke with a required reason; the partner person and requester are told', async () => {
    const [card] = await e.say(ALEX, `revoke ${NIA}`);
    const grantId = (cardIn(card)!.actions as Array<{ data: { grantId: string } }>)[0].data.grantId;
    const noReason = await e.click(ALEX, LifecycleVerbs.revoke, { grantId, reason: ' ' });
    expect(cardText(noReason.body!.value)).toMatch(/Give a reason/);
    expect((await e.app.db.grants.get(grantId))?.status).toBe('active');
    const done = await e.click(ALEX, LifecycleVerbs.revoke, { grantId, reason: 'Contract ended early' });
    expect(cardText(done.body!.value)).toMatch(/Revoking now/);
    await e.app.background.drain();
    expect(await e.app.db.grants.get(grantId)).toMatchObject({
      status: 'revoked',
      revokeReason: 'Contract ended early',
    });
    expect(
      e
        .sentTo(PATTI)
        .map((a) => a.text)
        .join('\n'),
    ).toMatch(/Nia Partner \(Partner\)'s access .* has ended \(Alex Wilber: Contract ended early\)/);
  });

  it('answers revoke with a bad address clearly', async () => {
    const [reply] = await e.say(ALEX, 'revoke not-an-address');
    expect(reply.text).toMatch(/is not an email address/);
  });
});
