import { afterEach, describe, expect, it } from 'vitest';
import { assignmentsOf, invitationsTo, memberIds, usersByEmail } from './graph-checks';
import { approvedRequest, GUESTS_GROUP, person, startWorld, type World } from './saga-harness';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const REQUESTS = 50;
const AT_ONCE = 10;

describe('ProvisioningSaga under throttling', () => {
  it('provisions 50 requests while 30 % of calls answer 429 and 5 % 503: all complete, none twice, none stuck', async () => {
    const w = (world = await startWorld());
    const people = Array.from({ length: REQUESTS }, (_, i) => person(`load${i}`, `Load${i}`, 'Tester'));
    const requests = [];
    for (const p of people) requests.push(await approvedRequest(w.db, { people: [p] }));
    // Retry-After 0 keeps the test fast; the Graph SDK still honours the header rather than its own back-off.
    w.tenant.setFaults({ rate: 0.3, kinds: ['429'], unavailableRate: 0.05, retryAfterSeconds: 0, seed: 4711 });
    const saga = w.saga({ groupId: GUESTS_GROUP });

    const started = Date.now();
    const queue = [...requests];
    const results = await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        const done = [];
        for (let r = queue.shift(); r; r = queue.shift()) done.push(await saga.run(r.id));
        return done;
      }),
    );
    expect(Date.now() - started).toBeLessThan(45_000);
    // Throttling did happen: without faults this is one look-up, invitation, batch and group add per request.
    expect(w.tenant.requestCount()).toBeGreaterThan(REQUESTS * 4 * 1.2);
    w.tenant.setFaults({});

    expect(results.flat().map((r) => r?.status)).toEqual(Array<string>(REQUESTS).fill('completed'));
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
  }, 90_000);
});
