import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { iso, type Job, type JobSpec, type JobStatus, type JobStore } from './lifecycle-types';

/**
 * The PostgreSQL twin of sqlite-job-store.ts. A claim locks the due rows with FOR UPDATE SKIP LOCKED, so instances
 * claiming at once each take different jobs and none waits for another.
 */

interface JobRow {
  id: string;
  kind: string;
  run_at: Date;
  payload: Record<string, unknown>;
  status: JobStatus;
  lease_owner: string | null;
  lease_until: Date | null;
  attempts: number;
  last_error: string | null;
  dedupe_key: string;
}
const COLUMNS = 'id, kind, run_at, payload, status, lease_owner, lease_until, attempts, last_error, dedupe_key';
/** The columns named through the table, as `UPDATE … FROM due` needs. */
const QUALIFIED = COLUMNS.split(', ')
  .map((c) => `jobs.${c}`)
  .join(', ');
const toJob = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  runAt: r.run_at.toISOString(),
  payload: r.payload,
  status: r.status,
  ...(r.lease_owner !== null ? { leaseOwner: r.lease_owner } : {}),
  ...(r.lease_until !== null ? { leaseUntil: r.lease_until.toISOString() } : {}),
  attempts: r.attempts,
  ...(r.last_error !== null ? { lastError: r.last_error } : {}),
  dedupeKey: r.dedupe_key,
});
const byRunAt = (a: Job, b: Job) => a.runAt.localeCompare(b.runAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class PostgresJobStore implements JobStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date,
  ) {}

  async schedule(spec: JobSpec): Promise<Job> {
    const now = this.clock().toISOString();
    await this.pool.query(
      `INSERT INTO jobs (id, kind, run_at, payload, status, attempts, dedupe_key, created_at, updated_at)
       VALUES ($1, $2, $3::timestamptz, $4::jsonb, 'pending', 0, $5, $6::timestamptz, $6::timestamptz)
       ON CONFLICT (dedupe_key) DO UPDATE SET kind = excluded.kind, run_at = excluded.run_at,
         payload = excluded.payload, updated_at = excluded.updated_at, status = 'pending', lease_until = NULL,
         attempts = CASE WHEN jobs.status = 'pending' THEN jobs.attempts ELSE 0 END,
         last_error = CASE WHEN jobs.status = 'pending' THEN jobs.last_error ELSE NULL END
       WHERE jobs.status = 'pending' OR ($7::boolean AND jobs.status IN ('done', 'failed'))`,
      [
        randomUUID(),
        spec.kind,
        iso(spec.runAt),
        JSON.stringify(spec.payload),
        spec.dedupeKey,
        now,
        spec.rearm === true,
      ],
    );
    const job = await this.get(spec.dedupeKey);
    if (!job) throw new Error(`PostgresJobStore.schedule(): job '${spec.dedupeKey}' vanished after insert`);
    return job;
  }

  async claimDue(owner: string, now: Date, leaseMs: number, limit: number): Promise<Job[]> {
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const { rows } = await this.pool.query<JobRow>(
      `WITH due AS (
         SELECT id FROM jobs WHERE run_at <= $3::timestamptz
           AND (status = 'pending' OR (status = 'running' AND lease_until < $3::timestamptz))
         ORDER BY run_at, id COLLATE "C" LIMIT $4 FOR UPDATE SKIP LOCKED)
       UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2::timestamptz,
         attempts = jobs.attempts + 1, updated_at = $3::timestamptz
       FROM due WHERE jobs.id = due.id RETURNING ${QUALIFIED}`,
      [owner, until, at, limit],
    );
    return rows.map(toJob).sort(byRunAt);
  }

  async complete(id: string, owner: string, nextRunAt?: Date): Promise<boolean> {
    const now = this.clock().toISOString();
    const { rowCount } = nextRunAt
      ? await this.pool.query(
          `UPDATE jobs SET status = 'pending', run_at = $1::timestamptz, lease_until = NULL, attempts = 0,
             last_error = NULL, updated_at = $2::timestamptz WHERE id = $3 AND status = 'running' AND lease_owner = $4`,
          [nextRunAt.toISOString(), now, id, owner],
        )
      : await this.pool.query(
          `UPDATE jobs SET status = 'done', lease_until = NULL, updated_at = $1::timestamptz
           WHERE id = $2 AND status = 'running' AND lease_owner = $3`,
          [now, id, owner],
        );
    return rowCount === 1;
  }

  async fail(id: string, owner: string, error: string, retryAt?: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE jobs SET status = $1, run_at = COALESCE($2::timestamptz, run_at), last_error = $3, lease_until = NULL,
         updated_at = $4::timestamptz WHERE id = $5 AND status = 'running' AND lease_owner = $6`,
      [retryAt ? 'pending' : 'failed', retryAt?.toISOString() ?? null, error, this.clock().toISOString(), id, owner],
    );
    return rowCount === 1;
  }

  async cancel(dedupeKey: string): Promise<boolean> {
    const { rowCount } = await this.pool.query("DELETE FROM jobs WHERE dedupe_key = $1 AND status = 'pending'", [
      dedupeKey,
    ]);
    return rowCount === 1;
  }

  async get(dedupeKey: string): Promise<Job | undefined> {
    const { rows } = await this.pool.query<JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE dedupe_key = $1`, [dedupeKey]);
    const row = rows.at(0);
    return row && toJob(row);
  }

  async list(filter: { kind?: string; status?: JobStatus } = {}): Promise<Job[]> {
    const { rows } = await this.pool.query<JobRow>(
      `SELECT ${COLUMNS} FROM jobs WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR status = $2)
       ORDER BY run_at, id COLLATE "C"`,
      [filter.kind ?? null, filter.status ?? null],
    );
    return rows.map(toJob);
  }
}
