import type { SagaLogger } from '../provisioning/provisioning-types';
import type { GdapRequestStore } from '../storage/gdap-types';
import type { AuditLog, SagaStore } from '../storage/request-types';
import type { GdapClient } from './gdap-client';
import { GDAP_ACTOR, GdapStepLog } from './gdap-step-log';
import { FINISHED_STATUSES, type GdapRequest, type GdapStatus, type GdapStep } from './gdap-types';

/** What the bot is told; a failing listener is logged and never stops the saga. */
export interface GdapEvents {
  /** The relationship is locked: send the customer's Global Administrator this approval link (and the hand-off). */
  handoff(req: GdapRequest, link: string): Promise<void>;
  /** The relationship's status in Graph changed (approvalPending, active, expired, terminated, …). */
  statusChanged(req: GdapRequest, status: GdapStatus): Promise<void>;
  /** The partner's group has the roles: hand out this tenant-explicit Security Copilot link (req.delivery.note). */
  delivered(req: GdapRequest, link: string): Promise<void>;
  /** req.failure = {message, reference, step}. */
  failed(req: GdapRequest): Promise<void>;
}

export interface GdapSagaDeps {
  readonly store: GdapRequestStore;
  readonly saga: SagaStore;
  readonly audit: AuditLog;
  readonly client: GdapClient;
  readonly events: GdapEvents;
  readonly clock: () => Date;
  /** This instance's id: the lease owner. */
  readonly owner: string;
  /** How long a lease lasts before another instance may take the work over; default 5 minutes. */
  readonly leaseMs?: number;
  /** Transient Graph failures in a row before the request fails; default 5. */
  readonly maxTransientFailures?: number;
  readonly logger?: SagaLogger;
}

/** Poll back-off: 1 min, 2 min, 5 min, 15 min, then hourly. */
export const BACKOFF_MS: readonly number[] = [60_000, 120_000, 300_000, 900_000, 3_600_000];
export const backoffDelay = (count: number): number =>
  BACKOFF_MS[Math.min(Math.max(count, 0), BACKOFF_MS.length - 1)] ?? 3_600_000;

const SETTLED = ['completed', 'failed', 'ended'];
const MAX_CONFLICTS = 5;

/** Someone else settled the request (or it was settled already): the saga must stop rather than overwrite it. */
export class StatusChanged extends Error {
  constructor(readonly request: GdapRequest) {
    super(`GDAP request ${request.id} is '${request.status}'; the saga stops`);
    this.name = 'StatusChanged';
  }
}

/** A step that cannot succeed as things stand, with the sentence to show. */
export class StepProblem extends Error {
  constructor(
    readonly step: GdapStep,
    message: string,
  ) {
    super(message);
    this.name = 'StepProblem';
  }
}

/** One advance() of one request: the latest stored copy, its step log, and the ways to change it. */
export class GdapRun {
  private constructor(
    readonly deps: GdapSagaDeps,
    public req: GdapRequest,
    readonly log: GdapStepLog,
  ) {}

  static async load(deps: GdapSagaDeps, req: GdapRequest): Promise<GdapRun> {
    return new GdapRun(deps, req, await GdapStepLog.load(deps.saga, deps.audit, req.id));
  }

  get relationshipId(): string {
    if (!this.req.relationshipId) throw new Error(`GdapRun: request ${this.req.id} has no relationship id yet`);
    return this.req.relationshipId;
  }

  /** Compare-and-set with re-apply on a version conflict; a settled request is never overwritten. */
  async update(change: (r: GdapRequest) => GdapRequest): Promise<GdapRequest> {
    let base = this.req;
    for (let conflicts = 0; conflicts < MAX_CONFLICTS; conflicts += 1) {
      if (SETTLED.includes(base.status)) throw new StatusChanged(base);
      const { id: _id, version: _version, ...next } = change(base);
      const saved = await this.deps.store.update(base.id, base.version, {
        ...next,
        updatedAt: this.deps.clock().toISOString(),
      });
      if (saved) return (this.req = saved);
      const fresh = await this.deps.store.get(base.id);
      if (!fresh) throw new Error(`GdapRun.update(): GDAP request ${base.id} disappeared`);
      base = fresh;
    }
    throw new Error(`GdapRun.update(): GDAP request ${base.id} kept changing (${MAX_CONFLICTS} conflicts)`);
  }

  /** Remembers the relationship status Graph reported; a change is audited and told. */
  async observe(status: GdapStatus, graphRequestId?: string): Promise<void> {
    const before = this.req.relationshipStatus;
    if (before === status) return;
    await this.update((r) => ({ ...r, relationshipStatus: status }));
    await this.deps.audit.append({
      ...GDAP_ACTOR,
      action: 'gdap.relationship-status',
      subject: this.req.id,
      before: { status: before ?? null },
      after: { status },
      detail: { relationshipId: this.req.relationshipId, graphRequestId },
    });
    await this.notify('statusChanged', () => this.deps.events.statusChanged(this.req, status));
  }

  /** Records one more "not yet" for a polling step and returns when to look again. */
  async waitPoll(step: GdapStep): Promise<Date> {
    const prev = this.req.poll;
    const count = prev?.step === step ? prev.count : 0;
    const nextCheckAt = new Date(this.deps.clock().getTime() + backoffDelay(count));
    await this.update((r) => ({ ...r, poll: { step, count: count + 1, nextCheckAt: nextCheckAt.toISOString() } }));
    return nextCheckAt;
  }

  /** After a refusal that may mean the relationship is over: its final status, or undefined when it is not. */
  async endedMeanwhile(): Promise<'expired' | 'terminated' | undefined> {
    const { relationship, requestId } = await this.deps.client.get(this.relationshipId);
    await this.observe(relationship.status, requestId);
    return FINISHED_STATUSES.includes(relationship.status)
      ? (relationship.status as 'expired' | 'terminated')
      : undefined;
  }

  /** Telling people is best effort: the relationship exists whether or not the message went out. */
  async notify(event: string, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.deps.logger?.warn({ gdapRequestId: this.req.id, event, err: error }, 'gdap: event listener failed');
    }
  }
}
