import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProvisioningSaga } from '../../src/services/provisioning/provisioning-saga';
import type { AccessRequest } from '../../src/services/requests/types';
import { assignmentsOf, invitationsTo, memberIds, usersByEmail } from './graph-checks';
import { approvedRequest, GUESTS_GROUP, person, startWorld, type World } from './saga-harness';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const AT_ONCE = 10;
const THROTTLED = { rate: 0.3, kinds: ['429' as const], unavailableRate: 0.05, seed: 4711 };

async function approvedMany(w: World, count: number, prefix: string) {
  const people = Array.from({ length: count }, (_, i) => person(`${prefix}${i}`, `${prefix}${i}`, 'Tester'));
  const requests: AccessRequest[] = [];
  for (const p of people) requests.push(await approvedRequest(w.db, { people: [p] }));
  return { people, requests };
}

/** Runs the requests AT_ONCE at a time, as several approvals landing together would. */
async function runAll(saga: ProvisioningSaga, requests: readonly AccessRequest[]) {
  const queue = [...requests];
  const lanes = await Promise.all(
    Array.from({ length: AT_ONCE }, async () => {
      const done = [];
      for (let r = queue.shift(); r; r = queue.shift()) done.push(await saga.run(r.id));
      return done;
    }),
  );
  return lanes.flat().map((r) => r?.status);
}

/** Each person exactly once: one guest, one invitation, one role, one group membership; no request left open. */
async function expectEachOnce(w: World, people: ReturnType<typeof person>[]) {
  expect(await w.db.requests.listByStatus(['approved', 'provisioning', 'failed'], 500)).toEqual([]);
  const members = await memberIds(w.graph, GUESTS_GROUP);
  for (const p of people) {
    const users = await usersByEmail(w.graph, p.email);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ givenName: p.firstName, surname: 'Tester' });
    expect(await assignmentsOf(w.graph, users[0].id)).toHaveLength(1);
    expect(await invitationsTo(w.tenant, p.email)).toHaveLength(1);
    expect(members.filter((id) => id === users[0].id)).toHaveLength(1);
  }
}

describe('ProvisioningSaga under throttling', () => {
  it('provisions 50 requests while 30 % of calls answer 429 and 5 % 503: all complete, none twice, none stuck', async () => {
    const w = (world = await startWorld());
    const { people, requests } = await approvedMany(w, 50, 'load');
    // Retry-After 0 keeps the test fast; the Graph SDK still honours the header rather than its own back-off.
    w.tenant.setFaults({ ...THROTTLED, retryAfterSeconds: 0 });

    const started = Date.now();
    const statuses = await runAll(w.saga({ groupId: GUESTS_GROUP }), requests);
    expect(Date.now() - started).toBeLessThan(45_000);
    // Throttling did happen: without faults this is one look-up, invitation, batch and group add per request.
    expect(w.tenant.requestCount()).toBeGreaterThan(50 * 4 * 1.2);
    w.tenant.setFaults({});
    expect(statuses).toEqual(Array<string>(50).fill('completed'));
    await expectEachOnce(w, people);
  }, 90_000);

  it('does the same while each new guest also takes a moment to replicate, as in a real tenant', async () => {
    const w = (world = await startWorld({ modes: { replicationLag: { enabled: true, ms: 1_500, pimMs: 1_500 } } }));
    const { people, requests } = await approvedMany(w, 20, 'lag');
    w.tenant.setFaults({ ...THROTTLED, retryAfterSeconds: 0 });
    // The saga's waits, 20 times shorter: its 1 s, 2 s, 4 s … back-off meets a 1.5 s lag in well under a second.
    const saga = w.saga({ groupId: GUESTS_GROUP, sleep: (ms) => delay(ms / 20) });

    const started = Date.now();
    const statuses = await runAll(saga, requests);
    expect(Date.now() - started).toBeLessThan(45_000);
    w.tenant.setFaults({});
    expect(statuses).toEqual(Array<string>(20).fill('completed'));
    await expectEachOnce(w, people);
  }, 90_000);
});
