import { afterEach, describe, expect, it } from 'vitest';
import type { LocalTenantOptions } from '../../src/dev/local-tenant';
import { B2bOperations } from '../../src/services/graph/b2b-operations';
import { INVITE_FORBIDDEN, ROLE_FORBIDDEN } from '../../src/services/provisioning/failure-sentence';
import { assignmentsOf, memberIds, usersByEmail } from './graph-checks';
import {
  ADMIN,
  approvedRequest,
  GUESTS_GROUP,
  PEOPLE,
  SECURITY_READER,
  seedWith,
  startWorld,
  type World,
} from './saga-harness';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});
async function open(options: LocalTenantOptions = {}): Promise<World> {
  world = await startWorld(options);
  return world;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('ProvisioningSaga when Graph refuses', () => {
  it('fails with an actionable sentence on a 403 invitation, then completes on Retry', async () => {
    const w = await open();
    const request = await approvedRequest(w.db);
    const message =
      'Guest invitations not allowed for your company. Contact your company administrator for more details.';
    w.tenant.failNext({
      status: 403,
      path: '/invitations',
      method: 'POST',
      code: 'Authorization_RequestDenied',
      message,
    });

    const failed = await w.saga().run(request.id);
    expect(failed).toMatchObject({ status: 'failed', failure: { step: 'find-or-invite' } });
    expect(failed?.failure?.reference).toMatch(GUID);
    expect(failed?.failure?.message).toContain(INVITE_FORBIDDEN);
    expect(failed?.failure?.message).toContain(PEOPLE[0].email);
    expect(w.events.log.failed).toHaveLength(1);
    const audited = await w.db.audit.list({ subject: request.id, action: 'provisioning.failed' });
    expect(audited[0]?.detail).toMatchObject({
      status: 403,
      graphRequestId: failed?.failure?.reference,
      step: 'find-or-invite',
    });
    await w.saga().resumeAll();
    expect((await w.db.requests.get(request.id))?.status).toBe('failed');

    expect(await w.saga().retry(request.id, ADMIN)).toMatchObject({ status: 'completed' });
    expect((await w.db.requests.get(request.id))?.failure).toBeUndefined();
    expect(await w.db.audit.list({ subject: request.id, action: 'provisioning.retried' })).toEqual([
      expect.objectContaining({ actorId: ADMIN.aadObjectId, actorName: ADMIN.name }),
    ]);
    for (const p of PEOPLE) expect(await usersByEmail(w.graph, p.email)).toHaveLength(1);
    expect(await w.saga().retry(request.id, ADMIN)).toEqual({
      error: 'Only a failed request can be retried; this one is completed.',
    });
  });

  it('explains a tenant that lets only admins invite guests', async () => {
    const w = await open({ seed: seedWith((s) => void (s.tenant.restrictInvitationsToAdmins = true)) });
    const request = await approvedRequest(w.db);
    const failed = await w.saga().run(request.id);
    expect(failed?.failure?.message).toContain(INVITE_FORBIDDEN);
    expect(await usersByEmail(w.graph, PEOPLE[0].email)).toEqual([]);
  });

  it('explains a missing RoleManagement.ReadWrite.Directory after the names were set', async () => {
    const seed = seedWith(
      (s) => void (s.app.permissions = s.app.permissions.filter((p) => p !== 'RoleManagement.ReadWrite.Directory')),
    );
    const w = await open({ seed });
    const request = await approvedRequest(w.db, { people: [PEOPLE[0]] });
    const failed = await w.saga().run(request.id);
    expect(failed?.failure?.step).toBe('role');
    expect(failed?.failure?.message).toContain(ROLE_FORBIDDEN);
    expect((await usersByEmail(w.graph, PEOPLE[0].email))[0]).toMatchObject({ givenName: 'Ana', surname: 'Ruiz' });
  });

  it('waits out a 429 with Retry-After on the invitation and carries on', async () => {
    const w = await open();
    const request = await approvedRequest(w.db, { people: [PEOPLE[0]] });
    w.tenant.failNext({ status: 429, retryAfterSeconds: 1, path: '/invitations', method: 'POST' });
    const started = Date.now();
    expect(await w.saga().run(request.id)).toMatchObject({ status: 'completed' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await usersByEmail(w.graph, PEOPLE[0].email)).toHaveLength(1);
  });

  it('gives up on a 503 storm after the SDK and saga retries, with the 5xx sentence', async () => {
    const w = await open();
    const request = await approvedRequest(w.db, { people: [PEOPLE[0]] });
    w.tenant.failNext({ status: 503, retryAfterSeconds: 0, count: 100, path: '/invitations', method: 'POST' });
    const waits: number[] = [];
    const saga = w.saga({ sleep: async (ms) => void waits.push(ms) });
    const failed = await saga.run(request.id);
    expect(failed?.failure?.message).toMatch(
      /Microsoft Graph kept answering 503 \(ServiceUnavailable\) after several retries.*press Retry/,
    );
    expect(failed?.failure?.reference).toMatch(GUID);
    expect(waits).toEqual([2000, 4000]);
    // 3 saga attempts × (1 try + 3 SDK retries) invitations, plus the look-up once per attempt.
    expect(w.tenant.requestCount()).toBe(3 * 4 + 3);
  });

  it('fails clearly when the configured group does not exist', async () => {
    const w = await open();
    const missing = '00000000-0000-4000-8000-000000000404';
    const request = await approvedRequest(w.db, { people: [PEOPLE[0]] });
    const failed = await w.saga({ groupId: missing }).run(request.id);
    expect(failed?.failure).toMatchObject({ step: 'group' });
    expect(failed?.failure?.message).toContain(`group ${missing} does not exist`);
    const [ana] = await usersByEmail(w.graph, PEOPLE[0].email);
    expect((await assignmentsOf(w.graph, ana.id)).map((a) => a.roleDefinitionId)).toEqual([SECURITY_READER]);
  });

  it('retries an inner 429 of the $batch and keeps names before the role', async () => {
    const w = await open();
    const request = await approvedRequest(w.db, { people: [PEOPLE[0]] });
    w.tenant.failNext({ status: 429, retryAfterSeconds: 1, path: '/users/', method: 'PATCH' });
    const waits: number[] = [];
    const b2b = new B2bOperations(w.graph, { tenantId: w.tenant.tenantId, sleep: async (ms) => void waits.push(ms) });
    const done = await w.saga({ b2b, groupId: GUESTS_GROUP }).run(request.id);
    expect(done?.status).toBe('completed');
    // Look-up, invitation, $batch twice, group.
    expect(w.tenant.requestCount()).toBe(5);
    expect(waits).toEqual([1000]);
    // The batch settled both steps itself: no one-by-one fallback started them again.
    const saga = await w.db.saga.list(request.id);
    expect(saga.filter((s) => s.step === 'names' || s.step === 'role').map((s) => s.attempt)).toEqual([1, 1]);
    const [ana] = await usersByEmail(w.graph, PEOPLE[0].email);
    expect(ana).toMatchObject({ givenName: 'Ana' });
    expect(await assignmentsOf(w.graph, ana.id)).toHaveLength(1);
    expect(await memberIds(w.graph, GUESTS_GROUP)).toContain(ana.id);
  });
});
