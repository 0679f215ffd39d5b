import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@microsoft/microsoft-graph-client';
import { loadSeed, startLocalTenant, type LocalTenant, type Seed } from '../../src/dev/local-tenant';
import { B2bOperations } from '../../src/services/graph/b2b-operations';
import { createGraphClient } from '../../src/services/graph/graph-client';
import {
  DEFAULT_LIFECYCLE_CONFIG,
  LifecycleService,
  Scheduler,
  type DriftReport,
  type Grant,
  type GrantActor,
  type LifecycleConfig,
  type LifecycleDeps,
  type LifecycleNotifications,
} from '../../src/services/lifecycle';
import { ProvisioningSaga } from '../../src/services/provisioning/provisioning-saga';
import type { AccessRequest, PartnerPerson, RoleKey } from '../../src/services/requests/types';
import { openDatabase } from '../../src/services/storage/open-database';
import type { Database } from '../../src/services/storage/types';
import { partnerDomainOn } from '../provisioning/saga-harness';

export const DAY = 86_400_000;
export const MINUTE = 60_000;
export const ADMIN: GrantActor = { id: '05880bf4-c5eb-4e30-a9eb-59f9190fa859', name: 'Alex Wilber' };
export const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

/** A clock the test moves by hand, shared by the local tenant, the database and the services. */
export class TestClock {
  private t: number;
  constructor(start: string | Date = '2026-03-02T09:00:00.000Z') {
    this.t = new Date(start).getTime();
  }
  readonly now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
  set(to: string | Date): void {
    this.t = new Date(to).getTime();
  }
}

export function person(alias: string, first = alias, last = 'Partner'): PartnerPerson {
  return {
    email: `${alias}@fabrikam-mssp.example`,
    firstName: first,
    lastName: last,
    displayName: `${first} ${last} (Fabrikam)`,
  };
}

/** What the services told "the bot". */
export function recordingNotifications() {
  const log = {
    reminders: [] as { grantId: string; daysLeft: number; requestId?: string }[],
    revoked: [] as { grantId: string; reason: string; by: GrantActor; requestId?: string }[],
    failed: [] as Grant[],
    drift: [] as DriftReport[],
  };
  const notifications: LifecycleNotifications = {
    reminder: async (grant, request, daysLeft) => {
      log.reminders.push({ grantId: grant.id, daysLeft, requestId: request?.id });
      return true;
    },
    revoked: async (grant, request, reason, by) =>
      void log.revoked.push({ grantId: grant.id, reason, by, requestId: request?.id }),
    revocationFailed: async (grant) => void log.failed.push(grant),
    drift: async (report) => void log.drift.push(report),
  };
  return { log, notifications };
}

export interface WorldOptions {
  readonly config?: Partial<LifecycleConfig>;
  readonly seed?: (seed: Seed) => void;
  /** Default: a fresh SQLite file. */
  readonly databaseUrl?: string;
}

export interface LifecycleWorld {
  readonly tenant: LocalTenant;
  readonly graph: Client;
  readonly db: Database;
  readonly url: string;
  readonly clock: TestClock;
  readonly notes: ReturnType<typeof recordingNotifications>;
  readonly config: LifecycleConfig;
  /** A lifecycle service; pass another db (a second connection) and owner to play a second instance. */
  lifecycle(over?: Partial<LifecycleDeps>): LifecycleService;
  scheduler(service?: LifecycleService, owner?: string, db?: Database): Scheduler;
  /** Approves and provisions a request through the real saga, which records the grants via onGranted. */
  grant(people: PartnerPerson[], o?: { days?: number | null; role?: RoleKey; pim?: boolean }): Promise<Grant[]>;
  /** Another connection on the same database: another instance of the bot. */
  openAgain(): Promise<Database>;
  close(): Promise<void>;
}

export async function startLifecycleWorld(options: WorldOptions = {}): Promise<LifecycleWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpa-life-'));
  const url = options.databaseUrl ?? `sqlite:${path.join(dir, 'life.db')}`;
  const clock = new TestClock();
  const seed = structuredClone(loadSeed());
  options.seed?.(seed);
  const tenant = await startLocalTenant({ port: 0, clock: clock.now, seed });
  const graph = createGraphClient({ baseUrl: tenant.graphBaseUrl });
  const db = await openDatabase(url, clock.now);
  const others: Database[] = [];
  const notes = recordingNotifications();
  const config: LifecycleConfig = { ...DEFAULT_LIFECYCLE_CONFIG, ...options.config };
  const lifecycle = (over: Partial<LifecycleDeps> = {}) =>
    new LifecycleService({
      stores: db,
      graph,
      clock: clock.now,
      owner: 'instance-a',
      config,
      notifications: notes.notifications,
      ...over,
    });
  const main = lifecycle();
  return {
    tenant,
    graph,
    db,
    url,
    clock,
    notes,
    config,
    lifecycle,
    scheduler: (service = main, owner = 'instance-a', store = db) =>
      new Scheduler({ jobs: store.jobs, handlers: service.jobHandlers(), clock: clock.now, owner, backoffMs: MINUTE }),
    grant: async (people, o = {}) => {
      const now = clock.now();
      const days = o.days === undefined ? 30 : o.days;
      const request: AccessRequest = {
        id: randomUUID(),
        version: 1,
        status: 'approved',
        kind: 'request',
        people,
        role: o.role ?? 'security-reader',
        durationDays: days,
        justification: 'Incident response retainer, ticket INC-1042',
        requester: {
          aadObjectId: randomUUID(),
          name: 'Patti Fernandez',
          tenantId: '36c7329c-b523-4e04-9e39-10d06f8ebeb2',
        },
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        ...(days === null ? {} : { expiresAt: new Date(now.getTime() + days * DAY).toISOString() }),
      };
      await db.requests.create(request);
      const pim = o.pim ?? false;
      const saga = new ProvisioningSaga({
        requests: db.requests,
        saga: db.saga,
        audit: db.audit,
        b2b: new B2bOperations(graph, { tenantId: tenant.tenantId }),
        clock: clock.now,
        owner: 'instance-a',
        pimEnabled: pim,
        partnerDomain: partnerDomainOn(graph, tenant.tenantId),
        tenantId: tenant.tenantId,
        events: { progress: async () => undefined, completed: async () => undefined, failed: async () => undefined },
        onGranted: async (r, p) => void (await main.recordGrants(r, p, pim)),
        sleep: async () => undefined,
      });
      const done = await saga.run(request.id);
      if (done?.status !== 'completed')
        throw new Error(`provisioning ended ${done?.status}: ${done?.failure?.message}`);
      // Grant ids are random, so the store's order says nothing: hand them back in the order the people were given.
      const grants = await db.grants.listByRequest(request.id);
      const at = (g: Grant) => people.findIndex((p) => p.email.toLowerCase() === g.email.toLowerCase());
      return grants.sort((a, b) => at(a) - at(b));
    },
    openAgain: async () => {
      const again = await openDatabase(url, clock.now);
      others.push(again);
      return again;
    },
    close: async () => {
      await Promise.all(others.map((d) => d.close()));
      await db.close();
      await tenant.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The guest as the tenant sees it: 'gone' after a delete, else whether sign-in is enabled. */
export async function guestState(graph: Client, userId: string): Promise<'enabled' | 'blocked' | 'gone'> {
  try {
    const user = (await graph.api(`/users/${userId}?$select=id,accountEnabled`).get()) as { accountEnabled: boolean };
    return user.accountEnabled ? 'enabled' : 'blocked';
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return 'gone';
    throw error;
  }
}

/** Runs scheduler ticks until nothing is due. */
export async function drain(scheduler: Scheduler): Promise<number> {
  let total = 0;
  for (let ran = await scheduler.tick(); ran > 0; ran = await scheduler.tick()) total += ran;
  return total;
}
