import type { ProvisionedPerson } from '../provisioning/provisioning-types';
import type { AccessRequest } from '../requests/types';
import type { Grant, GrantActor } from '../storage/types';
import { DriftChecker } from './drift-checker';
import { extendGrants } from './grant-extension';
import { recordGrants } from './grant-recorder';
import { DRIFT_KEY, readExpirePayload, readRemindPayload } from './job-keys';
import { LifecycleGraph } from './lifecycle-graph';
import {
  EXPIRY_REASON,
  JOB_KINDS,
  SYSTEM_ACTOR,
  type DriftReport,
  type ExtendResult,
  type JobHandler,
  type LifecycleDeps,
  type ReminderOutcome,
  type RevokeOptions,
  type RevokeOutcome,
} from './lifecycle-types';
import { reminderDue } from './reminders';
import { RevocationSaga } from './revocation-saga';

/**
 * What the bot uses for access after provisioning: record grants, remind, extend, revoke (by hand or at expiry),
 * check for drift. One object per instance; every method is safe to run on several instances at once.
 */
export class LifecycleService {
  readonly revocation: RevocationSaga;
  readonly drift: DriftChecker;
  private readonly graph: LifecycleGraph;

  constructor(private readonly deps: LifecycleDeps) {
    this.graph = new LifecycleGraph(deps.graph);
    this.revocation = new RevocationSaga(deps);
    this.drift = new DriftChecker({ ...deps, graph: this.graph });
  }

  /** The provisioning saga's onGranted hook: `pim` says whether roles were assigned through PIM. */
  recordGrants(request: AccessRequest, people: readonly ProvisionedPerson[], pim: boolean): Promise<Grant[]> {
    return recordGrants(this.deps, request, people, pim);
  }

  revoke(grantId: string, options: RevokeOptions): Promise<RevokeOutcome> {
    return this.revocation.revoke(grantId, options);
  }

  expireDue(): Promise<RevokeOutcome[]> {
    return this.revocation.expireDue();
  }

  /** `emails`: only these people's grants (an extension is personal); without it, every active grant. */
  extendGrants(
    requestId: string,
    newExpiresAt: Date | string,
    by: GrantActor,
    emails?: readonly string[],
  ): Promise<ExtendResult> {
    return extendGrants({ ...this.deps, graph: this.graph }, requestId, newExpiresAt, by, emails);
  }

  reminderDue(grantId: string, daysBefore: number, expiresAt?: string): Promise<ReminderOutcome> {
    return reminderDue(this.deps, grantId, daysBefore, expiresAt);
  }

  checkDrift(): Promise<DriftReport> {
    return this.drift.check();
  }

  /**
   * Start-up: revoke what expired while the bot was down, finish revocations a crash interrupted, and make sure a
   * drift check is scheduled (a pending one keeps its time, so frequent restarts do not postpone it forever).
   */
  async startUp(): Promise<RevokeOutcome[]> {
    const outcomes = await this.expireDue();
    const { jobs } = this.deps.stores;
    const drift = await jobs.get(DRIFT_KEY);
    if (!drift || drift.status === 'done' || drift.status === 'failed') {
      const runAt = new Date(this.deps.clock().getTime() + this.deps.config.driftIntervalMs);
      await jobs.schedule({ kind: JOB_KINDS.drift, runAt, payload: {}, dedupeKey: DRIFT_KEY, rearm: true });
    }
    return outcomes;
  }

  /** The handlers for Scheduler: grant.expire, grant.remind, drift.check. */
  jobHandlers(): Record<string, JobHandler> {
    return {
      [JOB_KINDS.expire]: async (job) => this.expireJob(readExpirePayload(job.payload).grantId),
      [JOB_KINDS.remind]: async (job) => {
        const { grantId, daysBefore, expiresAt } = readRemindPayload(job.payload);
        await this.reminderDue(grantId, daysBefore, expiresAt);
      },
      [JOB_KINDS.drift]: async () => {
        await this.checkDrift();
        return { nextRunAt: new Date(this.deps.clock().getTime() + this.deps.config.driftIntervalMs) };
      },
    };
  }

  /**
   * Expires every due grant (the catch-up), then looks at this job's own grant: one that was extended after the
   * job was armed moves the job to the new end; one whose revocation failed transiently is tried again, and a
   * throw hands the retry, with backoff, to the scheduler.
   */
  private async expireJob(grantId: string): Promise<void | { nextRunAt: Date }> {
    const outcomes = await this.expireDue();
    const mine = outcomes.find((o) => o.outcome !== 'not-found' && o.grant.id === grantId);
    if (mine?.outcome === 'failed') {
      if (mine.retryable) throw new Error(mine.grant.failure?.message ?? 'revocation failed');
      return undefined;
    }
    const grant = await this.deps.stores.grants.get(grantId);
    if (!grant || grant.expiresAt === undefined) return undefined;
    if (grant.status === 'active' && Date.parse(grant.expiresAt) > this.deps.clock().getTime()) {
      return { nextRunAt: new Date(grant.expiresAt) };
    }
    // Another instance is on it; look again once its lease has run out, in case that instance died.
    if (grant.status === 'revoking' && grant.lease)
      return { nextRunAt: new Date(Date.parse(grant.lease.until) + 1000) };
    if (grant.status !== 'failed' || grant.failure?.retryable !== true) return undefined;
    const again = await this.revoke(grantId, { reason: EXPIRY_REASON, by: SYSTEM_ACTOR });
    if (again.outcome === 'failed' && again.retryable)
      throw new Error(again.grant.failure?.message ?? 'revocation failed');
    return undefined;
  }
}
