import type BetterSqlite3 from 'better-sqlite3';
import { normalizeGrant, type Grant, type GrantChange, type GrantStore } from './lifecycle-types';

type Db = BetterSqlite3.Database;

interface GrantRow {
  id: string;
  version: number;
  data: string;
}
const COLUMNS = 'id, version, data';
// Grant ids are random, so people granted at one moment are listed by address, not by id.
const ORDER = 'ORDER BY granted_at, email, id';
const toGrant = (r: GrantRow): Grant => ({ ...(JSON.parse(r.data) as GrantChange), id: r.id, version: r.version });
/** Everything but id and version, which have their own columns. */
const dataOf = (g: GrantChange & { id?: string; version?: number }): string => {
  const { id: _id, version: _version, ...data } = g;
  return JSON.stringify(data);
};

/** Grants in SQLite: indexed columns for the lookups, the whole grant as JSON in `data`. */
export class SqliteGrantStore implements GrantStore {
  constructor(private readonly db: Db) {}

  async upsert(grant: Omit<Grant, 'version'>): Promise<Grant> {
    const g = normalizeGrant(grant);
    this.db
      .prepare(
        `INSERT INTO grants (id, request_id, email, user_id, status, granted_at, expires_at, version, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(g.id, g.requestId, g.email, g.userId, g.status, g.grantedAt, g.expiresAt ?? null, dataOf(g));
    const stored = await this.get(g.id);
    if (!stored) throw new Error(`SqliteGrantStore.upsert(): grant '${g.id}' vanished after insert`);
    return stored;
  }

  async get(id: string): Promise<Grant | undefined> {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM grants WHERE id = ?`).get(id) as GrantRow | undefined;
    return row && toGrant(row);
  }

  async listByEmail(email: string): Promise<Grant[]> {
    return this.all(`WHERE email = ? ${ORDER}`, email.trim().toLowerCase());
  }

  async listByUser(userId: string): Promise<Grant[]> {
    return this.all(`WHERE user_id = ? ${ORDER}`, userId);
  }

  async listByRequest(requestId: string): Promise<Grant[]> {
    return this.all(`WHERE request_id = ? ${ORDER}`, requestId);
  }

  async listActive(limit = 1000): Promise<Grant[]> {
    return this.all(`WHERE status = 'active' ${ORDER} LIMIT ?`, limit);
  }

  async listDueForExpiry(now: Date, limit = 500): Promise<Grant[]> {
    return this.all(
      `WHERE (status = 'active' AND expires_at IS NOT NULL AND expires_at <= ?) OR status = 'revoking' ${ORDER} LIMIT ?`,
      now.toISOString(),
      limit,
    );
  }

  async update(id: string, expectedVersion: number, next: GrantChange): Promise<Grant | undefined> {
    const g = normalizeGrant(next);
    const row = this.db
      .prepare(
        `UPDATE grants SET version = version + 1, email = ?, user_id = ?, status = ?, expires_at = ?, data = ?
         WHERE id = ? AND version = ? RETURNING ${COLUMNS}`,
      )
      .get(g.email, g.userId, g.status, g.expiresAt ?? null, dataOf(g), id, expectedVersion) as GrantRow | undefined;
    return row && toGrant(row);
  }

  private all(where: string, ...params: unknown[]): Grant[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM grants ${where}`).all(...params) as GrantRow[]).map(toGrant);
  }
}
