import { afterEach, describe, expect, it } from 'vitest';
import { assignmentsOf, memberIds, schedulesOf, usersByEmail } from './graph-checks';
import { ADMIN, approvedRequest, GUESTS_GROUP, PEOPLE, SECURITY_READER, startWorld, type World } from './saga-harness';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/**
 * Replication lag in the local tenant is measured on the tenant's clock; the saga's sleep moves that clock on, so
 * minutes of waiting take no real time and the waits the saga chose are on record.
 */
async function lagging(ms: number, pimMs: number) {
  let now = Date.now();
  const clock = () => new Date(now);
  const waits: number[] = [];
  const sleep = async (wait: number) => {
    waits.push(wait);
    now += wait;
  };
  world = await startWorld({ clock, modes: { replicationLag: { enabled: true, ms, pimMs } } });
  return { w: world, clock, sleep, waits };
}

describe('ProvisioningSaga during replication lag after the invitation', () => {
  it('waits for each just-invited guest on the direct path, says so on the cards, and completes without Retry', async () => {
    const { w, clock, sleep, waits } = await lagging(20_000, 60_000);
    const request = await approvedRequest(w.db);
    const done = await w.saga({ clock, sleep, groupId: GUESTS_GROUP }).run(request.id);

    expect(done).toMatchObject({ status: 'completed', progress: { done: 3, total: 3 } });
    expect(done?.progress?.waiting).toBeUndefined();
    for (const p of PEOPLE) {
      const [user] = await usersByEmail(w.graph, p.email);
      expect(user).toMatchObject({ givenName: p.firstName, surname: p.lastName });
      expect((await assignmentsOf(w.graph, user.id)).map((a) => a.roleDefinitionId)).toEqual([SECURITY_READER]);
      expect(await memberIds(w.graph, GUESTS_GROUP)).toContain(user.id);
    }
    const waitingFor = w.events.log.progress.map((r) => r.progress?.waiting).filter(Boolean);
    expect(waitingFor).toEqual(PEOPLE.map((p) => p.email));
    // Back-off, not a busy loop: each guest's wait grows and stops soon after the 20 s lag is over.
    expect(waits.slice(0, 3)).toEqual([1000, 2000, 4000]);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThan(3 * 40_000);
    expect(w.events.log.failed).toEqual([]);
  });

  it('waits out the longer PIM lag and creates the schedule', async () => {
    const { w, clock, sleep, waits } = await lagging(10_000, 90_000);
    const request = await approvedRequest(w.db, { people: [PEOPLE[0]] });
    const done = await w.saga({ clock, sleep, pimEnabled: true }).run(request.id);

    expect(done?.status).toBe('completed');
    const [ana] = await usersByEmail(w.graph, PEOPLE[0].email);
    expect((await schedulesOf(w.graph, ana.id)).map((s) => s.roleDefinitionId)).toEqual([SECURITY_READER]);
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(90_000);
    expect(w.events.log.progress.some((r) => r.progress?.waiting === PEOPLE[0].email)).toBe(true);
  });

  it('fails only that person, with a sentence, once the wait outlasts the bound; Retry finishes the job', async () => {
    const { w, clock, sleep, waits } = await lagging(50_000, 50_000);
    const request = await approvedRequest(w.db, { people: [PEOPLE[0]] });
    const failed = await w.saga({ clock, sleep, replicationWaitMs: 30_000 }).run(request.id);

    expect(failed).toMatchObject({ status: 'failed', failure: { step: 'names' } });
    expect(failed?.failure?.message).toContain('Microsoft Entra had not finished creating the guest');
    expect(failed?.failure?.message).toContain(PEOPLE[0].email);
    expect(waits.reduce((a, b) => a + b, 0)).toBe(30_000);

    const retried = await w.saga({ clock, sleep, replicationWaitMs: 30_000 }).retry(request.id, ADMIN);
    expect(retried).toMatchObject({ status: 'completed' });
    expect(await usersByEmail(w.graph, PEOPLE[0].email)).toHaveLength(1);
  });
});
