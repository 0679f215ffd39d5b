import type { Pool } from 'pg';
import type { AccessRequest, RequestStatus } from '../requests/types';
import type {
  AuditEntry,
  AuditLog,
  CardPost,
  CardPostStore,
  RequestStore,
  SagaStepRecord,
  SagaStore,
  SettingsStore,
} from './request-types';

/**
 * The PostgreSQL twin of sqlite-request-stores.ts: same behaviour, same results. Where the two engines differ, the
 * SQL here bends to give SQLite's answer:
 * - JSONB columns are written from JSON.stringify() text. Nullable ones are read back as text and parsed here, so a
 *   stored JSON `null` stays null while a missing value (SQL NULL) reads as undefined; pg's own parsing gives null
 *   for both.
 * - TIMESTAMPTZ values are returned as toISOString() of the stored instant, which is the clock's ISO string.
 * - Ties on `id` sort by byte order (COLLATE "C"), as SQLite's BINARY collation does, not by the database locale.
 * - A negative LIMIT means no limit, as in SQLite (PostgreSQL would refuse it).
 * - Insertion order comes from created_seq (migration 3) where SQLite uses rowid.
 */

type Clock = () => Date;
/** JSONB parameter text; undefined becomes SQL NULL. */
const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
/** Inverse of json() for a nullable JSONB column selected as `::text`. */
const parse = <T>(v: string | null): T | undefined => (v === null ? undefined : (JSON.parse(v) as T));
const limitOf = (n: number): number | null => (n < 0 ? null : n);
/** The `data` JSONB of a request: everything but id and version, which have their own columns. */
const dataJson = (r: object): string =>
  JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'id' && k !== 'version')));

interface RequestRow {
  id: string;
  version: number;
  data: Omit<AccessRequest, 'id' | 'version'>;
}
const toRequest = (r: RequestRow): AccessRequest => ({ ...r.data, id: r.id, version: r.version });

export class PostgresRequestStore implements RequestStore {
  constructor(private readonly pool: Pool) {}

  async create(r: AccessRequest): Promise<void> {
    await this.pool.query(
      `INSERT INTO access_requests (id, version, status, requester_id, created_at, updated_at, data)
       VALUES ($1, 1, $2, $3, $4::timestamptz, $5::timestamptz, $6::jsonb)`,
      [r.id, r.status, r.requester.aadObjectId, r.createdAt, r.updatedAt, dataJson(r)],
    );
  }

  async get(id: string): Promise<AccessRequest | undefined> {
    const { rows } = await this.pool.query<RequestRow>('SELECT id, version, data FROM access_requests WHERE id = $1', [
      id,
    ]);
    const row = rows.at(0);
    return row && toRequest(row);
  }

  async update(
    id: string,
    expectedVersion: number,
    next: Omit<AccessRequest, 'id' | 'version'>,
  ): Promise<AccessRequest | undefined> {
    // Under READ COMMITTED, concurrent updaters queue on the row lock and re-check `version` once the winner
    // commits, so exactly one of them matches.
    const { rows } = await this.pool.query<RequestRow>(
      `UPDATE access_requests SET version = version + 1, status = $1, updated_at = $2::timestamptz, data = $3::jsonb
       WHERE id = $4 AND version = $5 RETURNING id, version, data`,
      [next.status, next.updatedAt, dataJson(next), id, expectedVersion],
    );
    const row = rows.at(0);
    return row && toRequest(row);
  }

  async listByRequester(aadObjectId: string, limit = 20): Promise<AccessRequest[]> {
    const { rows } = await this.pool.query<RequestRow>(
      `SELECT id, version, data FROM access_requests WHERE requester_id = $1
       ORDER BY created_at DESC, id COLLATE "C" LIMIT $2`,
      [aadObjectId, limitOf(limit)],
    );
    return rows.map(toRequest);
  }

  async listByStatus(statuses: readonly RequestStatus[], limit = 50): Promise<AccessRequest[]> {
    if (statuses.length === 0) return [];
    const { rows } = await this.pool.query<RequestRow>(
      `SELECT id, version, data FROM access_requests WHERE status = ANY($1::text[])
       ORDER BY created_at, id COLLATE "C" LIMIT $2`,
      [statuses, limitOf(limit)],
    );
    return rows.map(toRequest);
  }

  async claim(id: string, owner: string, until: Date, now: Date): Promise<boolean> {
    // `now` is the caller's clock, not the database's, exactly as in SQLite.
    const { rowCount } = await this.pool.query(
      `UPDATE access_requests SET lease_owner = $1, lease_until = $2::timestamptz
       WHERE id = $3 AND (lease_until IS NULL OR lease_until < $4::timestamptz OR lease_owner = $1)`,
      [owner, until.toISOString(), id, now.toISOString()],
    );
    return rowCount === 1;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.pool.query(
      'UPDATE access_requests SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2',
      [id, owner],
    );
  }
}

interface SagaRow {
  request_id: string;
  item: string;
  step: string;
  state: SagaStepRecord['state'];
  attempt: number;
  result: string | null;
  updated_at: Date;
}
const SAGA_COLUMNS = 'request_id, item, step, state, attempt, result::text AS result, updated_at';
const toStep = (r: SagaRow): SagaStepRecord => ({
  requestId: r.request_id,
  item: r.item,
  step: r.step,
  state: r.state,
  attempt: r.attempt,
  result: parse(r.result),
  updatedAt: r.updated_at.toISOString(),
});

export class PostgresSagaStore implements SagaStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  async list(requestId: string): Promise<SagaStepRecord[]> {
    const { rows } = await this.pool.query<SagaRow>(
      `SELECT ${SAGA_COLUMNS} FROM saga_steps WHERE request_id = $1 ORDER BY created_seq`,
      [requestId],
    );
    return rows.map(toStep);
  }

  async record(s: Omit<SagaStepRecord, 'updatedAt' | 'attempt'>): Promise<SagaStepRecord> {
    // created_seq is set on first insert only: the upsert leaves it alone, so list() keeps first-start order.
    const { rows } = await this.pool.query<SagaRow>(
      `INSERT INTO saga_steps (request_id, item, step, state, attempt, result, updated_at)
       VALUES ($1, $2, $3, $4, 1, $5::jsonb, $6::timestamptz)
       ON CONFLICT (request_id, item, step) DO UPDATE SET state = excluded.state, result = excluded.result,
         updated_at = excluded.updated_at,
         attempt = saga_steps.attempt + CASE WHEN excluded.state = 'started' THEN 1 ELSE 0 END
       RETURNING ${SAGA_COLUMNS}`,
      [s.requestId, s.item, s.step, s.state, json(s.result), this.clock().toISOString()],
    );
    return toStep(rows[0]);
  }
}

export class PostgresCardPostStore implements CardPostStore {
  constructor(private readonly pool: Pool) {}

  async add(p: CardPost): Promise<CardPost | undefined> {
    // The CTE reads the row as it was before the upsert in the same statement: that is the copy being replaced.
    const { rows } = await this.pool.query<{
      activity_id: string;
      audience: CardPost['audience'];
      reference: Record<string, unknown>;
    }>(
      `WITH old AS (
         SELECT activity_id, audience, reference FROM card_posts WHERE request_id = $1 AND conversation_key = $2
       ), saved AS (
         INSERT INTO card_posts (request_id, conversation_key, activity_id, audience, reference)
         VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (request_id, conversation_key)
         DO UPDATE SET activity_id = EXCLUDED.activity_id, audience = EXCLUDED.audience, reference = EXCLUDED.reference
           WHERE card_posts.activity_id <> EXCLUDED.activity_id
       )
       SELECT activity_id, audience, reference FROM old`,
      [p.requestId, p.conversationKey, p.activityId, p.audience, JSON.stringify(p.reference)],
    );
    const old = rows.at(0);
    return old && old.activity_id !== p.activityId
      ? {
          requestId: p.requestId,
          conversationKey: p.conversationKey,
          activityId: old.activity_id,
          audience: old.audience,
          reference: old.reference,
        }
      : undefined;
  }

  async list(requestId: string): Promise<CardPost[]> {
    const { rows } = await this.pool.query<{
      request_id: string;
      conversation_key: string;
      activity_id: string;
      audience: CardPost['audience'];
      reference: Record<string, unknown>;
    }>(
      `SELECT request_id, conversation_key, activity_id, audience, reference FROM card_posts
       WHERE request_id = $1 ORDER BY created_seq`,
      [requestId],
    );
    return rows.map((r) => ({
      requestId: r.request_id,
      conversationKey: r.conversation_key,
      activityId: r.activity_id,
      audience: r.audience,
      reference: r.reference,
    }));
  }
}

interface AuditRow {
  seq: string;
  at: Date;
  actor_id: string;
  actor_name: string;
  action: string;
  subject: string;
  before: string | null;
  after: string | null;
  detail: string | null;
}
const AUDIT_COLUMNS =
  'seq, at, actor_id, actor_name, action, subject, before::text AS before, after::text AS after, detail::text AS detail';
const toAudit = (r: AuditRow): AuditEntry => ({
  // BIGSERIAL comes back as a string.
  seq: Number(r.seq),
  at: r.at.toISOString(),
  actorId: r.actor_id,
  actorName: r.actor_name,
  action: r.action,
  subject: r.subject,
  before: parse(r.before),
  after: parse(r.after),
  detail: parse(r.detail),
});

export class PostgresAuditLog implements AuditLog {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  async append(e: Omit<AuditEntry, 'seq' | 'at'> & { at?: string }): Promise<AuditEntry> {
    const { rows } = await this.pool.query<AuditRow>(
      `INSERT INTO audit_log (at, actor_id, actor_name, action, subject, before, after, detail)
       VALUES ($1::timestamptz, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb) RETURNING ${AUDIT_COLUMNS}`,
      [
        e.at ?? this.clock().toISOString(),
        e.actorId,
        e.actorName,
        e.action,
        e.subject,
        json(e.before),
        json(e.after),
        json(e.detail),
      ],
    );
    return toAudit(rows[0]);
  }

  async list(filter: { subject?: string; action?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log
       WHERE ($1::text IS NULL OR subject = $1) AND ($2::text IS NULL OR action = $2) ORDER BY seq LIMIT $3`,
      [filter.subject ?? null, filter.action ?? null, limitOf(filter.limit ?? 1000)],
    );
    return rows.map(toAudit);
  }
}

export class PostgresSettingsStore implements SettingsStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    // value is NOT NULL, so pg's parsing is enough: a stored JSON null reads as null, a missing row as undefined.
    const { rows } = await this.pool.query<{ value: T }>('SELECT value FROM settings WHERE key = $1', [key]);
    const row = rows.at(0);
    return row ? row.value : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    // JSON.stringify(undefined) is undefined, sent as NULL: refused by NOT NULL, as in SQLite.
    await this.pool.query(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, $3::timestamptz)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [key, JSON.stringify(value), this.clock().toISOString()],
    );
  }
}
