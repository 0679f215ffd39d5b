import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

import { TEST_DATABASE_URL, testDatabaseUrlFor, unreachableMessage } from '../support/test-database';

/** Fresh PostgreSQL schemas for a test file, each dropped by dropAll(). */
export function pgSchemas() {
  const runId = randomBytes(6).toString('hex');
  const created = new Set<string>();
  let n = 0;
  const admin = async (): Promise<Client> => {
    const client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw new Error(unreachableMessage(err));
    }
    return client;
  };
  return {
    /** A URL whose tables live in a schema of their own (created on first open). */
    freshUrl(): string {
      const name = `cpa_life_${runId}_${++n}`;
      created.add(name);
      return testDatabaseUrlFor(name);
    },
    async dropAll(): Promise<void> {
      if (created.size === 0) return;
      const client = await admin();
      try {
        for (const schema of created) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
