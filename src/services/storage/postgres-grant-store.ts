import type { Pool } from 'pg';
import { normalizeGrant, type Grant, type GrantChange, type GrantStore } from './lifecycle-types';

/** The PostgreSQL twin of sqlite-grant-store.ts; ties on granted_at sort by id in byte order, as in SQLite. */

interface GrantRow {
  id: string;
  version: number;
  data: GrantChange;
}
const COLUMNS = 'id, version, data';
// Grant ids are random, so people granted at one moment are listed by address, not by id.
const ORDER = 'ORDER BY granted_at, email COLLATE "C", id COLLATE "C"';
const toGrant = (r: GrantRow): Grant => ({ ...r.data, id: r.id, version: r.version });
const dataOf = (g: GrantChange & { id?: string; version?: number }): string => {
  const { id: _id, version: _version, ...data } = g;
  return JSON.stringify(data);
};
const limitOf = (n: number): number | null => (n < 0 ? null : n);

export class PostgresGrantStore implements GrantStore {
  constructor(private readonly pool: Pool) {}

  async upsert(grant: Omit<Grant, 'version'>): Promise<Grant> {
    const g = normalizeGrant(grant);
    await this.pool.query(
      `INSERT INTO grants (id, request_id, email, user_id, status, granted_at, expires_at, version, data)
       VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, 1, $8::jsonb) ON CONFLICT (id) DO NOTHING`,
      [g.id, g.requestId, g.email, g.userId, g.status, g.grantedAt, g.expiresAt ?? null, dataOf(g)],
    );
    const stored = await this.get(g.id);
    if (!stored) throw new Error(`PostgresGrantStore.upsert(): grant '${g.id}' vanished after insert`);
    return stored;
  }

  async get(id: string): Promise<Grant | undefined> {
    const { rows } = await this.pool.query<GrantRow>(`SELECT ${COLUMNS} FROM grants WHERE id = $1`, [id]);
    const row = rows.at(0);
    return row && toGrant(row);
  }

  async listByEmail(email: string): Promise<Grant[]> {
    return this.all(`WHERE email = $1 ${ORDER}`, [email.trim().toLowerCase()]);
  }

  async listByUser(userId: string): Promise<Grant[]> {
    return this.all(`WHERE user_id = $1 ${ORDER}`, [userId]);
  }

  async listByRequest(requestId: string): Promise<Grant[]> {
    return this.all(`WHERE request_id = $1 ${ORDER}`, [requestId]);
  }

  async listActive(limit = 1000): Promise<Grant[]> {
    return this.all(`WHERE status = 'active' ${ORDER} LIMIT $1`, [limitOf(limit)]);
  }

  async listDueForExpiry(now: Date, limit = 500): Promise<Grant[]> {
    return this.all(
      `WHERE (status = 'active' AND expires_at IS NOT NULL AND expires_at <= $1::timestamptz) OR status = 'revoking'
       ${ORDER} LIMIT $2`,
      [now.toISOString(), limitOf(limit)],
    );
  }

  async update(id: string, expectedVersion: number, next: GrantChange): Promise<Grant | undefined> {
    const g = normalizeGrant(next);
    // Concurrent updaters queue on the row lock and re-check `version` once the winner commits.
    const { rows } = await this.pool.query<GrantRow>(
      `UPDATE grants SET version = version + 1, email = $1, user_id = $2, status = $3, expires_at = $4::timestamptz,
         data = $5::jsonb WHERE id = $6 AND version = $7 RETURNING ${COLUMNS}`,
      [g.email, g.userId, g.status, g.expiresAt ?? null, dataOf(g), id, expectedVersion],
    );
    const row = rows.at(0);
    return row && toGrant(row);
  }

  private async all(where: string, params: unknown[]): Promise<Grant[]> {
    const { rows } = await this.pool.query<GrantRow>(`SELECT ${COLUMNS} FROM grants ${where}`, params);
    return rows.map(toGrant);
  }
}
