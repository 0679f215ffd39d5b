import type { Pool } from 'pg';
import type { GdapRequest, GdapRequestStatus } from '../gdap/gdap-types';
import { gdapData, type GdapRequestStore } from './gdap-types';

interface Row {
  id: string;
  version: number;
  data: Omit<GdapRequest, 'id' | 'version'>;
}
const toRequest = (r: Row): GdapRequest => ({ ...r.data, id: r.id, version: r.version });

/**
 * The PostgreSQL twin of SqliteGdapRequestStore, over a pool whose search_path reaches `gdap_requests`
 * (migration 6). As in postgres-request-stores.ts, `now` is the caller's clock and ties sort by byte order.
 */
export class PostgresGdapRequestStore implements GdapRequestStore {
  constructor(private readonly pool: Pool) {}

  async create(r: GdapRequest): Promise<void> {
    await this.pool.query(
      `INSERT INTO gdap_requests (id, version, status, created_at, updated_at, data)
       VALUES ($1, 1, $2, $3::timestamptz, $4::timestamptz, $5::jsonb)`,
      [r.id, r.status, r.createdAt, r.updatedAt, gdapData(r)],
    );
  }

  async get(id: string): Promise<GdapRequest | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT id, version, data FROM gdap_requests WHERE id = $1', [id]);
    const row = rows.at(0);
    return row && toRequest(row);
  }

  async update(
    id: string,
    expectedVersion: number,
    next: Omit<GdapRequest, 'id' | 'version'>,
  ): Promise<GdapRequest | undefined> {
    // Concurrent updaters queue on the row lock and re-check `version` once the winner commits.
    const { rows } = await this.pool.query<Row>(
      `UPDATE gdap_requests SET version = version + 1, status = $1, updated_at = $2::timestamptz, data = $3::jsonb
       WHERE id = $4 AND version = $5 RETURNING id, version, data`,
      [next.status, next.updatedAt, gdapData(next), id, expectedVersion],
    );
    const row = rows.at(0);
    return row && toRequest(row);
  }

  async listByStatus(statuses: readonly GdapRequestStatus[], limit = 50): Promise<GdapRequest[]> {
    if (statuses.length === 0) return [];
    const { rows } = await this.pool.query<Row>(
      `SELECT id, version, data FROM gdap_requests WHERE status = ANY($1::text[])
       ORDER BY created_at, id COLLATE "C" LIMIT $2`,
      [statuses, limit < 0 ? null : limit],
    );
    return rows.map(toRequest);
  }

  async claim(id: string, owner: string, until: Date, now: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE gdap_requests SET lease_owner = $1, lease_until = $2::timestamptz
       WHERE id = $3 AND (lease_until IS NULL OR lease_until < $4::timestamptz OR lease_owner = $1)`,
      [owner, until.toISOString(), id, now.toISOString()],
    );
    return rowCount === 1;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.pool.query(
      'UPDATE gdap_requests SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2',
      [id, owner],
    );
  }
}
