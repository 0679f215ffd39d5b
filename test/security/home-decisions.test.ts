import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GdapVerbs } from '../../src/cards/gdap/gdap-verbs';
import { LifecycleVerbs } from '../../src/cards/lifecycle/render-lifecycle';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { SupportVerbs } from '../../src/cards/support/render-support';
import { APPROVALS_CHANNEL_SETTING } from '../../src/bot/requests/approval-cards';
import { teamsMessage, type Person } from '../support/activities';
import { cardText } from '../support/bot-harness';
import { startE2e, type E2e } from '../support/e2e';
import { ALEX, HOME_TENANT, MEGAN, PARTNER_TENANT, seed } from '../support/seed';
import { seedWith } from '../provisioning/saga-harness';

const PATTI = { aadObjectId: seed.partnerPeople[0].id, name: 'Patti Fernandez', tenantId: PARTNER_TENANT };
const GUEST_ID = '4d2b8e6a-7c1f-4a3e-9b5d-0e8f2a6c4b55';
/** A guest of the home tenant whom an admin put in the approver and admin groups. */
const GUEST: Person = { aadObjectId: GUEST_ID, name: 'Gina Guest', tenantId: HOME_TENANT };
/** Someone whose activity says a partner tenant, carrying the id of a home admin and approver. */
const PARTNER_USER: Person = { aadObjectId: ALEX.aadObjectId, name: 'Alex (partner tenant)', tenantId: PARTNER_TENANT };
const OUTSIDERS: Array<[string, Person]> = [
  ['a partner-tenant user in the approver and admin groups', PARTNER_USER],
  ['a home-tenant guest in the approver and admin groups', GUEST],
];

let e: E2e;
let dir: string;
let n = 0;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cpa-home-'));
  const seedFile = path.join(dir, 'seed.json');
  const withGuest = seedWith((s) => {
    s.users.push({
      id: GUEST_ID,
      displayName: 'Gina Guest',
      mail: 'gina@fabrikam-mssp.example',
      userPrincipalName: 'gina_fabrikam-mssp.example#EXT#@contoso.onmicrosoft.com',
      userType: 'Guest',
      accountEnabled: true,
      otherMails: [],
    });
    for (const g of s.groups)
      if (g.id === s.bot.approverGroupId || g.id === s.bot.adminGroupId) g.members.push(GUEST_ID);
  });
  writeFileSync(seedFile, JSON.stringify(withGuest));
  e = await startE2e({ LOCAL_TENANT_SEED: seedFile, GDAP_PARTNER: 'true' });
  for (const who of [ALEX, MEGAN, GUEST, PARTNER_USER]) await e.say(who, 'help');
});
afterAll(async () => {
  await e.close();
  rmSync(dir, { recursive: true, force: true });
});

async function newRequest(): Promise<{ id: string; email: string }> {
  const email = `home${++n}@fabrikam-mssp.example`;
  await e.say(PATTI, 'cancel');
  await e.say(PATTI, 'request access');
  await e.say(PATTI, '', {
    verb: RequestVerbs.formReview,
    people: `${email}, Home, ${n}`,
    role: 'security-reader',
    duration: '14',
    justification: 'Incident response support for the December change freeze',
  });
  await e.say(PATTI, '', { verb: RequestVerbs.formSubmit });
  return { id: (await e.app.db.requests.listByRequester(PATTI.aadObjectId))[0].id, email };
}

const textOf = (res: { body?: Record<string, unknown> }) =>
  `${String(res.body?.value && typeof res.body.value === 'string' ? res.body.value : '')}${cardText(res.body?.value)}`;

describe('Decisions come from home (issue 9, point 4)', () => {
  it.each(OUTSIDERS)('refuses approve and reject from %s, and nothing changes', async (_who, who) => {
    const { id } = await newRequest();
    for (const verb of [RequestVerbs.approve, RequestVerbs.reject]) {
      const res = await e.click(who, verb, { requestId: id, version: 1, comment: 'no' });
      expect(textOf(res)).toMatch(/Only members of this organisation, signed in with their own account/);
    }
    expect(await e.app.db.requests.get(id)).toMatchObject({ status: 'pending', version: 1 });
    const refused = await e.app.db.audit.list({ subject: id, action: 'decision.refused' });
    expect(refused.map((a) => a.detail)).toEqual([
      expect.objectContaining({ reason: 'not home staff' }),
      expect.objectContaining({ reason: 'not home staff' }),
    ]);
  });

  it('still lets a home member approver decide', async () => {
    const { id } = await newRequest();
    const res = await e.click(MEGAN, RequestVerbs.approve, { requestId: id, version: 1 });
    expect(res.status).toBe(200);
    expect((await e.app.db.requests.get(id))?.decision?.by.aadObjectId).toBe(MEGAN.aadObjectId);
    await e.app.background.drain();
  });

  it.each(OUTSIDERS)('refuses retry of a failed request from %s', async (_who, who) => {
    const { id } = await newRequest();
    const request = (await e.app.db.requests.get(id))!;
    const failed = { ...request, status: 'failed' as const, failure: { message: 'x', reference: 'r', step: 'role' } };
    await e.app.db.requests.update(id, request.version, failed);
    const res = await e.click(who, RequestVerbs.retry, { requestId: id });
    expect(textOf(res)).toMatch(/Only admins can retry provisioning/);
    await e.app.background.drain();
    expect((await e.app.db.requests.get(id))?.status).toBe('failed');
    expect(await e.app.db.audit.list({ subject: id, action: 'provisioning.retried' })).toEqual([]);
  });

  it.each(OUTSIDERS)('refuses revoke (command and card) from %s; the grant stays active', async (_who, who) => {
    const { id, email } = await newRequest();
    await e.click(MEGAN, RequestVerbs.approve, { requestId: id, version: 1 });
    await e.app.background.drain();
    const [grant] = await e.app.db.grants.listByEmail(email);
    expect(grant?.status).toBe('active');
    const [reply] = await e.say(who, `revoke ${email}`);
    expect(reply.text).toMatch(/^Only admins can revoke access/);
    const res = await e.click(who, LifecycleVerbs.revoke, { grantId: grant.id, reason: 'Contract ended' });
    expect(textOf(res)).toMatch(/Only admins can revoke access/);
    await e.app.background.drain();
    expect((await e.app.db.grants.get(grant.id))?.status).toBe('active');
  });

  it.each(OUTSIDERS)('refuses GDAP terminate (command and card) from %s', async (_who, who) => {
    const created = (await e.graph.api('/tenantRelationships/delegatedAdminRelationships').post({
      displayName: `Home only ${++n}`,
      duration: 'P30D',
      customer: { tenantId: seed.knownTenants[1].tenantId, displayName: 'Northwind Security (simulated)' },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: '5d6b6bb7-de71-4623-b4af-96380a352509' }] },
      autoExtendDuration: 'PT0S',
    })) as { id: string; status: string };
    const [reply] = await e.say(who, `gdap terminate ${created.id}`);
    expect(reply.text).toMatch(/Only partner approvers can terminate/);
    const res = await e.click(who, GdapVerbs.terminate, { relationshipId: created.id, reason: 'ended' });
    expect(res.status).toBe(403);
    const after = (await e.graph.api(`/tenantRelationships/delegatedAdminRelationships/${created.id}`).get()) as {
      status: string;
    };
    expect(after.status).toBe(created.status);
  });

  it.each(OUTSIDERS)('refuses "use this channel for approvals" from %s', async (_who, who) => {
    const conversation = {
      id: '19:soc@thread.tacv2;messageid=1',
      conversationType: 'channel',
      tenantId: who.tenantId,
      name: 'SOC',
    };
    const before = e.connector.calls.length;
    const res = await e.post(teamsMessage(e.connector.url, who, 'use this channel for approvals', { conversation }));
    expect(res.status).toBe(200);
    const said = e.connector.calls.slice(before).map((c) => JSON.stringify(c.body));
    expect(said.join('\n')).toContain('Only admins can choose the approvals channel.');
    expect(await e.app.db.settings.get(APPROVALS_CHANNEL_SETTING)).toBeUndefined();
  });

  it.each(OUTSIDERS)('refuses "Mark handled" on a support hand-off from %s', async (_who, who) => {
    await e.say(PATTI, 'cancel');
    await e.say(PATTI, 'support');
    await e.say(PATTI, '', {
      verb: SupportVerbs.submit,
      description: 'Prompts about Defender incidents fail with "Plugin unavailable" since this morning.',
      severity: 'blocking',
    });
    const [opened] = await e.app.db.audit.list({ action: 'support.opened' }).then((l) => l.slice(-1));
    const caseId = opened.subject;
    const res = await e.click(who, SupportVerbs.handled, { caseId, note: 'done' });
    expect(textOf(res)).toContain('Only admins can mark a support case handled.');
    expect(await e.app.db.audit.list({ subject: caseId, action: 'support.handled' })).toEqual([]);
  });
});
