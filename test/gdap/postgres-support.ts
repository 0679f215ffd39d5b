import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { openGdapStore, type GdapRequestStore } from '../../src/services/storage/gdap-store';
import { openPostgresDatabase } from '../../src/services/storage/postgres-database';
import type { Database } from '../../src/services/storage/types';

import { TEST_DATABASE_URL, testDatabaseUrlFor, unreachableMessage } from '../support/test-database';

export const PG_SERVER = TEST_DATABASE_URL;
const runId = randomBytes(6).toString('hex');
let n = 0;

export interface PgGdap {
  readonly schema: string;
  /** Migrated by openPostgresDatabase (migration 6 creates gdap_requests); its saga and audit stores. */
  readonly db: Database;
  /** A pool of our own on the same schema, as the wiring will hand to openGdapStore. */
  readonly pool: Pool;
  readonly store: GdapRequestStore;
  /** Closes both pools and drops the schema. */
  close(): Promise<void>;
}

/** A fresh schema on the test server; fails (never skips) with how to start PostgreSQL when it is down. */
export async function openPgGdap(clock: () => Date = () => new Date()): Promise<PgGdap> {
  const schema = `cpa_gdap_${runId}_${++n}`;
  const probe = new Client({ connectionString: PG_SERVER, connectionTimeoutMillis: 5_000 });
  try {
    await probe.connect();
  } catch (err) {
    throw new Error(unreachableMessage(err));
  } finally {
    await probe.end().catch(() => undefined);
  }
  const db = await openPostgresDatabase(testDatabaseUrlFor(schema), clock);
  const pool = new Pool({ connectionString: PG_SERVER, options: `-c search_path="${schema}"`, max: 4 });
  return {
    schema,
    db,
    pool,
    store: openGdapStore({ kind: 'postgres', pool }),
    close: async () => {
      await pool.end();
      await db.close();
      const admin = new Client({ connectionString: PG_SERVER });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}
