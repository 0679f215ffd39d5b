import { randomBytes, randomUUID } from 'node:crypto';
import type { Grant, GrantChange, GrantStatus } from '../storage/types';
import { cancelGrantJobs } from './job-keys';
import { asChange, updateGrant } from './grant-updater';
import { LifecycleGraph } from './lifecycle-graph';
import {
  EXPIRY_REASON,
  silentLogger,
  SYSTEM_ACTOR,
  type LifecycleDeps,
  type LifecycleLogger,
  type RevokeOptions,
  type RevokeOutcome,
} from './lifecycle-types';
import { revocationFailureSentence } from './revocation-failure';
import { RevocationStepFailed, runRevocationSteps } from './revocation-steps';

const DEFAULT_LEASE_MS = 5 * 60_000;

const withoutFailure = ({ failure: _f, ...g }: GrantChange): GrantChange => g;
const withoutLease = ({ lease: _l, ...g }: GrantChange): GrantChange => g;

/**
 * Ends a grant durably and exactly once: the grant moves active → revoking under a lease (a compare-and-set, so two
 * instances never both start), the Graph steps are recorded before and after they run, and only the holder of the
 * lease marks the grant revoked, audits it and tells people.
 */
export class RevocationSaga {
  private readonly log: LifecycleLogger;
  private readonly leaseMs: number;
  private readonly graph: LifecycleGraph;

  constructor(private readonly deps: LifecycleDeps) {
    this.log = deps.logger ?? silentLogger;
    this.leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
    this.graph = new LifecycleGraph(deps.graph);
  }

  /**
   * Revokes (or resumes, or retries after a failure) one grant. A revocation already begun keeps the reason and
   * actor it began with; a retry is audited under the caller.
   */
  async revoke(grantId: string, options: RevokeOptions): Promise<RevokeOutcome> {
    const { grants } = this.deps.stores;
    const found = await grants.get(grantId);
    if (!found) return { outcome: 'not-found', grantId };
    const now = this.deps.clock();
    // Unique per call, so two calls on the same instance exclude each other too.
    const holder = `${this.deps.owner}#${randomUUID()}`;
    let before: GrantStatus = found.status;
    const taken = await updateGrant(grants, found, (g) => {
      before = g.status;
      if (g.status === 'revoked') return undefined;
      if (g.status === 'revoking' && g.lease && Date.parse(g.lease.until) > now.getTime()) return undefined;
      const begun = g.status !== 'active';
      return {
        ...withoutFailure(asChange(g)),
        status: 'revoking',
        revokeReason: begun ? (g.revokeReason ?? options.reason) : options.reason,
        revokedBy: begun ? (g.revokedBy ?? options.by) : options.by,
        lease: { owner: holder, until: new Date(now.getTime() + this.leaseMs).toISOString() },
      };
    });
    if ('skipped' in taken) {
      const g = taken.skipped;
      return g.status === 'revoked' ? { outcome: 'already-revoked', grant: g } : { outcome: 'in-progress', grant: g };
    }
    if (before === 'failed')
      await this.audit(taken.saved, 'grant.revoke.retried', options.by, { failure: found.failure });
    return this.run(taken.saved, before, holder);
  }

  /** Every active grant past its expiry, and every revocation a crash left half-done: the start-up catch-up. */
  async expireDue(): Promise<RevokeOutcome[]> {
    const due = await this.deps.stores.grants.listDueForExpiry(this.deps.clock());
    const outcomes: RevokeOutcome[] = [];
    for (const g of due) {
      try {
        outcomes.push(await this.revoke(g.id, { reason: EXPIRY_REASON, by: SYSTEM_ACTOR }));
      } catch (error) {
        this.log.error({ grantId: g.id, err: error }, 'revocation: catch-up failed; it is tried again later');
      }
    }
    return outcomes;
  }

  private async run(grant: Grant, before: GrantStatus, holder: string): Promise<RevokeOutcome> {
    const { stores, config } = this.deps;
    const reason = grant.revokeReason ?? EXPIRY_REASON;
    try {
      await runRevocationSteps({ ...stores, graph: this.graph, policy: config.offboarding, grant, reason });
    } catch (error) {
      if (error instanceof RevocationStepFailed) return this.fail(grant, error, before, holder);
      throw error;
    }
    const finished = await updateGrant(stores.grants, grant, (g) =>
      g.status === 'revoking' && g.lease?.owner === holder
        ? { ...withoutLease(asChange(g)), status: 'revoked', revokedAt: this.deps.clock().toISOString() }
        : undefined,
    );
    if ('skipped' in finished) return { outcome: 'in-progress', grant: finished.skipped };
    const revoked = finished.saved;
    const by = revoked.revokedBy ?? SYSTEM_ACTOR;
    await this.audit(revoked, 'grant.revoked', by, { reason, policy: config.offboarding }, before);
    this.log.info({ grantId: revoked.id, email: revoked.email, reason }, 'grant revoked');
    await cancelGrantJobs(stores.jobs, revoked, config.reminderDays, true);
    const request = await stores.requests.get(revoked.requestId);
    await this.notify(revoked.id, 'revoked', () => this.deps.notifications.revoked(revoked, request, reason, by));
    return { outcome: 'revoked', grant: revoked };
  }

  private async fail(
    grant: Grant,
    failure: RevocationStepFailed,
    before: GrantStatus,
    holder: string,
  ): Promise<RevokeOutcome> {
    const { step, error } = failure;
    const ctx = { email: grant.email, pim: grant.pim, policy: this.deps.config.offboarding };
    const message = revocationFailureSentence(step, error, ctx);
    const reference = error.requestId ?? randomBytes(4).toString('hex');
    const retryable = error.isTransient;
    const result = await updateGrant(this.deps.stores.grants, grant, (g) =>
      g.status === 'revoking' && g.lease?.owner === holder
        ? { ...withoutLease(asChange(g)), status: 'failed', failure: { message, reference, retryable } }
        : undefined,
    );
    if ('skipped' in result) return { outcome: 'in-progress', grant: result.skipped };
    const failed = result.saved;
    const graph = { status: error.status, code: error.code, graphRequestId: error.requestId };
    await this.audit(failed, 'grant.revoke.failed', SYSTEM_ACTOR, { step, message, reference, ...graph }, before);
    this.log.error({ grantId: failed.id, step, reference, ...graph }, 'revocation failed');
    if (before !== 'failed') {
      await this.notify(failed.id, 'revocationFailed', () => this.deps.notifications.revocationFailed(failed));
    }
    return { outcome: 'failed', grant: failed, retryable };
  }

  private async audit(
    grant: Grant,
    action: string,
    by: { id: string; name: string },
    detail: Record<string, unknown>,
    before?: GrantStatus,
  ): Promise<void> {
    await this.deps.stores.audit.append({
      actorId: by.id,
      actorName: by.name,
      action,
      subject: grant.id,
      ...(before ? { before: { status: before }, after: { status: grant.status } } : {}),
      detail: { requestId: grant.requestId, email: grant.email, userId: grant.userId, ...detail },
    });
  }

  /** Telling people is best effort: the access is ended whether or not the message went out. */
  private async notify(grantId: string, event: string, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.log.warn({ grantId, event, err: error }, 'lifecycle: notification failed');
    }
  }
}
