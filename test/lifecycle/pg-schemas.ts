import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const PG_SERVER = 'postgres://postgres@127.0.0.1:5432/test';
const START_HINT = 'start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

/** Fresh PostgreSQL schemas for a test file, each dropped by dropAll(). */
export function pgSchemas() {
  const runId = randomBytes(6).toString('hex');
  const created = new Set<string>();
  let n = 0;
  const admin = async (): Promise<Client> => {
    const client = new Client({ connectionString: PG_SERVER, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw new Error(
        `PostgreSQL is not reachable at ${PG_SERVER} (${err instanceof Error ? err.message : String(err)}); ${START_HINT}`,
      );
    }
    return client;
  };
  return {
    /** A URL whose tables live in a schema of their own (created on first open). */
    freshUrl(): string {
      const name = `cpa_life_${runId}_${++n}`;
      created.add(name);
      return `${PG_SERVER}?schema=${name}`;
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
