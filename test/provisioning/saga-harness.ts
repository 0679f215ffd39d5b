import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@microsoft/microsoft-graph-client';
import {
  loadSeed,
  startLocalTenant,
  type LocalTenant,
  type LocalTenantOptions,
  type Seed,
} from '../../src/dev/local-tenant';
import { TenantPolicy } from '../../src/services/access/tenant-policy';
import { B2bOperations } from '../../src/services/graph/b2b-operations';
import { createGraphClient } from '../../src/services/graph/graph-client';
import {
  ProvisioningSaga,
  type ProvisionedPerson,
  type ProvisioningSagaDeps,
} from '../../src/services/provisioning/provisioning-saga';
import type { AccessRequest, PartnerPerson, RequestActor } from '../../src/services/requests/types';
import { openDatabase } from '../../src/services/storage/open-database';
import type { Database } from '../../src/services/storage/types';

export const GUESTS_GROUP = 'dc1c3bd2-d68e-48cd-b1cd-5219f0631879';
export const SECURITY_READER = '5d6b6bb7-de71-4623-b4af-96380a352509';
export const SECURITY_OPERATOR = '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f';
export const ADMIN: RequestActor = {
  aadObjectId: '05880bf4-c5eb-4e30-a9eb-59f9190fa859',
  name: 'Alex Wilber',
  tenantId: '06ada22e-cdb9-47a5-929d-963ebb2cda7c',
};

export function person(alias: string, first: string, last: string): PartnerPerson {
  return {
    email: `${alias}@fabrikam-mssp.example`,
    firstName: first,
    lastName: last,
    displayName: `${first} ${last} (Fabrikam)`,
  };
}
export const PEOPLE = [person('ana', 'Ana', 'Ruiz'), person('ben', 'Ben', 'Okafor'), person('chen', 'Chen', "O'Neil")];

/** The shipped seed, deep-copied so a test can change it. */
export function seedWith(change: (seed: Seed) => void): Seed {
  const seed = structuredClone(loadSeed());
  change(seed);
  return seed;
}

/** The real tenant policy over the local tenant: Fabrikam's domain is the allow-listed partner's. */
export function partnerDomainOn(graph: Client, homeTenantId: string): (domain: string) => Promise<boolean> {
  const tenants = new TenantPolicy(graph, {
    homeTenantId,
    partnerTenantIds: [],
    partnerDomains: ['fabrikam-mssp.example'],
  });
  return async (domain) => (await tenants.classifyDomain(domain)) === 'partner';
}

/** Records what the saga told the bot. */
export function recordingEvents() {
  const log = {
    progress: [] as AccessRequest[],
    completed: [] as { request: AccessRequest; people: ProvisionedPerson[] }[],
    failed: [] as AccessRequest[],
  };
  const events = {
    progress: async (r: AccessRequest) => void log.progress.push(r),
    completed: async (request: AccessRequest, people: ProvisionedPerson[]) =>
      void log.completed.push({ request, people }),
    failed: async (r: AccessRequest) => void log.failed.push(r),
  };
  return { log, events };
}

export interface World {
  readonly tenant: LocalTenant;
  readonly graph: Client;
  readonly db: Database;
  readonly file: string;
  readonly events: ReturnType<typeof recordingEvents>;
  readonly partnerDomain: (domain: string) => Promise<boolean>;
  /** A saga over this world; `b2b` and the rest can be replaced per test. */
  saga(over?: Partial<ProvisioningSagaDeps>): ProvisioningSaga;
  b2b(): B2bOperations;
  close(): Promise<void>;
}

export const noSleep = async () => undefined;

export async function startWorld(options: LocalTenantOptions = {}): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpa-saga-'));
  const file = path.join(dir, 'saga.db');
  const tenant = await startLocalTenant({ port: 0, ...options });
  const graph = createGraphClient({ baseUrl: tenant.graphBaseUrl });
  const db = await openDatabase(`sqlite:${file}`);
  const events = recordingEvents();
  const b2b = () => new B2bOperations(graph, { tenantId: tenant.tenantId });
  const partnerDomain = partnerDomainOn(graph, tenant.tenantId);
  return {
    partnerDomain,
    tenant,
    graph,
    db,
    file,
    events,
    b2b,
    saga: (over = {}) =>
      new ProvisioningSaga({
        requests: db.requests,
        saga: db.saga,
        audit: db.audit,
        b2b: b2b(),
        clock: () => new Date(),
        owner: 'instance-a',
        pimEnabled: false,
        partnerDomain,
        tenantId: tenant.tenantId,
        events: events.events,
        sleep: noSleep,
        ...over,
      }),
    close: async () => {
      await db.close();
      await tenant.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Stores an approved request, as the approval service leaves it. */
export async function approvedRequest(db: Database, over: Partial<AccessRequest> = {}): Promise<AccessRequest> {
  const now = new Date();
  const request: AccessRequest = {
    id: randomUUID(),
    version: 1,
    status: 'approved',
    kind: 'request',
    people: PEOPLE,
    role: 'security-reader',
    durationDays: 30,
    justification: 'Incident response retainer, ticket INC-1042',
    requester: { aadObjectId: randomUUID(), name: 'Patti Fernandez', tenantId: '36c7329c-b523-4e04-9e39-10d06f8ebeb2' },
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    ...over,
  };
  await db.requests.create(request);
  return request;
}
