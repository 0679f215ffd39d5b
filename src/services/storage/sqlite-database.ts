import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteGdapRequestStore } from './gdap-sqlite-store';
import { MIGRATIONS } from './migrations';
import { SqliteGrantStore } from './sqlite-grant-store';
import { SqliteJobStore } from './sqlite-job-store';
import {
  SqliteAuditLog,
  SqliteCardPostStore,
  SqliteRequestStore,
  SqliteSagaStore,
  SqliteSettingsStore,
} from './sqlite-request-stores';
import {
  ConcurrencyError,
  type ConversationRecord,
  type ConversationStore,
  type Database,
  type StateStore,
  type StoredState,
} from './types';

type Db = BetterSqlite3.Database;

/** Opens (creating when needed) the SQLite file, applies pending migrations, and returns the stores over it. */
export function openSqliteDatabase(file: string, clock: () => Date = () => new Date()): Database {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db, clock);
  return {
    kind: 'sqlite',
    state: new SqliteStateStore(db, clock),
    conversations: new SqliteConversationStore(db, clock),
    requests: new SqliteRequestStore(db),
    saga: new SqliteSagaStore(db, clock),
    cardPosts: new SqliteCardPostStore(db),
    audit: new SqliteAuditLog(db, clock),
    settings: new SqliteSettingsStore(db, clock),
    grants: new SqliteGrantStore(db),
    jobs: new SqliteJobStore(db, clock),
    gdap: new SqliteGdapRequestStore(db),
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => {
      if (db.open) db.close();
    },
  };
}

export function appliedMigrations(db: Db): number[] {
  return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map(
    (r) => r.version,
  );
}

function migrate(db: Db, clock: () => Date): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const done = new Set(appliedMigrations(db));
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sqlite);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        clock().toISOString(),
      );
    }).immediate();
  }
}

class SqliteStateStore implements StateStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  async read(keys: readonly string[]): Promise<Map<string, StoredState>> {
    const found = new Map<string, StoredState>();
    const select = this.db.prepare('SELECT value, etag FROM bot_state WHERE key = ?');
    for (const key of keys) {
      const row = select.get(key) as { value: string; etag: number } | undefined;
      if (row) found.set(key, { value: JSON.parse(row.value) as unknown, etag: String(row.etag) });
    }
    return found;
  }

  async write(key: string, value: unknown, expectedEtag?: string): Promise<string> {
    const json = JSON.stringify(value);
    const now = this.clock().toISOString();
    if (expectedEtag === undefined || expectedEtag === '*') {
      const row = this.db
        .prepare(
          `INSERT INTO bot_state (key, value, etag, updated_at) VALUES (?, ?, 1, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = bot_state.etag + 1, updated_at = excluded.updated_at
           RETURNING etag`,
        )
        .get(key, json, now) as { etag: number };
      return String(row.etag);
    }
    const row = this.db
      .prepare(
        'UPDATE bot_state SET value = ?, etag = etag + 1, updated_at = ? WHERE key = ? AND etag = ? RETURNING etag',
      )
      .get(json, now, key, Number(expectedEtag)) as { etag: number } | undefined;
    if (!row) throw new ConcurrencyError(key);
    return String(row.etag);
  }

  async delete(keys: readonly string[]): Promise<void> {
    const del = this.db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.db.transaction(() => keys.forEach((k) => del.run(k)))();
  }
}

class SqliteConversationStore implements ConversationStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  async save(r: Omit<ConversationRecord, 'updatedAt'>): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO conversation_refs (key, aad_object_id, conversation_id, conversation_type, tenant_id, reference, updated_at, email)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET aad_object_id = excluded.aad_object_id, conversation_id = excluded.conversation_id,
           conversation_type = excluded.conversation_type, tenant_id = excluded.tenant_id, reference = excluded.reference,
           updated_at = excluded.updated_at, email = COALESCE(excluded.email, conversation_refs.email)`,
      )
      .run(
        r.key,
        r.aadObjectId ?? null,
        r.conversationId,
        r.conversationType,
        r.tenantId ?? null,
        JSON.stringify(r.reference),
        this.clock().toISOString(),
        r.email?.toLowerCase() ?? null,
      );
  }

  async get(key: string): Promise<ConversationRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM conversation_refs WHERE key = ?').get(key) as
      ConversationRow | undefined;
    return row && toConversation(row);
  }

  async findByEmail(email: string, tenantId: string): Promise<ConversationRecord | undefined> {
    const row = this.db
      .prepare(
        "SELECT * FROM conversation_refs WHERE email = ? AND tenant_id = ? AND conversation_type = 'personal' ORDER BY updated_at DESC LIMIT 1",
      )
      .get(email.trim().toLowerCase(), tenantId.toLowerCase()) as ConversationRow | undefined;
    return row && toConversation(row);
  }
}

interface ConversationRow {
  key: string;
  aad_object_id: string | null;
  conversation_id: string;
  conversation_type: string;
  tenant_id: string | null;
  email: string | null;
  reference: string;
  updated_at: string;
}

const toConversation = (row: ConversationRow): ConversationRecord => ({
  key: row.key,
  aadObjectId: row.aad_object_id ?? undefined,
  conversationId: row.conversation_id,
  conversationType: row.conversation_type,
  tenantId: row.tenant_id ?? undefined,
  ...(row.email ? { email: row.email } : {}),
  reference: JSON.parse(row.reference) as Record<string, unknown>,
  updatedAt: row.updated_at,
});
