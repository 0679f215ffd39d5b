import type BetterSqlite3 from 'better-sqlite3';
import type { GdapRequest, GdapRequestStatus } from '../gdap/gdap-types';
import { gdapData, type GdapRequestStore } from './gdap-types';

type Db = BetterSqlite3.Database;

interface Row {
  id: string;
  version: number;
  data: string;
}
const toRequest = (r: Row): GdapRequest => ({
  ...(JSON.parse(r.data) as Omit<GdapRequest, 'id' | 'version'>),
  id: r.id,
  version: r.version,
});

/** GDAP requests in the `gdap_requests` table (migration 6) of a SQLite file opened by openSqliteDatabase(). */
export class SqliteGdapRequestStore implements GdapRequestStore {
  constructor(private readonly db: Db) {}

  async create(r: GdapRequest): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO gdap_requests (id, version, status, created_at, updated_at, data) VALUES (?, 1, ?, ?, ?, ?)',
      )
      .run(r.id, r.status, r.createdAt, r.updatedAt, gdapData(r));
  }

  async get(id: string): Promise<GdapRequest | undefined> {
    const row = this.db.prepare('SELECT id, version, data FROM gdap_requests WHERE id = ?').get(id) as Row | undefined;
    return row && toRequest(row);
  }

  async update(
    id: string,
    expectedVersion: number,
    next: Omit<GdapRequest, 'id' | 'version'>,
  ): Promise<GdapRequest | undefined> {
    const row = this.db
      .prepare(
        `UPDATE gdap_requests SET version = version + 1, status = ?, updated_at = ?, data = ?
         WHERE id = ? AND version = ? RETURNING id, version, data`,
      )
      .get(next.status, next.updatedAt, gdapData(next), id, expectedVersion) as Row | undefined;
    return row && toRequest(row);
  }

  async listByStatus(statuses: readonly GdapRequestStatus[], limit = 50): Promise<GdapRequest[]> {
    if (statuses.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT id, version, data FROM gdap_requests WHERE status IN (${statuses.map(() => '?').join(',')})
         ORDER BY created_at, id LIMIT ?`,
      )
      .all(...statuses, limit) as Row[];
    return rows.map(toRequest);
  }

  async claim(id: string, owner: string, until: Date, now: Date): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE gdap_requests SET lease_owner = ?, lease_until = ?
         WHERE id = ? AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)`,
      )
      .run(owner, until.toISOString(), id, now.toISOString(), owner);
    return result.changes === 1;
  }

  async release(id: string, owner: string): Promise<void> {
    this.db
      .prepare('UPDATE gdap_requests SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?')
      .run(id, owner);
  }
}
