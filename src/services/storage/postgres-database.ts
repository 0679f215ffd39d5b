import { Pool } from 'pg';
import { PostgresGdapRequestStore } from './gdap-postgres-store';
import { MIGRATIONS } from './migrations';
import { PostgresGrantStore } from './postgres-grant-store';
import { PostgresJobStore } from './postgres-job-store';
import {
  PostgresAuditLog,
  PostgresCardPostStore,
  PostgresRequestStore,
  PostgresSagaStore,
  PostgresSettingsStore,
} from './postgres-request-stores';
import {
  ConcurrencyError,
  type ConversationRecord,
  type ConversationStore,
  type Database,
  type StateStore,
  type StoredState,
} from './types';

/** Advisory-lock class for migrations; the second key is hashtext(<schema>), so different schemas migrate in parallel. */
const MIGRATION_LOCK_CLASS = 0x43504131; // 'CPA1'
/** A schema name we accept in `?schema=`: a plain identifier (always double-quoted when used, so case is kept). */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** eTags are the decimal text of a BIGINT; anything else cannot match a stored row. */
const ETAG = /^[0-9]{1,18}$/;

/** The pool behind each Database this module opened, for appliedPostgresMigrations(). */
const pools = new WeakMap<Database, Pool>();

/**
 * Opens a pool on the PostgreSQL database at `url`, applies pending migrations (exactly once even when several
 * instances start together), and returns the stores over it. `?schema=NAME` in the URL keeps every table in that
 * schema, created when missing.
 */
export async function openPostgresDatabase(url: string, clock: () => Date = () => new Date()): Promise<Database> {
  const { connectionString, schema, options } = parseUrl(url);
  const pool = new Pool({ connectionString, options, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its connection (server restart, network) is dropped by the pool and reported here;
  // without a listener the process would crash. The next query or ping() surfaces the problem to the caller.
  pool.on('error', () => undefined);
  try {
    await migrate(pool, schema, clock);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(
      `openPostgresDatabase(): cannot open ${redact(url)}: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
  let ended: Promise<void> | undefined;
  const db: Database = {
    kind: 'postgres',
    state: new PostgresStateStore(pool, clock),
    conversations: new PostgresConversationStore(pool, clock),
    requests: new PostgresRequestStore(pool),
    saga: new PostgresSagaStore(pool, clock),
    cardPosts: new PostgresCardPostStore(pool),
    audit: new PostgresAuditLog(pool, clock),
    settings: new PostgresSettingsStore(pool, clock),
    grants: new PostgresGrantStore(pool),
    jobs: new PostgresJobStore(pool, clock),
    gdap: new PostgresGdapRequestStore(pool),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => (ended ??= pool.end()),
  };
  pools.set(db, pool);
  return db;
}

/** The pool of a database openPostgresDatabase() opened, for stores kept by libraries (rate limits). */
export function postgresPoolOf(db: Database): Pool | undefined {
  return pools.get(db);
}

/** Versions recorded in schema_migrations of a database opened by openPostgresDatabase(), in order. */
export async function appliedPostgresMigrations(db: Database): Promise<number[]> {
  const pool = pools.get(db);
  if (!pool) throw new Error('appliedPostgresMigrations(): not a database opened by openPostgresDatabase()');
  const { rows } = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((r) => r.version);
}

/** `postgres://user:***@host/db`: the URL with any password hidden, for messages. */
function redact(url: string): string {
  return url.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i,
    (_, scheme: string, userinfo: string) => `${scheme}${userinfo.split(':')[0]}:***@`,
  );
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function parseUrl(url: string): { connectionString: string; schema?: string; options?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // URL's own error carries the whole input (password included), so it is not passed on.
    throw new Error(`openPostgresDatabase(): malformed URL '${redact(url)}'`);
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  if (schema === undefined) return { connectionString: url };
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`openPostgresDatabase(): schema must be a plain identifier (letters, digits, _), not '${schema}'`);
  }
  parsed.searchParams.delete('schema');
  // pg lets options= in the connection string override the pool config, so any given there are merged in here.
  const given = parsed.searchParams.get('options');
  parsed.searchParams.delete('options');
  const options = [given, `-c search_path=${quoteIdent(schema)}`].filter(Boolean).join(' ');
  return { connectionString: parsed.toString(), schema, options };
}

async function migrate(pool: Pool, schema: string | undefined, clock: () => Date): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, schema ?? '']);
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => r.version));
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        await client.query(m.postgres);
        await client.query(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3::timestamptz)',
          [m.version, m.name, clock().toISOString()],
        );
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    }
  } finally {
    // A client whose ROLLBACK failed is in an unknown state: destroy it rather than return it to the pool.
    client.release(broken);
  }
}

class PostgresStateStore implements StateStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date,
  ) {}

  async read(keys: readonly string[]): Promise<Map<string, StoredState>> {
    const found = new Map<string, StoredState>();
    if (keys.length === 0) return found;
    // BIGINT comes back as a string, which is exactly the eTag's form; JSONB comes back parsed.
    const { rows } = await this.pool.query<{ key: string; value: unknown; etag: string }>(
      'SELECT key, value, etag FROM bot_state WHERE key = ANY($1::text[])',
      [keys],
    );
    for (const row of rows) found.set(row.key, { value: row.value, etag: String(row.etag) });
    return found;
  }

  async write(key: string, value: unknown, expectedEtag?: string): Promise<string> {
    const json = JSON.stringify(value);
    const now = this.clock().toISOString();
    if (expectedEtag === undefined || expectedEtag === '*') {
      const { rows } = await this.pool.query<{ etag: string }>(
        `INSERT INTO bot_state (key, value, etag, updated_at) VALUES ($1, $2::jsonb, 1, $3::timestamptz)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = bot_state.etag + 1, updated_at = excluded.updated_at
         RETURNING etag`,
        [key, json, now],
      );
      return String(rows[0].etag);
    }
    if (!ETAG.test(expectedEtag)) throw new ConcurrencyError(key);
    const { rows } = await this.pool.query<{ etag: string }>(
      `UPDATE bot_state SET value = $1::jsonb, etag = etag + 1, updated_at = $2::timestamptz
       WHERE key = $3 AND etag = $4::bigint RETURNING etag`,
      [json, now, key, expectedEtag],
    );
    if (rows.length === 0) throw new ConcurrencyError(key);
    return String(rows[0].etag);
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.pool.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }
}

class PostgresConversationStore implements ConversationStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date,
  ) {}

  async save(r: Omit<ConversationRecord, 'updatedAt'>): Promise<void> {
    await this.pool.query(
      `INSERT INTO conversation_refs (key, aad_object_id, conversation_id, conversation_type, tenant_id, reference, updated_at, email)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::timestamptz, $8)
       ON CONFLICT (key) DO UPDATE SET aad_object_id = excluded.aad_object_id, conversation_id = excluded.conversation_id,
         conversation_type = excluded.conversation_type, tenant_id = excluded.tenant_id, reference = excluded.reference,
         updated_at = excluded.updated_at, email = COALESCE(excluded.email, conversation_refs.email)`,
      [
        r.key,
        r.aadObjectId ?? null,
        r.conversationId,
        r.conversationType,
        r.tenantId ?? null,
        JSON.stringify(r.reference),
        this.clock().toISOString(),
        r.email?.toLowerCase() ?? null,
      ],
    );
  }

  async get(key: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.pool.query<PgConversationRow>('SELECT * FROM conversation_refs WHERE key = $1', [key]);
    const row = rows.at(0);
    return row && toPgConversation(row);
  }

  async findByEmail(email: string, tenantId: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.pool.query<PgConversationRow>(
      "SELECT * FROM conversation_refs WHERE email = $1 AND tenant_id = $2 AND conversation_type = 'personal' ORDER BY updated_at DESC LIMIT 1",
      [email.trim().toLowerCase(), tenantId.toLowerCase()],
    );
    const row = rows.at(0);
    return row && toPgConversation(row);
  }
}

interface PgConversationRow {
  key: string;
  aad_object_id: string | null;
  conversation_id: string;
  conversation_type: string;
  tenant_id: string | null;
  email: string | null;
  reference: Record<string, unknown>;
  updated_at: Date;
}

const toPgConversation = (row: PgConversationRow): ConversationRecord => ({
  key: row.key,
  aadObjectId: row.aad_object_id ?? undefined,
  conversationId: row.conversation_id,
  conversationType: row.conversation_type,
  tenantId: row.tenant_id ?? undefined,
  ...(row.email ? { email: row.email } : {}),
  reference: row.reference,
  updatedAt: row.updated_at.toISOString(),
});
