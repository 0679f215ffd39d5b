import { setTimeout as delay } from 'node:timers/promises';
import { GraphRequestError } from '../graph/graph-error';
import type { AuditLog, SagaStepRecord, SagaStore } from '../storage/request-types';
import { StepFailure, SYSTEM_ACTOR, type ProvisioningStep, type SagaLogger } from './provisioning-types';

/** What a step leaves behind for a resume; stored as JSON. */
export type StepResult = Record<string, unknown> & { readonly graphRequestId?: string; readonly userId?: string };

export interface StepRunnerDeps {
  readonly saga: SagaStore;
  readonly audit: AuditLog;
  readonly logger?: SagaLogger;
  readonly transientRetries?: number;
  readonly retryDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const key = (email: string, step: ProvisioningStep) => `${email.toLowerCase()}|${step}`;

/**
 * Runs the steps of one request with the saga's bookkeeping: `started` is recorded before a step runs and `done`
 * (with its result) after, so a resume skips what is done and re-runs, idempotently, what only started.
 */
export class StepRunner {
  private readonly records = new Map<string, SagaStepRecord>();

  private constructor(
    private readonly deps: StepRunnerDeps,
    private readonly requestId: string,
    records: readonly SagaStepRecord[],
  ) {
    for (const r of records) this.records.set(key(r.item, r.step as ProvisioningStep), r);
  }

  static async load(deps: StepRunnerDeps, requestId: string): Promise<StepRunner> {
    return new StepRunner(deps, requestId, await deps.saga.list(requestId));
  }

  /** The stored result of a step that is done, else undefined. */
  done<T extends StepResult>(email: string, step: ProvisioningStep): T | undefined {
    const r = this.records.get(key(email, step));
    return r?.state === 'done' ? ((r.result ?? {}) as T) : undefined;
  }

  /** Whether some earlier attempt began this step (it may have reached Graph before a crash). */
  attempted(email: string, step: ProvisioningStep): boolean {
    return this.records.has(key(email, step));
  }

  async start(email: string, step: ProvisioningStep): Promise<void> {
    await this.save({ requestId: this.requestId, item: email, step, state: 'started' });
  }

  async finish(email: string, step: ProvisioningStep, result: StepResult): Promise<void> {
    await this.save({ requestId: this.requestId, item: email, step, state: 'done', result });
    await this.deps.audit.append({
      ...SYSTEM_ACTOR,
      action: 'provisioning.step',
      subject: this.requestId,
      detail: { email, step, graphRequestId: result.graphRequestId, userId: result.userId },
    });
  }

  /**
   * Runs a step unless it is done (then its stored result is returned). A transient Graph failure is tried again
   * a few times with a growing wait; a permanent one, or one that outlasts the retries, becomes a StepFailure.
   * Anything that is not a Graph failure propagates untouched: the step stays `started` for a resume.
   */
  async run<T extends StepResult>(email: string, step: ProvisioningStep, action: () => Promise<T>): Promise<T> {
    const stored = this.done<T>(email, step);
    if (stored) return stored;
    await this.start(email, step);
    const retries = this.deps.transientRetries ?? 2;
    const wait = this.deps.retryDelayMs ?? 2000;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const result = await action();
        await this.finish(email, step, result);
        return result;
      } catch (error) {
        if (!(error instanceof GraphRequestError)) throw error;
        if (error.isTransient && attempt < retries) {
          this.deps.logger?.warn(
            { requestId: this.requestId, email, step, status: error.status, attempt },
            'provisioning step failed transiently; retrying',
          );
          await (this.deps.sleep ?? delay)(wait * 2 ** attempt);
          continue;
        }
        const failure = { status: error.status, code: error.code, graphRequestId: error.requestId };
        await this.save({ requestId: this.requestId, item: email, step, state: 'failed', result: failure });
        throw new StepFailure(step, email, error);
      }
    }
  }

  private async save(record: Omit<SagaStepRecord, 'updatedAt' | 'attempt'>): Promise<void> {
    const saved = await this.deps.saga.record(record);
    this.records.set(key(saved.item, saved.step as ProvisioningStep), saved);
  }
}
