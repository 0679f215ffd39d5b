import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { B2bOperations, type Names } from '../../src/services/graph/b2b-operations';
import {
  ProvisioningSaga,
  type ProvisionedPerson,
  type ProvisioningSagaDeps,
} from '../../src/services/provisioning/provisioning-saga';
import type { AccessRequest } from '../../src/services/requests/types';
import { assignmentsOf } from '../provisioning/graph-checks';
import { partnerDomainOn } from '../provisioning/saga-harness';
import { pgSchemas } from './pg-schemas';
import { ADMIN, DAY, person, startLifecycleWorld, type LifecycleWorld } from './lifecycle-harness';

let world: LifecycleWorld;
afterEach(async () => world.close());
const pg = pgSchemas();
afterAll(() => pg.dropAll());

const ANA = person('ana', 'Ana', 'Ruiz');
const BEN = person('ben', 'Ben', 'Okafor');

class SimulatedCrash extends Error {}

/** Dies right after Graph assigned Ana's role, before the saga could write the step down. */
class CrashAfterRole extends B2bOperations {
  override async setNamesAndAssignRole(userId: string, names: Names, roleDefinitionId: string): Promise<never> {
    await super.setNamesAndAssignRole(userId, names, roleDefinitionId);
    throw new SimulatedCrash(`crash after the role of ${names.givenName}`);
  }
}

async function approvedRequest(): Promise<AccessRequest> {
  const now = world.clock.now();
  const request: AccessRequest = {
    id: randomUUID(),
    version: 1,
    status: 'approved',
    kind: 'request',
    people: [ANA, BEN],
    role: 'security-reader',
    durationDays: 30,
    justification: 'Incident response retainer, ticket INC-1042',
    requester: { aadObjectId: randomUUID(), name: 'Patti Fernandez', tenantId: '36c7329c-b523-4e04-9e39-10d06f8ebeb2' },
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 30 * DAY).toISOString(),
  };
  await world.db.requests.create(request);
  return request;
}

/** The real saga; once Ana is done, Ben's invitation is refused for good (403) by the local tenant. */
function saga(over: Partial<ProvisioningSagaDeps> = {}): ProvisioningSaga {
  const lifecycle = world.lifecycle();
  return new ProvisioningSaga({
    requests: world.db.requests,
    saga: world.db.saga,
    audit: world.db.audit,
    b2b: new B2bOperations(world.graph, { tenantId: world.tenant.tenantId }),
    clock: world.clock.now,
    owner: 'instance-a',
    pimEnabled: false,
    tenantId: world.tenant.tenantId,
    partnerDomain: partnerDomainOn(world.graph, world.tenant.tenantId),
    events: {
      progress: async (r) => {
        if (r.progress?.done === 1)
          world.tenant.failNext({ status: 403, path: '/invitations', method: 'POST', count: 5 });
      },
      completed: async () => undefined,
      failed: async () => undefined,
    },
    onGranted: async (r, p) => void (await lifecycle.recordGrants(r, p, false)),
    sleep: async () => undefined,
    ...over,
  });
}

/** Ana holds the role, Ben failed for good: Ana's grant is on record once, with its end and jobs, and revocable. */
async function expectAnaOnRecordOnce(request: AccessRequest) {
  const { db, graph } = world;
  expect(await db.requests.get(request.id)).toMatchObject({ status: 'failed', failure: { step: 'find-or-invite' } });
  expect(await db.grants.listByEmail(BEN.email)).toEqual([]);
  const grants = await db.grants.listByEmail(ANA.email);
  expect(grants).toHaveLength(1);
  const [grant] = grants;
  expect(grant).toMatchObject({ requestId: request.id, status: 'active', expiresAt: request.expiresAt });
  expect(await assignmentsOf(graph, grant.userId)).toHaveLength(1);
  expect(await db.audit.list({ subject: grant.id, action: 'grant.recorded' })).toHaveLength(1);
  const jobs = (await db.jobs.list({ status: 'pending' })).filter((j) => j.payload.grantId === grant.id);
  expect(jobs.map((j) => j.kind).sort()).toEqual(['grant.expire', 'grant.remind', 'grant.remind']);

  const outcome = await world.lifecycle().revoke(grant.id, { reason: 'the request failed', by: ADMIN });
  expect(outcome).toMatchObject({ outcome: 'revoked' });
  expect(await assignmentsOf(graph, grant.userId)).toEqual([]);
  expect(await db.jobs.list({ status: 'pending' })).toEqual([]);
}

describe('a grant is on record as soon as its role is assigned', () => {
  it('keeps the first person on record, with an expiry, when the second person fails for good', async () => {
    world = await startLifecycleWorld();
    const request = await approvedRequest();
    expect(await saga().run(request.id)).toMatchObject({ status: 'failed' });
    await expectAnaOnRecordOnce(request);
  });

  const crashes: Array<[string, (recorded: ProvisioningSagaDeps['onGranted']) => Partial<ProvisioningSagaDeps>]> = [
    ['after the role assignment, before the step was written down', () => ({ b2b: crashing() })],
    ['after the role step, before the grant was recorded', () => ({ onGranted: crashOnce('before') })],
    ['right after the grant was recorded', () => ({ onGranted: crashOnce('after') })],
  ];
  const databases: Array<[string, () => string | undefined]> = [
    ['SQLite', () => undefined],
    ['PostgreSQL', () => pg.freshUrl()],
  ];
  describe.each(databases)('%s', (_, url) => {
    it.each(crashes)('records exactly one grant after a crash %s and a resume', async (_, arm) => {
      world = await startLifecycleWorld({ databaseUrl: url() });
      const request = await approvedRequest();
      await expect(saga(arm(undefined)).run(request.id)).rejects.toThrow(SimulatedCrash);
      expect((await world.db.requests.get(request.id))?.status).toBe('provisioning');
      await saga({ owner: 'instance-b' }).resumeAll();
      await expectAnaOnRecordOnce(request);
    });
  });
});

function crashing(): B2bOperations {
  return new CrashAfterRole(world.graph, { tenantId: world.tenant.tenantId });
}

function crashOnce(when: 'before' | 'after'): NonNullable<ProvisioningSagaDeps['onGranted']> {
  const lifecycle = world.lifecycle();
  return async (request: AccessRequest, people: ProvisionedPerson[]) => {
    if (when === 'after') await lifecycle.recordGrants(request, people, false);
    throw new SimulatedCrash(`crash ${when} recording ${people[0]?.email}`);
  };
}
