import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BLOCK_FORBIDDEN, REMOVE_ROLE_FORBIDDEN } from '../../src/services/lifecycle/revocation-failure';
import type { Grant } from '../../src/services/storage/types';
import { assignmentsOf } from '../provisioning/graph-checks';
import { pgSchemas } from './pg-schemas';
import { ADMIN, DAY, guestState, MINUTE, person, startLifecycleWorld, type LifecycleWorld } from './lifecycle-harness';

let world: LifecycleWorld;
afterEach(async () => world.close());
const pg = pgSchemas();
afterAll(() => pg.dropAll());

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const change = ({ id: _id, version: _v, ...rest }: Grant) => rest;

describe('revocation', () => {
  it('does not delete a guest who still has another grant, and deletes them when the last one ends', async () => {
    world = await startLifecycleWorld({ config: { offboarding: 'delete' } });
    const { graph, clock, db } = world;
    const [reader] = await world.grant([person('two')], { days: 10 });
    const [operator] = await world.grant([person('two')], { days: 30, role: 'security-operator' });
    expect(operator.userId).toBe(reader.userId);

    clock.advance(10 * DAY);
    const [first] = await world.lifecycle().expireDue();
    expect(first).toMatchObject({ outcome: 'revoked', grant: { id: reader.id } });
    expect((await assignmentsOf(graph, reader.userId)).map((a) => a.roleDefinitionId)).toEqual([
      operator.roleDefinitionId,
    ]);
    expect(await guestState(graph, reader.userId)).toBe('enabled');
    const [, offboard] = await db.audit.list({ subject: reader.id, action: 'grant.revoke.step' });
    expect(offboard.detail).toMatchObject({
      policy: 'delete',
      skipped: 'the guest has another active grant',
      otherGrantId: operator.id,
    });

    clock.advance(20 * DAY);
    await world.lifecycle().expireDue();
    expect(await assignmentsOf(graph, reader.userId)).toEqual([]);
    expect(await guestState(graph, reader.userId)).toBe('gone');
  });

  it('keeps a role that another active grant of the same guest stands on', async () => {
    world = await startLifecycleWorld({ config: { offboarding: 'block' } });
    const [a] = await world.grant([person('shared')], { days: 10 });
    const [b] = await world.grant([person('shared')], { days: 30 });
    expect(b.assignmentId).toBe(a.assignmentId);
    await world.lifecycle().revoke(a.id, { reason: 'done', by: ADMIN });
    expect(await assignmentsOf(world.graph, a.userId)).toHaveLength(1);
    expect(await guestState(world.graph, a.userId)).toBe('enabled');
    await world.lifecycle().revoke(b.id, { reason: 'done', by: ADMIN });
    expect(await assignmentsOf(world.graph, a.userId)).toEqual([]);
    expect(await guestState(world.graph, a.userId)).toBe('blocked');
  });

  it.each([
    ['SQLite', () => undefined],
    ['PostgreSQL', () => pg.freshUrl()],
  ])('revokes exactly once when the bot was down at expiry and two instances catch up at once (%s)', async (_, url) => {
    world = await startLifecycleWorld({ config: { offboarding: 'block' }, databaseUrl: url() });
    const { clock, db } = world;
    const grants = await world.grant([person('ana'), person('ben'), person('cy')], { days: 5 });
    clock.advance(6 * DAY); // nobody ticked: the bot was stopped
    const other = await world.openAgain();
    const a = world.lifecycle();
    const b = world.lifecycle({ stores: other, owner: 'instance-b' });
    const runs = await Promise.all([a.expireDue(), b.expireDue(), a.expireDue(), b.expireDue()]);
    expect(runs.flat().filter((o) => o.outcome === 'revoked')).toHaveLength(3);
    expect(await a.expireDue()).toEqual([]);
    for (const g of grants) {
      expect(await db.grants.get(g.id)).toMatchObject({ status: 'revoked' });
      expect(await db.audit.list({ subject: g.id, action: 'grant.revoked' })).toHaveLength(1);
      const steps = (await db.saga.list(g.requestId)).filter((s) => s.item === g.id);
      expect(steps.map((s) => [s.step, s.state, s.attempt])).toEqual([
        ['remove-role', 'done', 1],
        ['offboard', 'done', 1],
      ]);
      expect(await guestState(world.graph, g.userId)).toBe('blocked');
    }
    expect(world.notes.log.revoked).toHaveLength(3);
    // The revocations dropped the expiry jobs and reminders that came due meanwhile.
    expect(await db.jobs.list({ status: 'pending' })).toEqual([]);
    expect(await world.scheduler().tick()).toBe(0);
    expect(world.notes.log.revoked).toHaveLength(3);
    expect(world.notes.log.reminders).toEqual([]);
  });

  it('finishes a revocation that a crashed instance left half-done, once its lease has run out', async () => {
    world = await startLifecycleWorld();
    const { clock, db } = world;
    const [grant] = await world.grant([person('eve')], { days: 5 });
    const until = new Date(clock.now().getTime() + 5 * MINUTE).toISOString();
    const lease = { owner: 'crashed', until };
    await db.grants.update(grant.id, grant.version, {
      ...change(grant),
      status: 'revoking',
      revokeReason: 'left',
      revokedBy: ADMIN,
      lease,
    });
    expect(await world.lifecycle().expireDue()).toMatchObject([{ outcome: 'in-progress' }]);
    clock.advance(6 * MINUTE);
    expect(await world.lifecycle().expireDue()).toMatchObject([
      { outcome: 'revoked', grant: { revokeReason: 'left', revokedBy: ADMIN } },
    ]);
    expect(await assignmentsOf(world.graph, grant.userId)).toEqual([]);
  });

  it('has the expiry job look again when another instance holds the revocation and then dies', async () => {
    world = await startLifecycleWorld();
    const { clock, db } = world;
    const [grant] = await world.grant([person('ike')], { days: 5 });
    clock.advance(5 * DAY);
    const lease = { owner: 'crashed', until: new Date(clock.now().getTime() + 5 * MINUTE).toISOString() };
    await db.grants.update(grant.id, 1, { ...change(grant), status: 'revoking', revokeReason: 'expired', lease });
    const scheduler = world.scheduler();
    await scheduler.tick();
    expect(await db.jobs.get(`grant.expire:${grant.id}`)).toMatchObject({
      status: 'pending',
      runAt: new Date(Date.parse(lease.until) + 1000).toISOString(),
    });
    clock.advance(6 * MINUTE);
    expect(await scheduler.tick()).toBe(1);
    expect(await db.grants.get(grant.id)).toMatchObject({ status: 'revoked' });
  });

  it('marks a refused revocation failed with a sentence and a reference, and a retry finishes it', async () => {
    world = await startLifecycleWorld();
    const { db, tenant, graph } = world;
    const [grant] = await world.grant([person('fay')], { days: 5 });
    tenant.failNext({
      status: 403,
      method: 'DELETE',
      path: '/roleManagement/directory/roleAssignments',
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
    const failed = await world.lifecycle().revoke(grant.id, { reason: 'ended early', by: ADMIN });
    expect(failed).toMatchObject({ outcome: 'failed', retryable: false });
    const stored = await db.grants.get(grant.id);
    expect(stored?.status).toBe('failed');
    expect(stored?.failure?.message).toBe(`${REMOVE_ROLE_FORBIDDEN} (Access of fay@fabrikam-mssp.example.)`);
    expect(stored?.failure?.reference).toMatch(GUID);
    expect(await assignmentsOf(graph, grant.userId)).toHaveLength(1);
    expect(world.notes.log.failed.map((g) => g.id)).toEqual([grant.id]);
    const [audited] = await db.audit.list({ subject: grant.id, action: 'grant.revoke.failed' });
    expect(audited.detail).toMatchObject({ step: 'remove-role', status: 403, reference: stored?.failure?.reference });

    const retried = await world.lifecycle().revoke(grant.id, { reason: 'retry', by: ADMIN });
    expect(retried).toMatchObject({ outcome: 'revoked', grant: { revokeReason: 'ended early' } });
    expect(retried.outcome === 'revoked' && retried.grant).not.toHaveProperty('failure');
    expect(await assignmentsOf(graph, grant.userId)).toEqual([]);
    expect(await db.audit.list({ subject: grant.id, action: 'grant.revoke.retried' })).toHaveLength(1);
    expect(await world.lifecycle().revoke(grant.id, { reason: 'again', by: ADMIN })).toMatchObject({
      outcome: 'already-revoked',
    });
  });

  it('resumes after a failed block without removing the role twice', async () => {
    world = await startLifecycleWorld({ config: { offboarding: 'block' } });
    const { db, tenant } = world;
    const [grant] = await world.grant([person('gus')], { days: 5 });
    tenant.failNext({ status: 403, method: 'PATCH', path: '/users' });
    const failed = await world.lifecycle().revoke(grant.id, { reason: 'ended', by: ADMIN });
    expect(failed.outcome === 'failed' && failed.grant.failure?.message).toBe(
      `${BLOCK_FORBIDDEN} (Access of gus@fabrikam-mssp.example.)`,
    );
    expect(await assignmentsOf(world.graph, grant.userId)).toEqual([]);
    await world.lifecycle().revoke(grant.id, { reason: 'retry', by: ADMIN });
    const steps = (await db.saga.list(grant.requestId)).filter((s) => s.item === grant.id);
    expect(steps.map((s) => [s.step, s.state, s.attempt])).toEqual([
      ['remove-role', 'done', 1],
      ['offboard', 'done', 2],
    ]);
    expect(await guestState(world.graph, grant.userId)).toBe('blocked');
  });

  it('lets the expiry job retry a transient failure with backoff', async () => {
    world = await startLifecycleWorld();
    const { clock, db, tenant } = world;
    const [grant] = await world.grant([person('hal')], { days: 5 });
    clock.advance(5 * DAY);
    // 500 is not retried by the Graph SDK itself, so the failure reaches the saga at once.
    tenant.failNext({ status: 500, method: 'DELETE', path: '/roleManagement/directory/roleAssignments' });
    const scheduler = world.scheduler();
    expect(await scheduler.tick()).toBe(2); // the expiry, and the 1-day reminder that is now too late
    expect(world.notes.log.reminders).toEqual([]);
    expect(await db.grants.get(grant.id)).toMatchObject({ status: 'failed', failure: { retryable: true } });
    expect(await db.jobs.get(`grant.expire:${grant.id}`)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await scheduler.tick()).toBe(0);
    clock.advance(MINUTE);
    expect(await scheduler.tick()).toBe(1);
    expect(await db.grants.get(grant.id)).toMatchObject({ status: 'revoked' });
    expect(world.notes.log.failed).toHaveLength(1);
    expect(world.notes.log.revoked).toHaveLength(1);
  });
});
