import type { Client } from '@microsoft/microsoft-graph-client';
import { B2bOperations } from './graph/b2b-operations';
import { LifecycleService, type LifecycleConfig, type LifecycleNotifications } from './lifecycle';
import type { Logger } from './logging/logger';
import { ProvisioningSaga } from './provisioning/provisioning-saga';
import type { ProvisioningEvents } from './provisioning/provisioning-types';
import { RequestFulfiller } from './requests/request-fulfiller';
import type { Database } from './storage/types';

export interface WorkerOptions {
  readonly db: Database;
  readonly graph: Client;
  readonly tenantId: string;
  readonly clock: () => Date;
  /** This instance's id: the owner of every lease it takes. */
  readonly owner: string;
  readonly pimEnabled: boolean;
  readonly partnerGroupId?: string;
  readonly provisioningLeaseMs?: number;
  readonly lifecycle: LifecycleConfig;
  readonly logger?: Logger;
}

/**
 * The background workers, built once the bot can report on them: provisioning (B2B saga), lifecycle (grants,
 * expiry, reminders, drift) and the fulfiller that routes an approved request to the right one.
 */
export function createWorkers(
  o: WorkerOptions,
  hooks: { provisioning: ProvisioningEvents; lifecycle: LifecycleNotifications },
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
    requests: o.db.requests,
    saga: o.db.saga,
    audit: o.db.audit,
    b2b: new B2bOperations(o.graph, { tenantId: o.tenantId }),
    clock: o.clock,
    owner: o.owner,
    leaseMs: o.provisioningLeaseMs,
    pimEnabled: o.pimEnabled,
    groupId: o.partnerGroupId,
    tenantId: o.tenantId,
    events: hooks.provisioning,
    onGranted: (request, people) => lifecycle.recordGrants(request, people, o.pimEnabled).then(() => undefined),
    logger: o.logger?.child({ component: 'provisioning' }),
  });
  const provisioner = new RequestFulfiller({
    saga,
    lifecycle,
    requests: o.db.requests,
    audit: o.db.audit,
    events: hooks.provisioning,
    clock: o.clock,
  });
  return { provisioner, lifecycle, saga };
}
