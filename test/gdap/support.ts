import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client, HTTPMessageHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { loadSeed, startLocalTenant, type LocalTenant, type Seed } from '../../src/dev/local-tenant';
import { GdapClient } from '../../src/services/gdap/gdap-client';
import { GdapSaga, type GdapEvents, type GdapSagaDeps } from '../../src/services/gdap/gdap-saga';
import { newGdapRequest, type GdapRequest, type GdapStatus } from '../../src/services/gdap/gdap-types';
import { createGraphClient } from '../../src/services/graph/graph-client';
import { openGdapStore, type GdapRequestStore } from '../../src/services/storage/gdap-store';
import { openSqliteDatabase } from '../../src/services/storage/sqlite-database';
import type { Database } from '../../src/services/storage/types';

export const PARTNER_TENANT = '06ada22e-cdb9-47a5-929d-963ebb2cda7c';
export const CUSTOMER_TENANT = '36c7329c-b523-4e04-9e39-10d06f8ebeb2';
export const ROLES = {
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  securityOperator: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  intuneAdministrator: '3a2c62db-5318-420d-8d74-23affee5d9d5',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
};
export const MINUTE = 60_000;

/** A clock the test moves by hand, shared by the local tenant and the saga. */
export function manualClock(start = '2026-03-01T09:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    clock: () => new Date(now),
    advance: (ms: number) => void (now += ms),
    set: (d: Date) => void (now = d.getTime()),
  };
}

export function seedWith(change: (seed: Seed) => void = () => undefined): Seed {
  const seed = structuredClone(loadSeed());
  change(seed);
  return seed;
}

/** Records what the saga told the bot. */
export function recordingEvents() {
  const log = {
    handoff: [] as { req: GdapRequest; link: string }[],
    status: [] as GdapStatus[],
    delivered: [] as { req: GdapRequest; link: string }[],
    failed: [] as GdapRequest[],
  };
  const events: GdapEvents = {
    handoff: async (req, link) => void log.handoff.push({ req, link }),
    statusChanged: async (_req, status) => void log.status.push(status),
    delivered: async (req, link) => void log.delivered.push({ req, link }),
    failed: async (req) => void log.failed.push(req),
  };
  return { log, events };
}

/** Graph middleware that edits the JSON of matching successful answers: the local tenant cannot produce every state. */
export function rewritingGraph(
  baseUrl: string,
  match: RegExp,
  edit: (body: Record<string, unknown>) => unknown,
): Client {
  let next: Middleware | undefined;
  const rewrite: Middleware = {
    setNext: (m) => void (next = m),
    execute: async (context: Context) => {
      await next?.execute(context);
      const url = typeof context.request === 'string' ? context.request : context.request.url;
      const response = context.response;
      if (!response?.ok || !match.test(url) || context.options?.method !== 'GET') return;
      const body = edit((await response.json()) as Record<string, unknown>);
      context.response = new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    },
  };
  const url = new URL(baseUrl);
  return Client.initWithMiddleware({
    middleware: [rewrite, new HTTPMessageHandler()],
    baseUrl: `${url.origin}/`,
    defaultVersion: 'v1.0',
  });
}

export interface GdapWorld {
  readonly tenant: LocalTenant;
  readonly time: ReturnType<typeof manualClock>;
  readonly graph: Client;
  readonly client: GdapClient;
  readonly db: Database;
  readonly store: GdapRequestStore;
  readonly file: string;
  readonly events: ReturnType<typeof recordingEvents>;
  saga(over?: Partial<GdapSagaDeps>): GdapSaga;
  /** A stored request for the customer with the default template roles. */
  request(over?: Partial<Parameters<typeof newGdapRequest>[0]>): Promise<GdapRequest>;
  hook(id: string, action: 'approve' | 'expire' | 'terminate'): Promise<void>;
  /** A second, independent SQLite handle on the same file, as another instance (or a restart) would open. */
  reopenStore(): GdapRequestStore;
  close(): Promise<void>;
}

export async function startGdapWorld(seed: Seed = seedWith()): Promise<GdapWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpa-gdap-'));
  const file = path.join(dir, 'gdap.db');
  const time = manualClock();
  const tenant = await startLocalTenant({ port: 0, seed, clock: time.clock });
  const graph = createGraphClient({ baseUrl: tenant.graphBaseUrl });
  const client = new GdapClient(graph);
  const db = openSqliteDatabase(file, time.clock);
  const handles: BetterSqlite3.Database[] = [];
  const reopenStore = () => {
    const handle = new BetterSqlite3(file);
    handle.pragma('busy_timeout = 5000');
    handles.push(handle);
    return openGdapStore({ kind: 'sqlite', db: handle });
  };
  const store = reopenStore();
  const events = recordingEvents();
  return {
    tenant,
    time,
    graph,
    client,
    db,
    store,
    file,
    events,
    reopenStore,
    saga: (over = {}) =>
      new GdapSaga({
        store,
        saga: db.saga,
        audit: db.audit,
        client,
        events: events.events,
        clock: time.clock,
        owner: 'instance-a',
        ...over,
      }),
    request: async (over = {}) => {
      const req = newGdapRequest(
        {
          id: randomUUID(),
          displayName: `Fabrikam SOC ${randomUUID().slice(0, 8)}`,
          customer: { tenantId: CUSTOMER_TENANT, displayName: 'Fabrikam MSSP (simulated)' },
          partner: { name: 'Contoso Partner (simulated)', tenantId: PARTNER_TENANT },
          requestedBy: { aadObjectId: '05880bf4-c5eb-4e30-a9eb-59f9190fa859', name: 'Alex Wilber' },
          durationDays: 180,
          autoExtend: false,
          roleIds: [ROLES.securityReader, ROLES.globalReader, ROLES.securityOperator],
          ...over,
        },
        time.clock(),
      );
      await store.create(req);
      return req;
    },
    hook: async (id, action) => {
      const response = await fetch(`${tenant.url}/_local/gdap/${id}/${action}`, { method: 'POST' });
      if (!response.ok)
        throw new Error(`/_local/gdap/${id}/${action} answered ${response.status}: ${await response.text()}`);
    },
    close: async () => {
      handles.forEach((h) => h.open && h.close());
      await db.close();
      await tenant.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
