import type { AuditLog, SagaStepRecord, SagaStore } from '../storage/request-types';
import type { GdapStep } from './gdap-types';

/** What a step leaves behind for a resume and the audit; stored as JSON. */
export type GdapStepResult = Record<string, unknown> & { readonly graphRequestId?: string };

export const GDAP_ACTOR = { actorId: 'system', actorName: 'GDAP' } as const;

/**
 * The saga bookkeeping of one GDAP request in the shared SagaStore (item = the request id): `started` before a
 * step runs, `done` or `failed` after, so a resume skips what is done and re-runs, idempotently, what only started.
 */
export class GdapStepLog {
  private readonly records = new Map<string, SagaStepRecord>();

  private constructor(
    private readonly saga: SagaStore,
    private readonly audit: AuditLog,
    private readonly requestId: string,
    records: readonly SagaStepRecord[],
  ) {
    for (const r of records) if (r.item === requestId) this.records.set(r.step, r);
  }

  static async load(saga: SagaStore, audit: AuditLog, requestId: string): Promise<GdapStepLog> {
    return new GdapStepLog(saga, audit, requestId, await saga.list(requestId));
  }

  done<T extends GdapStepResult>(step: GdapStep): T | undefined {
    const r = this.records.get(step);
    return r?.state === 'done' ? ((r.result ?? {}) as T) : undefined;
  }

  /** Whether an earlier run began this step: it may have reached Graph before a crash. */
  attempted(step: GdapStep): boolean {
    return this.records.has(step);
  }

  /** Records `started` unless the step is already under way (a poll records it once, not on every look). */
  async start(step: GdapStep, options: { once?: boolean } = {}): Promise<void> {
    if (options.once && this.records.get(step)?.state === 'started') return;
    await this.save(step, 'started');
  }

  async finish(step: GdapStep, result: GdapStepResult): Promise<void> {
    await this.save(step, 'done', result);
    await this.audit.append({
      ...GDAP_ACTOR,
      action: 'gdap.step',
      subject: this.requestId,
      detail: { step, ...result },
    });
  }

  async failed(step: GdapStep, result: GdapStepResult): Promise<void> {
    await this.save(step, 'failed', result);
  }

  private async save(step: GdapStep, state: SagaStepRecord['state'], result?: GdapStepResult): Promise<void> {
    const saved = await this.saga.record({ requestId: this.requestId, item: this.requestId, step, state, result });
    this.records.set(step, saved);
  }
}
