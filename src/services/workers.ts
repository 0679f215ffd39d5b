import type { Client } from '@microsoft/microsoft-graph-client';
import { GdapClient } from './gdap/gdap-client';
import { GdapSaga, type GdapEvents } from './gdap/gdap-saga';
import { B2bOperations } from './graph/b2b-operations';
import { findBotBlock } from './lifecycle/blocked-by-bot';
import { LifecycleService, type LifecycleConfig, type LifecycleNotifications } from './lifecycle';
import type { Logger } from './logging/logger';
import { ProvisioningSaga } from './provisioning/provisioning-saga';
import type { ProvisioningEvents } from './provisioning/provisioning-types';
import { RequestFulfiller } from './requests/request-fulfiller';
import type { Database, RequestStore } from './storage/types';

export interface WorkerOptions {
  readonly db: Database;
  readonly graph: Client;
  readonly tenantId: string;
  /** The home tenant's name: the partner's name on GDAP relationships made by this deployment. */
  readonly tenantName?: string;
  readonly clock: () => Date;
  /** This instance's id: the owner of every lease it takes. */
  readonly owner: string;
  readonly pimEnabled: boolean;
  /** Whether a domain belongs to an allow-listed partner (TenantPolicy.classifyDomain). */
  readonly partnerDomain: (domain: string) => Promise<boolean>;
  readonly partnerGroupId?: string;
  readonly provisioningLeaseMs?: number;
  readonly replicationWaitMs?: number;
  readonly lifecycle: LifecycleConfig;
  readonly logger?: Logger;
}

/** The B2B saga's view of the requests: GDAP requests belong to the GDAP saga, so its resume never picks one up. */
function withoutGdap(store: RequestStore): RequestStore {
  return {
    create: (r) => store.create(r),
    get: (id) => store.get(id),
    update: (id, version, next) => store.update(id, version, next),
    listByRequester: (aad, limit) => store.listByRequester(aad, limit),
    listByStatus: async (statuses, limit) =>
      (await store.listByStatus(statuses, limit)).filter((r) => r.kind !== 'gdap'),
    claim: (id, owner, until, now) => store.claim(id, owner, until, now),
    release: (id, owner) => store.release(id, owner),
  };
}

/**
 * The background workers, built once the bot can report on them: provisioning (B2B saga), GDAP (partner side),
 * lifecycle (grants, expiry, reminders, drift) and the fulfiller that routes an approved request to the right one.
 */
export function createWorkers(
  o: WorkerOptions,
  hooks: { provisioning: ProvisioningEvents; lifecycle: LifecycleNotifications; gdap?: GdapEvents },
) {
  const lifecycle = new LifecycleService({
    stores: o.db,
    graph: o.graph,
    clock: o.clock,
    owner: o.owner,
    config: o.lifecycle,
    notifications: hooks.lifecycle,
    logger: o.logger?.child({ component: 'lifecycle' }),
  });
  const saga = new ProvisioningSaga({
    requests: withoutGdap(o.db.requests),
    saga: o.db.saga,
    audit: o.db.audit,
    b2b: new B2bOperations(o.graph, { tenantId: o.tenantId }),
    clock: o.clock,
    owner: o.owner,
    leaseMs: o.provisioningLeaseMs,
    replicationWaitMs: o.replicationWaitMs,
    pimEnabled: o.pimEnabled,
    partnerDomain: o.partnerDomain,
    groupId: o.partnerGroupId,
    tenantId: o.tenantId,
    events: hooks.provisioning,
    onGranted: (request, people) => lifecycle.recordGrants(request, people, o.pimEnabled).then(() => undefined),
    findBotBlock: (userId) => findBotBlock(o.db, userId),
    logger: o.logger?.child({ component: 'provisioning' }),
  });
  const gdapClient = new GdapClient(o.graph);
  const gdapSaga = new GdapSaga({
    store: o.db.gdap,
    saga: o.db.saga,
    audit: o.db.audit,
    client: gdapClient,
    events: hooks.gdap ?? SILENT_GDAP_EVENTS,
    clock: o.clock,
    owner: o.owner,
    logger: o.logger?.child({ component: 'gdap' }),
  });
  const provisioner = new RequestFulfiller({
    saga,
    lifecycle,
    requests: o.db.requests,
    audit: o.db.audit,
    events: hooks.provisioning,
    clock: o.clock,
    gdap: {
      store: o.db.gdap,
      saga: gdapSaga,
      jobs: o.db.jobs,
      partner: { name: o.tenantName ?? o.tenantId, tenantId: o.tenantId },
    },
  });
  return { provisioner, lifecycle, saga, gdap: { client: gdapClient, jobHandlers: provisioner.jobHandlers() } };
}

const SILENT_GDAP_EVENTS: GdapEvents = {
  handoff: async () => undefined,
  statusChanged: async () => undefined,
  delivered: async () => undefined,
  failed: async () => undefined,
};
