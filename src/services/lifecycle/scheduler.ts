import { scrubSecrets } from '../logging/logger';
import type { Job, JobStore } from '../storage/types';
import { silentLogger, type JobHandler, type LifecycleLogger } from './lifecycle-types';

export interface SchedulerOptions {
  readonly jobs: JobStore;
  /** By job kind. */
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly clock: () => Date;
  /** This instance's id: the lease owner of the jobs it claims. */
  readonly owner: string;
  /** How long a claimed job is ours before another instance may take it over; default 5 minutes. */
  readonly leaseMs?: number;
  /** Wait between ticks once started; default 30 s. */
  readonly pollMs?: number;
  readonly logger?: LifecycleLogger;
  /** Runs of a job, the first included, before it is failed for good; default 5. */
  readonly maxAttempts?: number;
  /** Wait before the first retry, doubled after each failure (at most an hour); default 1 minute. */
  readonly backoffMs?: number;
  /** Jobs claimed per tick; default 20. */
  readonly batchSize?: number;
}

const HOUR_MS = 3_600_000;

/**
 * Runs due jobs from the jobs table. Claims are atomic in the database, so schedulers on several instances (each
 * with its own owner id) never run the same job at the same time; a job whose owner died is taken over when its
 * lease runs out. Handlers should still be idempotent: a handler that outlives its lease may run twice.
 */
export class Scheduler {
  private readonly log: LifecycleLogger;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> | undefined;
  private active = false;

  constructor(private readonly o: SchedulerOptions) {
    this.log = o.logger ?? silentLogger;
  }

  /** Claims the jobs due now and runs them one by one; resolves to how many ran. */
  async tick(): Promise<number> {
    const { jobs, owner, clock } = this.o;
    const claimed = await jobs.claimDue(owner, clock(), this.o.leaseMs ?? 5 * 60_000, this.o.batchSize ?? 20);
    for (const job of claimed) await this.runOne(job);
    return claimed.length;
  }

  /** Ticks now and then every pollMs until stop(). */
  start(): void {
    if (this.active) return;
    this.active = true;
    const loop = (): void => {
      this.timer = undefined;
      const tick = this.tick().catch((error: unknown) =>
        this.log.error({ owner: this.o.owner, err: error }, 'scheduler: tick failed; trying again at the next'),
      );
      this.current = tick.finally(() => {
        this.current = undefined;
        if (this.active) this.timer = setTimeout(loop, this.o.pollMs ?? 30_000).unref();
      });
    };
    loop();
  }

  /** Stops the timer and waits for a tick that is running. */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  private async runOne(job: Job): Promise<void> {
    const { jobs, owner } = this.o;
    const handler = this.o.handlers[job.kind];
    if (!handler) {
      this.log.error({ jobId: job.id, kind: job.kind }, 'scheduler: no handler for this kind of job');
      await jobs.fail(job.id, owner, `no handler for job kind '${job.kind}'`);
      return;
    }
    let outcome: Awaited<ReturnType<JobHandler>>;
    try {
      outcome = await handler(job);
    } catch (error) {
      await this.failed(job, error);
      return;
    }
    const next = outcome ? outcome.nextRunAt : undefined;
    if (!(await jobs.complete(job.id, owner, next))) {
      this.log.warn({ jobId: job.id, kind: job.kind, owner }, 'scheduler: lease lost before the job was marked done');
    }
  }

  private async failed(job: Job, error: unknown): Promise<void> {
    const message = scrubSecrets(error instanceof Error ? error.message : String(error));
    const max = this.o.maxAttempts ?? 5;
    const context = { jobId: job.id, kind: job.kind, dedupeKey: job.dedupeKey, attempts: job.attempts, error: message };
    if (job.attempts >= max) {
      this.log.error(context, `scheduler: job failed ${job.attempts} times; giving up`);
      await this.o.jobs.fail(job.id, this.o.owner, message);
      return;
    }
    const wait = Math.min(HOUR_MS, (this.o.backoffMs ?? 60_000) * 2 ** (job.attempts - 1));
    const retryAt = new Date(this.o.clock().getTime() + wait);
    this.log.warn({ ...context, retryAt: retryAt.toISOString() }, 'scheduler: job failed; retrying later');
    await this.o.jobs.fail(job.id, this.o.owner, message, retryAt);
  }
}
