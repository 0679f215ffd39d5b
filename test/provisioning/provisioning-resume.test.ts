import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { B2bOperations, type InviteOptions, type Names } from '../../src/services/graph/b2b-operations';
import type { PartnerPerson } from '../../src/services/requests/types';
import { assignmentsOf, invitationsTo, usersByEmail } from './graph-checks';
import { approvedRequest, PEOPLE, SECURITY_READER, startWorld, type World } from './saga-harness';

class SimulatedCrash extends Error {}

/** B2B operations that "crash the process" right after Graph did the work, before the saga could record it. */
class CrashingB2b extends B2bOperations {
  crashAfterInviteOf?: string;
  crashAfterBatchFor?: string;

  override async invite(person: PartnerPerson, o: InviteOptions) {
    const result = await super.invite(person, o);
    if (person.email === this.crashAfterInviteOf) throw new SimulatedCrash('crash after invite');
    return result;
  }

  override async setNamesAndAssignRole(userId: string, names: Names, roleDefinitionId: string) {
    const result = await super.setNamesAndAssignRole(userId, names, roleDefinitionId);
    if (names.givenName === this.crashAfterBatchFor) throw new SimulatedCrash('crash after names and role');
    return result;
  }
}

const LEASE_MS = 60_000;
let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => world.close());

async function crashThenResume(arm: (b2b: CrashingB2b) => void) {
  const { db } = world;
  const request = await approvedRequest(db);
  const crashing = new CrashingB2b(world.graph, { tenantId: world.tenant.tenantId });
  arm(crashing);
  const t0 = new Date();
  await expect(world.saga({ b2b: crashing, clock: () => t0, leaseMs: LEASE_MS }).run(request.id)).rejects.toThrow(
    SimulatedCrash,
  );
  // A process that dies never releases its lease: take it back as the dead instance held it.
  expect(await db.requests.claim(request.id, 'instance-a', new Date(t0.getTime() + LEASE_MS), t0)).toBe(true);
  expect((await db.requests.get(request.id))?.status).toBe('provisioning');

  const early = world.saga({ owner: 'instance-b', clock: () => new Date(t0.getTime() + 1000), leaseMs: LEASE_MS });
  expect(await early.run(request.id)).toBeUndefined();

  const later = world.saga({
    owner: 'instance-b',
    clock: () => new Date(t0.getTime() + LEASE_MS + 1000),
    leaseMs: LEASE_MS,
  });
  await later.resumeAll();
  return request;
}

async function expectExactlyOneOfEach() {
  for (const p of PEOPLE) {
    const users = await usersByEmail(world.graph, p.email);
    expect(users, p.email).toHaveLength(1);
    expect(users[0]).toMatchObject({ givenName: p.firstName, surname: p.lastName, displayName: p.displayName });
    const roles = await assignmentsOf(world.graph, users[0].id);
    expect(roles.map((r) => r.roleDefinitionId)).toEqual([SECURITY_READER]);
    expect(await invitationsTo(world.tenant, p.email)).toHaveLength(1);
  }
}

describe('ProvisioningSaga after a crash', () => {
  it('re-uses the guest that was invited just before the crash and never invites twice', async () => {
    const request = await crashThenResume((b2b) => {
      b2b.crashAfterInviteOf = PEOPLE[1].email;
    });
    expect(await world.db.requests.get(request.id)).toMatchObject({
      status: 'completed',
      progress: { done: 3, total: 3 },
    });
    await expectExactlyOneOfEach();

    const people = world.events.log.completed[0]?.people ?? [];
    expect(people.map((p) => p.invited)).toEqual([true, true, true]);
    const steps = await world.db.saga.list(request.id);
    const ben = steps.filter((s) => s.item === PEOPLE[1].email);
    expect(ben.find((s) => s.step === 'find-or-invite')).toMatchObject({ state: 'done', attempt: 2 });
    // Ana was finished before the crash: nothing of hers ran again.
    expect(steps.filter((s) => s.item === PEOPLE[0].email).every((s) => s.attempt === 1)).toBe(true);
  });

  it('finds names and role already in place when the crash came right after the batch', async () => {
    const request = await crashThenResume((b2b) => {
      b2b.crashAfterBatchFor = PEOPLE[0].firstName;
    });
    expect((await world.db.requests.get(request.id))?.status).toBe('completed');
    await expectExactlyOneOfEach();
    const ana = (await world.db.saga.list(request.id)).filter((s) => s.item === PEOPLE[0].email);
    expect(ana.find((s) => s.step === 'names')?.result).toMatchObject({ unchanged: true });
    const role = ana.find((s) => s.step === 'role')?.result;
    expect(role?.existing).toBe(true);
    expect(role?.roleAssignmentId).toBeTypeOf('string');
  });
});
