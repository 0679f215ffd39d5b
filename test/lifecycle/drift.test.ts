import { afterEach, describe, expect, it } from 'vitest';
import { assignmentsOf } from '../provisioning/graph-checks';
import { GLOBAL_ADMINISTRATOR, person, startLifecycleWorld, type LifecycleWorld } from './lifecycle-harness';

let world: LifecycleWorld;
afterEach(async () => world.close());

describe('drift check', () => {
  it('reports a role removed behind the bot, audits it, and never grants it back', async () => {
    world = await startLifecycleWorld();
    const { graph, db, notes } = world;
    const [kept, lost] = await world.grant([person('kim'), person('lee')]);
    const service = world.lifecycle();
    expect(await service.checkDrift()).toMatchObject({ checked: 2, findings: [], unchecked: [] });
    expect(notes.log.drift).toEqual([]);

    await graph.api(`/roleManagement/directory/roleAssignments/${lost.assignmentId}`).delete();
    const report = await service.checkDrift();
    expect(report.findings).toMatchObject([
      { grantId: lost.id, email: 'lee@fabrikam-mssp.example', kind: 'role-missing' },
    ]);
    expect(report.findings[0].detail).toMatch(/^lee@fabrikam-mssp\.example no longer holds the Security Reader role/);
    expect(notes.log.drift).toEqual([report]);
    expect(await assignmentsOf(graph, lost.userId)).toEqual([]);
    expect(await assignmentsOf(graph, kept.userId)).toHaveLength(1);
    expect(await db.audit.list({ action: 'drift.found' })).toMatchObject([
      { subject: lost.id, detail: { kind: 'role-missing' } },
    ]);
    expect(await db.grants.get(lost.id)).toMatchObject({ status: 'active', version: 1 });
  });

  it('reports a blocked guest and a deleted one', async () => {
    // The app is a Global Administrator here, so "someone" can block and delete a guest who holds a role.
    world = await startLifecycleWorld({ seed: (s) => s.app.directoryRoleIds.push(GLOBAL_ADMINISTRATOR) });
    const { graph } = world;
    const [blocked, deleted] = await world.grant([person('max'), person('ned')]);
    await graph.api(`/users/${blocked.userId}`).patch({ accountEnabled: false });
    await graph.api(`/users/${deleted.userId}`).delete();
    const report = await world.lifecycle().checkDrift();
    expect(report.findings.map((f) => [f.email, f.kind])).toEqual([
      ['max@fabrikam-mssp.example', 'guest-blocked'],
      ['ned@fabrikam-mssp.example', 'guest-missing'],
    ]);
  });

  it('lists a grant Graph would not answer for as unchecked, without a finding', async () => {
    world = await startLifecycleWorld();
    await world.grant([person('oli')]);
    world.tenant.failNext({ status: 403, method: 'GET', path: '/users' });
    const report = await world.lifecycle().checkDrift();
    expect(report.findings).toEqual([]);
    expect(report.unchecked).toHaveLength(1);
    expect(world.notes.log.drift).toEqual([]);
  });

  it('runs as a job that schedules itself again every interval', async () => {
    world = await startLifecycleWorld({ config: { driftIntervalMs: 30 * 60_000 } });
    const { clock, db } = world;
    const service = world.lifecycle();
    await service.startUp();
    const first = await db.jobs.get('drift.check');
    expect(first).toMatchObject({
      status: 'pending',
      runAt: new Date(clock.now().getTime() + 30 * 60_000).toISOString(),
    });
    await service.startUp(); // a restart keeps the pending check where it was
    expect((await db.jobs.get('drift.check'))?.runAt).toBe(first?.runAt);
    clock.advance(30 * 60_000);
    expect(await world.scheduler(service).tick()).toBe(1);
    expect(await db.jobs.get('drift.check')).toMatchObject({
      status: 'pending',
      runAt: new Date(clock.now().getTime() + 30 * 60_000).toISOString(),
    });
  });
});
