import { afterEach, describe, expect, it } from 'vitest';
import type { OffboardingPolicy } from '../../src/services/lifecycle';
import { assignmentsOf, schedulesOf } from '../provisioning/graph-checks';
import {
  ADMIN,
  DAY,
  drain,
  guestState,
  MINUTE,
  person,
  startLifecycleWorld,
  type LifecycleWorld,
} from './lifecycle-harness';

let world: LifecycleWorld;
afterEach(async () => world.close());

const EXPECTED_GUEST: Record<OffboardingPolicy, 'enabled' | 'blocked' | 'gone'> = {
  keep: 'enabled',
  block: 'blocked',
  delete: 'gone',
};

describe('grant lifecycle: reminders, extension, expiry', () => {
  it.each(['keep', 'block', 'delete'] as const)(
    'reminds at 7 and 1 days, moves the end on extension, and at expiry removes the role and applies %s',
    async (offboarding) => {
      world = await startLifecycleWorld({ config: { offboarding } });
      const { clock, graph, notes, db } = world;
      const [grant] = await world.grant([person('ana', 'Ana', 'Ruiz')], { days: 30 });
      expect(grant).toMatchObject({ status: 'active', pim: false, invited: true, remindersSent: [] });
      expect(await assignmentsOf(graph, grant.userId)).toHaveLength(1);
      const firstEnd = Date.parse(grant.expiresAt ?? '');
      const jobs = await db.jobs.list({ status: 'pending' });
      expect(jobs.map((j) => [j.kind, Date.parse(j.runAt) - firstEnd])).toEqual([
        ['grant.remind', -7 * DAY],
        ['grant.remind', -1 * DAY],
        ['grant.expire', 0],
      ]);

      const scheduler = world.scheduler();
      clock.set(new Date(firstEnd - 7 * DAY - MINUTE));
      expect(await drain(scheduler)).toBe(0);
      clock.advance(MINUTE);
      expect(await drain(scheduler)).toBe(1);
      expect(notes.log.reminders).toEqual([{ grantId: grant.id, daysLeft: 7, requestId: grant.requestId }]);
      expect((await db.grants.get(grant.id))?.remindersSent).toEqual([7]);
      expect(await drain(scheduler)).toBe(0);

      // Extended by ten days, three days into the last week: the old 1-day reminder and the expiry move.
      clock.advance(3 * DAY);
      const newEnd = new Date(firstEnd + 10 * DAY);
      const extended = await world.lifecycle().extendGrants(grant.requestId, newEnd, ADMIN);
      expect(extended.failed).toEqual([]);
      expect(extended.extended[0]).toMatchObject({ expiresAt: newEnd.toISOString(), remindersSent: [] });
      expect((await db.audit.list({ subject: grant.id, action: 'grant.extended' }))[0]).toMatchObject({
        actorName: ADMIN.name,
        before: { expiresAt: grant.expiresAt },
        after: { expiresAt: newEnd.toISOString() },
      });

      clock.set(new Date(firstEnd + MINUTE));
      expect(await drain(scheduler)).toBe(0);
      expect(await assignmentsOf(graph, grant.userId)).toHaveLength(1);
      expect(notes.log.reminders).toHaveLength(1);

      clock.set(new Date(newEnd.getTime() - 7 * DAY));
      expect(await drain(scheduler)).toBe(1);
      clock.set(new Date(newEnd.getTime() - DAY));
      expect(await drain(scheduler)).toBe(1);
      expect(notes.log.reminders.map((r) => r.daysLeft)).toEqual([7, 7, 1]);

      clock.set(newEnd);
      expect(await drain(scheduler)).toBe(1);
      const revoked = await db.grants.get(grant.id);
      expect(revoked).toMatchObject({ status: 'revoked', revokeReason: 'expired', revokedAt: newEnd.toISOString() });
      expect(revoked).not.toHaveProperty('lease');
      expect(await assignmentsOf(graph, grant.userId)).toEqual([]);
      expect(await guestState(graph, grant.userId)).toBe(EXPECTED_GUEST[offboarding]);
      expect(notes.log.revoked).toEqual([
        {
          grantId: grant.id,
          reason: 'expired',
          by: { id: 'system', name: 'Copilot Partner Access' },
          requestId: grant.requestId,
        },
      ]);
      const steps = await db.audit.list({ subject: grant.id, action: 'grant.revoke.step' });
      expect(steps.map((s) => s.detail?.step)).toEqual(['remove-role', 'offboard']);
      expect(steps[1].detail).toMatchObject({ policy: offboarding });
      expect(steps[0].detail?.graphRequestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await db.audit.list({ subject: grant.id, action: 'grant.revoked' })).toHaveLength(1);
      expect(await db.jobs.list({ status: 'pending' })).toEqual([]);
    },
  );

  it('skips reminders already in the past, and keeps a grant without an end out of the schedule', async () => {
    world = await startLifecycleWorld();
    const [short] = await world.grant([person('bo')], { days: 3 });
    expect((await world.db.jobs.list()).filter((j) => j.payload.grantId === short.id).map((j) => j.kind)).toEqual([
      'grant.remind',
      'grant.expire',
    ]);
    const [forever] = await world.grant([person('cy')], { days: null });
    expect(forever).not.toHaveProperty('expiresAt');
    expect((await world.db.jobs.list()).filter((j) => j.payload.grantId === forever.id)).toEqual([]);
  });

  it('records grants idempotently when the provisioning hook runs again', async () => {
    world = await startLifecycleWorld();
    const [grant] = await world.grant([person('di')]);
    const request = await world.db.requests.get(grant.requestId);
    if (!request) throw new Error('request missing');
    const people = [{ email: 'DI@fabrikam-mssp.example', userId: grant.userId, displayName: 'x', invited: true }];
    const again = await world.lifecycle().recordGrants(request, people, false);
    expect(again).toEqual([grant]);
    expect(await world.db.jobs.list()).toHaveLength(3);
    expect(await world.db.audit.list({ action: 'grant.recorded' })).toHaveLength(1);
  });
});

describe('PIM grants', () => {
  it('moves the PIM schedule on extension and ends it at expiry', async () => {
    world = await startLifecycleWorld({ config: { offboarding: 'block' } });
    const { graph, clock, db } = world;
    const [grant] = await world.grant([person('pim', 'Pia', 'Moe')], {
      days: 10,
      pim: true,
      role: 'security-operator',
    });
    expect(grant).toMatchObject({ pim: true, role: 'security-operator' });
    const [schedule] = await schedulesOf(graph, grant.userId);
    expect(schedule.scheduleInfo.expiration.endDateTime).toBe(grant.expiresAt);

    const newEnd = new Date(Date.parse(grant.expiresAt ?? '') + 20 * DAY).toISOString();
    const { extended } = await world.lifecycle().extendGrants(grant.requestId, newEnd, ADMIN);
    const moved = await schedulesOf(graph, grant.userId);
    expect(moved.map((s) => s.scheduleInfo.expiration.endDateTime)).toEqual([newEnd]);
    expect(extended[0].assignmentId).toBe(moved[0].id);
    // Extending again to the same end changes nothing in the tenant.
    await world.lifecycle().extendGrants(grant.requestId, newEnd, ADMIN);
    expect((await schedulesOf(graph, grant.userId)).map((s) => s.id)).toEqual([moved[0].id]);

    clock.set(newEnd);
    expect(await drain(world.scheduler())).toBeGreaterThan(0);
    expect(await db.grants.get(grant.id)).toMatchObject({ status: 'revoked' });
    expect(await schedulesOf(graph, grant.userId)).toEqual([]);
    expect(await guestState(graph, grant.userId)).toBe('blocked');
    const [removal] = await db.audit.list({ subject: grant.id, action: 'grant.revoke.step' });
    expect(removal.detail).toMatchObject({ step: 'remove-role', mode: 'pim' });
  });

  it('revokes a PIM grant by hand before its end with adminRemove', async () => {
    world = await startLifecycleWorld();
    const [grant] = await world.grant([person('pam')], { days: 10, pim: true });
    const outcome = await world.lifecycle().revoke(grant.id, { reason: 'engagement ended', by: ADMIN });
    expect(outcome).toMatchObject({
      outcome: 'revoked',
      grant: { revokeReason: 'engagement ended', revokedBy: ADMIN },
    });
    expect(await schedulesOf(world.graph, grant.userId)).toEqual([]);
    const [removal] = await world.db.audit.list({ subject: grant.id, action: 'grant.revoke.step' });
    expect(removal.detail).toMatchObject({ mode: 'pim', removed: true });
    expect(await world.db.jobs.list({ status: 'pending' })).toEqual([]);
  });

  it('refuses an extension PIM policy forbids, and leaves the assignment as it was', async () => {
    world = await startLifecycleWorld();
    const [grant] = await world.grant([person('pat')], { days: 10, pim: true });
    const tooFar = new Date(world.clock.now().getTime() + 400 * DAY);
    const result = await world.lifecycle().extendGrants(grant.requestId, tooFar, ADMIN);
    expect(result.extended).toEqual([]);
    expect(result.failed[0].message).toMatch(
      /^Privileged Identity Management refused the new end for pat@fabrikam-mssp\.example: .*ExpirationRule.* The access still ends at its old date\.$/,
    );
    expect((await schedulesOf(world.graph, grant.userId)).map((s) => s.scheduleInfo.expiration.endDateTime)).toEqual([
      grant.expiresAt,
    ]);
    expect(await world.db.grants.get(grant.id)).toMatchObject({ expiresAt: grant.expiresAt, version: 1 });
  });
});
