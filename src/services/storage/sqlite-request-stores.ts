import type BetterSqlite3 from 'better-sqlite3';
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

type Db = BetterSqlite3.Database;
type Clock = () => Date;
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = <T>(v: string | null): T | undefined => (v === null ? undefined : (JSON.parse(v) as T));

interface RequestRow {
  id: string;
  version: number;
  data: string;
}
const toRequest = (r: RequestRow): AccessRequest => ({
  ...(JSON.parse(r.data) as Omit<AccessRequest, 'id' | 'version'>),
  id: r.id,
  version: r.version,
});

export class SqliteRequestStore implements RequestStore {
  constructor(private readonly db: Db) {}

  async create(r: AccessRequest): Promise<void> {
    const { id, version: _v, ...data } = r;
    this.db
      .prepare(
        'INSERT INTO access_requests (id, version, status, requester_id, created_at, updated_at, data) VALUES (?, 1, ?, ?, ?, ?, ?)',
      )
      .run(id, r.status, r.requester.aadObjectId, r.createdAt, r.updatedAt, JSON.stringify(data));
  }

  async get(id: string): Promise<AccessRequest | undefined> {
    const row = this.db.prepare('SELECT id, version, data FROM access_requests WHERE id = ?').get(id) as
      RequestRow | undefined;
    return row && toRequest(row);
  }

  async update(
    id: string,
    expectedVersion: number,
    next: Omit<AccessRequest, 'id' | 'version'>,
  ): Promise<AccessRequest | undefined> {
    const { id: _id, version: _v, ...data } = next as AccessRequest;
    const row = this.db
      .prepare(
        'UPDATE access_requests SET version = version + 1, status = ?, updated_at = ?, data = ? WHERE id = ? AND version = ? RETURNING id, version, data',
      )
      .get(next.status, next.updatedAt, JSON.stringify(data), id, expectedVersion) as RequestRow | undefined;
    return row && toRequest(row);
  }

  async listByRequester(aadObjectId: string, limit = 20): Promise<AccessRequest[]> {
    const rows = this.db
      .prepare(
        'SELECT id, version, data FROM access_requests WHERE requester_id = ? ORDER BY created_at DESC, id LIMIT ?',
      )
      .all(aadObjectId, limit) as RequestRow[];
    return rows.map(toRequest);
  }

  async listByStatus(statuses: readonly RequestStatus[], limit = 50): Promise<AccessRequest[]> {
    if (statuses.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT id, version, data FROM access_requests WHERE status IN (${statuses.map(() => '?').join(',')}) ORDER BY created_at, id LIMIT ?`,
      )
      .all(...statuses, limit) as RequestRow[];
    return rows.map(toRequest);
  }

  async claim(id: string, owner: string, until: Date, now: Date): Promise<boolean> {
    const result = this.db
      .prepare(
        'UPDATE access_requests SET lease_owner = ?, lease_until = ? WHERE id = ? AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)',
      )
      .run(owner, until.toISOString(), id, now.toISOString(), owner);
    return result.changes === 1;
  }

  async release(id: string, owner: string): Promise<void> {
    this.db
      .prepare('UPDATE access_requests SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?')
      .run(id, owner);
  }
}

interface SagaRow {
  request_id: string;
  item: string;
  step: string;
  state: SagaStepRecord['state'];
  attempt: number;
  result: string | null;
  updated_at: string;
}
const toStep = (r: SagaRow): SagaStepRecord => ({
  requestId: r.request_id,
  item: r.item,
  step: r.step,
  state: r.state,
  attempt: r.attempt,
  result: parse(r.result),
  updatedAt: r.updated_at,
});

export class SqliteSagaStore implements SagaStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async list(requestId: string): Promise<SagaStepRecord[]> {
    return (
      this.db.prepare('SELECT * FROM saga_steps WHERE request_id = ? ORDER BY rowid').all(requestId) as SagaRow[]
    ).map(toStep);
  }

  async record(s: Omit<SagaStepRecord, 'updatedAt' | 'attempt'>): Promise<SagaStepRecord> {
    const row = this.db
      .prepare(
        `INSERT INTO saga_steps (request_id, item, step, state, attempt, result, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)
         ON CONFLICT (request_id, item, step) DO UPDATE SET state = excluded.state, result = excluded.result, updated_at = excluded.updated_at,
           attempt = saga_steps.attempt + CASE WHEN excluded.state = 'started' THEN 1 ELSE 0 END
         RETURNING *`,
      )
      .get(s.requestId, s.item, s.step, s.state, json(s.result), this.clock().toISOString()) as SagaRow;
    return toStep(row);
  }
}

export class SqliteCardPostStore implements CardPostStore {
  constructor(private readonly db: Db) {}

  async add(p: CardPost): Promise<CardPost | undefined> {
    const replace = this.db.transaction((): CardPostRow | undefined => {
      const old = this.db
        .prepare('SELECT * FROM card_posts WHERE request_id = ? AND conversation_key = ?')
        .get(p.requestId, p.conversationKey) as CardPostRow | undefined;
      const values = [p.activityId, p.audience, JSON.stringify(p.reference), p.requestId, p.conversationKey];
      // The same message recorded again changes nothing.
      if (old?.activity_id === p.activityId) return old;
      if (old)
        this.db
          .prepare(
            'UPDATE card_posts SET activity_id = ?, audience = ?, reference = ? WHERE request_id = ? AND conversation_key = ?',
          )
          .run(...values);
      else
        this.db
          .prepare(
            'INSERT INTO card_posts (activity_id, audience, reference, request_id, conversation_key) VALUES (?, ?, ?, ?, ?)',
          )
          .run(...values);
      return old;
    });
    const old = replace.immediate();
    return old && old.activity_id !== p.activityId ? toCardPost(old) : undefined;
  }

  async list(requestId: string): Promise<CardPost[]> {
    const rows = this.db
      .prepare('SELECT * FROM card_posts WHERE request_id = ? ORDER BY rowid')
      .all(requestId) as CardPostRow[];
    return rows.map(toCardPost);
  }
}

interface CardPostRow {
  request_id: string;
  conversation_key: string;
  activity_id: string;
  audience: CardPost['audience'];
  reference: string;
}

const toCardPost = (r: CardPostRow): CardPost => ({
  requestId: r.request_id,
  conversationKey: r.conversation_key,
  activityId: r.activity_id,
  audience: r.audience,
  reference: JSON.parse(r.reference) as Record<string, unknown>,
});

interface AuditRow {
  seq: number;
  at: string;
  actor_id: string;
  actor_name: string;
  action: string;
  subject: string;
  before: string | null;
  after: string | null;
  detail: string | null;
}
const toAudit = (r: AuditRow): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actorId: r.actor_id,
  actorName: r.actor_name,
  action: r.action,
  subject: r.subject,
  before: parse(r.before),
  after: parse(r.after),
  detail: parse(r.detail),
});

export class SqliteAuditLog implements AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async append(e: Omit<AuditEntry, 'seq' | 'at'> & { at?: string }): Promise<AuditEntry> {
    const row = this.db
      .prepare(
        'INSERT INTO audit_log (at, actor_id, actor_name, action, subject, before, after, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
      )
      .get(
        e.at ?? this.clock().toISOString(),
        e.actorId,
        e.actorName,
        e.action,
        e.subject,
        json(e.before),
        json(e.after),
        json(e.detail),
      ) as AuditRow;
    return toAudit(row);
  }

  async list(filter: { subject?: string; action?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = this.db
      .prepare(
        'SELECT * FROM audit_log WHERE (? IS NULL OR subject = ?) AND (? IS NULL OR action = ?) ORDER BY seq LIMIT ?',
      )
      .all(
        filter.subject ?? null,
        filter.subject ?? null,
        filter.action ?? null,
        filter.action ?? null,
        filter.limit ?? 1000,
      ) as AuditRow[];
    return rows.map(toAudit);
  }
}

export class SqliteSettingsStore implements SettingsStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(key, JSON.stringify(value), this.clock().toISOString());
  }
}
