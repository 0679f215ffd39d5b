import type { Client } from '@microsoft/microsoft-graph-client';
import { afterEach, describe, expect, it } from 'vitest';
import { extendGrants } from '../../src/services/lifecycle/grant-extension';
import { LifecycleGraph } from '../../src/services/lifecycle/lifecycle-graph';
import { schedulesOf } from '../provisioning/graph-checks';
import { ADMIN, DAY, person, startLifecycleWorld, type LifecycleWorld } from './lifecycle-harness';

let world: LifecycleWorld;
afterEach(async () => world.close());

/** Records every adminRemove the extension sends: removing the role is the moment a person would lose access. */
class WatchedGraph extends LifecycleGraph {
  readonly calls: string[] = [];
  override async pimRemove(...args: Parameters<LifecycleGraph['pimRemove']>) {
    this.calls.push('adminRemove');
    return super.pimRemove(...args);
  }
}

/** The role's PIM policy is tightened right after the extension's policy check passed. */
class PolicyChangesMidway extends LifecycleGraph {
  constructor(
    client: Client,
    private readonly tighten: () => void,
  ) {
    super(client);
  }
  override async pimUpdate(...args: Parameters<LifecycleGraph['pimUpdate']>) {
    const result = await super.pimUpdate(...args);
    if (args[2].validationOnly) this.tighten();
    return result;
  }
}

const deps = (graph: LifecycleGraph) => ({
  stores: world.db,
  clock: world.clock.now,
  config: world.config,
  owner: 'instance-a',
  graph,
});

describe('PIM extensions never lose access', () => {
  it('moves the end of the same schedule: no adminRemove, the assignment id never changes', async () => {
    world = await startLifecycleWorld();
    const [grant] = await world.grant([person('ida')], { days: 10, pim: true });
    const [before] = await schedulesOf(world.graph, grant.userId);
    const watched = new WatchedGraph(world.graph);
    const newEnd = new Date(Date.parse(grant.expiresAt ?? '') + 20 * DAY).toISOString();

    const result = await extendGrants(deps(watched), grant.requestId, newEnd, ADMIN, [grant.email]);
    expect(result.failed).toEqual([]);
    expect(watched.calls).toEqual([]);
    const after = await schedulesOf(world.graph, grant.userId);
    expect(after.map((s) => [s.id, s.scheduleInfo.expiration.endDateTime])).toEqual([[before?.id, newEnd]]);
    expect(await world.db.grants.get(grant.id)).toMatchObject({
      expiresAt: newEnd,
      assignmentId: grant.assignmentId,
    });
    expect(before?.id).toBe(grant.assignmentId);
  });

  it('a refusing PIM policy leaves the old schedule, its end and the grant untouched, and says why', async () => {
    world = await startLifecycleWorld();
    const [grant] = await world.grant([person('ria')], { days: 10, pim: true });
    const [before] = await schedulesOf(world.graph, grant.userId);
    const stored = await world.db.grants.get(grant.id);
    world.tenant.setModes({ pimPolicy: { enabled: true, maxDurationDays: 14 } });
    const watched = new WatchedGraph(world.graph);
    const newEnd = new Date(Date.parse(grant.expiresAt ?? '') + 10 * DAY).toISOString();

    const result = await extendGrants(deps(watched), grant.requestId, newEnd, ADMIN, [grant.email]);
    expect(result.extended).toEqual([]);
    expect(result.failed.map((f) => f.message)).toEqual([
      'Privileged Identity Management refused the new end for ria@fabrikam-mssp.example: The following policy rules failed: ["ExpirationRule"]. Check the role\'s PIM settings (maximum duration, justification required), then extend again. The access still ends at its old date.',
    ]);
    expect(watched.calls).toEqual([]);
    expect(await schedulesOf(world.graph, grant.userId)).toEqual([before]);
    expect(await world.db.grants.get(grant.id)).toEqual(stored);
    const [failed] = await world.db.audit.list({ subject: grant.id, action: 'grant.extend.failed' });
    expect(failed?.detail).toMatchObject({ status: 400, code: 'RoleAssignmentRequestPolicyValidationFailed' });
    expect(await world.db.audit.list({ subject: grant.id, action: 'grant.extended' })).toEqual([]);
  });

  it('a refusal of the change itself (after the policy check passed) keeps the old schedule and the grant', async () => {
    world = await startLifecycleWorld();
    const [grant] = await world.grant([person('rob')], { days: 10, pim: true });
    const [before] = await schedulesOf(world.graph, grant.userId);
    const graph = new PolicyChangesMidway(world.graph, () =>
      world.tenant.setModes({ pimPolicy: { enabled: true, maxDurationDays: 14 } }),
    );
    const newEnd = new Date(Date.parse(grant.expiresAt ?? '') + 10 * DAY).toISOString();
    const result = await extendGrants(deps(graph), grant.requestId, newEnd, ADMIN, [grant.email]);
    expect(result.failed.map((f) => f.message)).toEqual([
      expect.stringMatching(
        /^Privileged Identity Management refused the new end for rob@.*ExpirationRule.*still ends at its old date\.$/,
      ),
    ]);
    expect(await schedulesOf(world.graph, grant.userId)).toEqual([before]);
    expect(await world.db.grants.get(grant.id)).toMatchObject({ status: 'active', expiresAt: grant.expiresAt });
    expect(await world.db.grants.get(grant.id)).not.toHaveProperty('lease');
  });

  it('does not bring back a PIM assignment removed in Entra: the extension says so and changes nothing', async () => {
    world = await startLifecycleWorld();
    const [grant] = await world.grant([person('una')], { days: 10, pim: true });
    await new LifecycleGraph(world.graph).pimRemove(grant.userId, grant.roleDefinitionId, 'removed by hand');
    const stored = await world.db.grants.get(grant.id);
    const newEnd = new Date(Date.parse(grant.expiresAt ?? '') + 10 * DAY).toISOString();
    const result = await world.lifecycle().extendGrants(grant.requestId, newEnd, ADMIN, [grant.email]);
    expect(result.failed.map((f) => f.message)).toEqual([
      "una@fabrikam-mssp.example's PIM assignment is no longer in Microsoft Entra (removed there, or already ended), so there is nothing to extend; ask for access again with a new request.",
    ]);
    expect(await schedulesOf(world.graph, grant.userId)).toEqual([]);
    expect(await world.db.grants.get(grant.id)).toEqual(stored);
  });
});
