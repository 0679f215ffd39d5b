import type BetterSqlite3 from 'better-sqlite3';
import type { Pool } from 'pg';
import { PostgresGdapRequestStore } from './gdap-postgres-store';
import { SqliteGdapRequestStore } from './gdap-sqlite-store';
import type { GdapRequestStore } from './gdap-types';

export type { GdapRequestStore } from './gdap-types';

/** A handle on a database whose migrations (6 or later) have run: openSqliteDatabase / openPostgresDatabase. */
export type GdapStoreHandle =
  { readonly kind: 'sqlite'; readonly db: BetterSqlite3.Database } | { readonly kind: 'postgres'; readonly pool: Pool };

/** The GDAP request store over an open handle. It does not migrate; the Database that owns the file does. */
export function openGdapStore(handle: GdapStoreHandle): GdapRequestStore {
  return handle.kind === 'sqlite' ? new SqliteGdapRequestStore(handle.db) : new PostgresGdapRequestStore(handle.pool);
}
