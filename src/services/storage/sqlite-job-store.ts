import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { iso, type Job, type JobSpec, type JobStatus, type JobStore } from './lifecycle-types';

type Db = BetterSqlite3.Database;

interface JobRow {
  id: string;
  kind: string;
  run_at: string;
  payload: string;
  status: JobStatus;
  lease_owner: string | null;
  lease_until: string | null;
  attempts: number;
  last_error: string | null;
  dedupe_key: string;
}
const toJob = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  runAt: r.run_at,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  status: r.status,
  ...(r.lease_owner !== null ? { leaseOwner: r.lease_owner } : {}),
  ...(r.lease_until !== null ? { leaseUntil: r.lease_until } : {}),
  attempts: r.attempts,
  ...(r.last_error !== null ? { lastError: r.last_error } : {}),
  dedupeKey: r.dedupe_key,
});
const byRunAt = (a: Job, b: Job) => a.runAt.localeCompare(b.runAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Scheduled jobs in SQLite; a claim is one UPDATE … RETURNING inside an IMMEDIATE transaction. */
export class SqliteJobStore implements JobStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  async schedule(spec: JobSpec): Promise<Job> {
    const now = this.clock().toISOString();
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, run_at, payload, status, attempts, dedupe_key, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?)
         ON CONFLICT (dedupe_key) DO UPDATE SET kind = excluded.kind, run_at = excluded.run_at,
           payload = excluded.payload, updated_at = excluded.updated_at, status = 'pending', lease_until = NULL,
           attempts = CASE WHEN jobs.status = 'pending' THEN jobs.attempts ELSE 0 END,
           last_error = CASE WHEN jobs.status = 'pending' THEN jobs.last_error ELSE NULL END
         WHERE jobs.status = 'pending' OR (? = 1 AND jobs.status IN ('done', 'failed'))`,
      )
      .run(
        randomUUID(),
        spec.kind,
        iso(spec.runAt),
        JSON.stringify(spec.payload),
        spec.dedupeKey,
        now,
        now,
        spec.rearm ? 1 : 0,
      );
    const job = await this.get(spec.dedupeKey);
    if (!job) throw new Error(`SqliteJobStore.schedule(): job '${spec.dedupeKey}' vanished after insert`);
    return job;
  }

  async claimDue(owner: string, now: Date, leaseMs: number, limit: number): Promise<Job[]> {
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const claim = this.db.transaction(
      () =>
        this.db
          .prepare(
            `UPDATE jobs SET status = 'running', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
             WHERE id IN (SELECT id FROM jobs WHERE run_at <= ?
               AND (status = 'pending' OR (status = 'running' AND lease_until < ?)) ORDER BY run_at, id LIMIT ?)
             RETURNING *`,
          )
          .all(owner, until, at, at, at, limit) as JobRow[],
    );
    return claim.immediate().map(toJob).sort(byRunAt);
  }

  async complete(id: string, owner: string, nextRunAt?: Date): Promise<boolean> {
    const now = this.clock().toISOString();
    const result = nextRunAt
      ? this.db
          .prepare(
            `UPDATE jobs SET status = 'pending', run_at = ?, lease_until = NULL, attempts = 0, last_error = NULL, updated_at = ?
             WHERE id = ? AND status = 'running' AND lease_owner = ?`,
          )
          .run(nextRunAt.toISOString(), now, id, owner)
      : this.db
          .prepare(
            `UPDATE jobs SET status = 'done', lease_until = NULL, updated_at = ?
             WHERE id = ? AND status = 'running' AND lease_owner = ?`,
          )
          .run(now, id, owner);
    return result.changes === 1;
  }

  async fail(id: string, owner: string, error: string, retryAt?: Date): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE jobs SET status = ?, run_at = COALESCE(?, run_at), last_error = ?, lease_until = NULL, updated_at = ?
         WHERE id = ? AND status = 'running' AND lease_owner = ?`,
      )
      .run(
        retryAt ? 'pending' : 'failed',
        retryAt?.toISOString() ?? null,
        error,
        this.clock().toISOString(),
        id,
        owner,
      );
    return result.changes === 1;
  }

  async cancel(dedupeKey: string): Promise<boolean> {
    return this.db.prepare("DELETE FROM jobs WHERE dedupe_key = ? AND status = 'pending'").run(dedupeKey).changes === 1;
  }

  async get(dedupeKey: string): Promise<Job | undefined> {
    const row = this.db.prepare('SELECT * FROM jobs WHERE dedupe_key = ?').get(dedupeKey) as JobRow | undefined;
    return row && toJob(row);
  }

  async list(filter: { kind?: string; status?: JobStatus } = {}): Promise<Job[]> {
    const rows = this.db
      .prepare('SELECT * FROM jobs WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR status = ?) ORDER BY run_at, id')
      .all(filter.kind ?? null, filter.kind ?? null, filter.status ?? null, filter.status ?? null) as JobRow[];
    return rows.map(toJob);
  }
}
