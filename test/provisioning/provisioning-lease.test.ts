import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignmentsOf, invitationsTo, usersByEmail } from './graph-checks';
import { approvedRequest, PEOPLE, startWorld, type World } from './saga-harness';

/**
 * One copy of a request's provisioning, ever. A lease shorter than the work (replication-lag retries in a real
 * tenant outlast any sensible lease) must neither let the same process start the work again (the resume loop
 * ticks every lease interval) nor let another instance take over while the holder is alive and working.
 */

const SLOW_GRAPH = { rate: 1, kinds: ['latency' as const], latencyMs: 120 };
let world: World;
beforeEach(async () => {
  world = await startWorld({ faults: SLOW_GRAPH });
});
afterEach(async () => world.close());

async function expectEachPersonOnce() {
  world.tenant.setFaults({ rate: 0 });
  for (const p of PEOPLE) {
    const users = await usersByEmail(world.graph, p.email);
    expect(users, p.email).toHaveLength(1);
    expect(await assignmentsOf(world.graph, users[0].id), p.email).toHaveLength(1);
    expect(await invitationsTo(world.tenant, p.email), p.email).toHaveLength(1);
  }
}

describe('provisioning under a lease shorter than the work', () => {
  it('is never started twice by the same process (a resume tick while it runs joins the run in progress)', async () => {
    const request = await approvedRequest(world.db);
    const saga = world.saga({ leaseMs: 200 });
    const first = saga.run(request.id);
    // The resume loop fires twice while the first run is still inviting people.
    await new Promise((r) => setTimeout(r, 150));
    const second = saga.resumeAll();
    await new Promise((r) => setTimeout(r, 300));
    const third = saga.run(request.id);
    const [done] = await Promise.all([first, second, third]);
    expect(done?.status).toBe('completed');
    await expectEachPersonOnce();
  });

  it('keeps its lease while it works, so another instance cannot take the request over', async () => {
    const request = await approvedRequest(world.db);
    const holder = world.saga({ owner: 'instance-a', leaseMs: 200 });
    const other = world.saga({ owner: 'instance-b', leaseMs: 200 });
    const running = holder.run(request.id);
    const takeovers: unknown[] = [];
    let finished = false;
    void running.finally(() => (finished = true));
    while (!finished) {
      await new Promise((r) => setTimeout(r, 70));
      if (!finished) takeovers.push(await other.run(request.id));
    }
    expect((await running)?.status).toBe('completed');
    expect(takeovers.length).toBeGreaterThan(3);
    // Every attempt found the lease held (undefined), except possibly one that came after completion.
    expect(takeovers.filter((t) => t !== undefined && (t as { status: string }).status !== 'completed')).toEqual([]);
    await expectEachPersonOnce();
  });
});
