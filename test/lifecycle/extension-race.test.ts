import type { Client } from '@microsoft/microsoft-graph-client';
import { afterEach, describe, expect, it } from 'vitest';
import { extendGrants } from '../../src/services/lifecycle/grant-extension';
import { LifecycleGraph } from '../../src/services/lifecycle/lifecycle-graph';
import { assignmentsOf, schedulesOf } from '../provisioning/graph-checks';
import { ADMIN, DAY, person, startLifecycleWorld, type LifecycleWorld } from './lifecycle-harness';

let world: LifecycleWorld;
afterEach(async () => world.close());

/** A point the extension stops at until the test lets it go: the order of events is chosen, not hoped for. */
class Gate {
  private arrive!: () => void;
  private open!: () => void;
  readonly reached = new Promise<void>((resolve) => (this.arrive = resolve));
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));
  async pass(): Promise<void> {
    this.arrive();
    await this.opened;
  }
  release(): void {
    this.open();
  }
}

/** Holds the extension's real PIM change (after it took the grant's claim) at the gate. */
class GatedGraph extends LifecycleGraph {
  constructor(
    client: Client,
    private readonly gate: Gate,
  ) {
    super(client);
  }
  override async pimUpdate(...args: Parameters<LifecycleGraph['pimUpdate']>) {
    if (!args[2].validationOnly) await this.gate.pass();
    return super.pimUpdate(...args);
  }
}

const extensionDeps = (graph: LifecycleGraph) => ({
  stores: world.db,
  clock: world.clock.now,
  config: world.config,
  owner: 'instance-a',
  graph,
});

describe('an extension and a revocation at the same time', () => {
  it('never gives a PIM role back when the revocation runs in the middle of the extension', async () => {
    world = await startLifecycleWorld();
    const { db, graph } = world;
    const [grant] = await world.grant([person('pia', 'Pia', 'Moe')], { days: 10, pim: true });
    const gate = new Gate();
    const newEnd = new Date(Date.parse(grant.expiresAt ?? '') + 10 * DAY);
    const extending = extendGrants(extensionDeps(new GatedGraph(graph, gate)), grant.requestId, newEnd, ADMIN, [
      grant.email,
    ]);
    await gate.reached;
    const revoked = await world.lifecycle().revoke(grant.id, { reason: 'contract ended', by: ADMIN });
    expect(revoked.outcome).toBe('revoked');
    gate.release();

    const result = await extending;
    expect(result.extended).toEqual([]);
    expect(result.failed.map((f) => f.message)).toEqual([
      "pia@fabrikam-mssp.example's access was revoked while the extension ran, so it was not extended and the role stays removed.",
    ]);
    expect(await schedulesOf(graph, grant.userId)).toEqual([]);
    expect(await assignmentsOf(graph, grant.userId)).toEqual([]);
    expect(await db.grants.get(grant.id)).toMatchObject({ status: 'revoked', expiresAt: grant.expiresAt });
    expect(await db.grants.get(grant.id)).not.toHaveProperty('lease');
    expect(await db.audit.list({ subject: grant.id, action: 'grant.extend.undone' })).toHaveLength(1);
    expect(await db.audit.list({ subject: grant.id, action: 'grant.extended' })).toEqual([]);
    expect(await db.jobs.list({ status: 'pending' })).toEqual([]);
  });

  it('refuses an extension while a revocation holds the grant, and touches nothing in Graph', async () => {
    world = await startLifecycleWorld();
    const { db, graph, tenant } = world;
    const [grant] = await world.grant([person('rex')], { days: 10 });
    // The revocation is held inside its Graph call (slow Graph), so the grant is 'revoking' under its lease.
    tenant.setFaults({ rate: 1, kinds: ['latency'], latencyMs: 1500, paths: '/roleManagement' });
    const revoking = world.lifecycle().revoke(grant.id, { reason: 'contract ended', by: ADMIN });
    for (let i = 0; (await db.grants.get(grant.id))?.status === 'active'; i += 1) {
      if (i > 200) throw new Error('the revocation never began');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const newEnd = new Date(Date.parse(grant.expiresAt ?? '') + 10 * DAY);
    const result = await world.lifecycle().extendGrants(grant.requestId, newEnd, ADMIN, [grant.email]);
    expect(result.extended).toEqual([]);
    expect(result.failed[0]?.message).toMatch(
      /^rex@fabrikam-mssp\.example's access is being revoked, so it was not extended\.$/,
    );
    tenant.setFaults({ rate: 0 });
    expect((await revoking).outcome).toBe('revoked');
    expect(await assignmentsOf(graph, grant.userId)).toEqual([]);
    expect(await db.grants.get(grant.id)).toMatchObject({ status: 'revoked', expiresAt: grant.expiresAt });
  });

  it('moves only the named person and leaves no claim behind when nothing interferes', async () => {
    world = await startLifecycleWorld();
    const [ana, ben] = await world.grant([person('ana'), person('ben')], { days: 10 });
    const newEnd = new Date(Date.parse(ana.expiresAt ?? '') + 10 * DAY).toISOString();
    const result = await world.lifecycle().extendGrants(ana.requestId, newEnd, ADMIN, ['BEN@fabrikam-mssp.example']);
    expect(result.extended.map((g) => g.id)).toEqual([ben.id]);
    expect(await world.db.grants.get(ben.id)).toMatchObject({ expiresAt: newEnd });
    expect(await world.db.grants.get(ben.id)).not.toHaveProperty('lease');
    expect(await world.db.grants.get(ana.id)).toMatchObject({ expiresAt: ana.expiresAt, version: ana.version });
  });
});
