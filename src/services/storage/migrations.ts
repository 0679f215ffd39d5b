/**
 * Versioned schema changes, applied in order and recorded in schema_migrations. Append new entries; never edit one
 * that has shipped. Each dialect gets its own SQL because SQLite and PostgreSQL differ in types.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'bot state and conversation references',
    sqlite: `
      CREATE TABLE bot_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        etag INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE conversation_refs (
        key TEXT PRIMARY KEY,
        aad_object_id TEXT,
        conversation_id TEXT NOT NULL,
        conversation_type TEXT NOT NULL,
        tenant_id TEXT,
        reference TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX conversation_refs_aad ON conversation_refs (aad_object_id);`,
    postgres: `
      CREATE TABLE bot_state (
        key TEXT PRIMARY KEY,
        value JSONB NOT NULL,
        etag BIGINT NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      );
      CREATE TABLE conversation_refs (
        key TEXT PRIMARY KEY,
        aad_object_id TEXT,
        conversation_id TEXT NOT NULL,
        conversation_type TEXT NOT NULL,
        tenant_id TEXT,
        reference JSONB NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX conversation_refs_aad ON conversation_refs (aad_object_id);`,
  },
  {
    version: 2,
    name: 'access requests, provisioning saga, card posts, audit log, settings',
    sqlite: `
      CREATE TABLE access_requests (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        requester_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        lease_owner TEXT,
        lease_until TEXT,
        data TEXT NOT NULL
      );
      CREATE INDEX access_requests_requester ON access_requests (requester_id, created_at);
      CREATE INDEX access_requests_status ON access_requests (status, created_at);
      CREATE TABLE saga_steps (
        request_id TEXT NOT NULL,
        item TEXT NOT NULL,
        step TEXT NOT NULL,
        state TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        result TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (request_id, item, step)
      );
      CREATE TABLE card_posts (
        request_id TEXT NOT NULL,
        conversation_key TEXT NOT NULL,
        activity_id TEXT NOT NULL,
        audience TEXT NOT NULL,
        reference TEXT NOT NULL,
        PRIMARY KEY (request_id, conversation_key, activity_id)
      );
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        before TEXT,
        after TEXT,
        detail TEXT
      );
      CREATE INDEX audit_log_subject ON audit_log (subject, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );`,
    postgres: `
      CREATE TABLE access_requests (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        requester_id TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        lease_owner TEXT,
        lease_until TIMESTAMPTZ,
        data JSONB NOT NULL
      );
      CREATE INDEX access_requests_requester ON access_requests (requester_id, created_at);
      CREATE INDEX access_requests_status ON access_requests (status, created_at);
      CREATE TABLE saga_steps (
        request_id TEXT NOT NULL,
        item TEXT NOT NULL,
        step TEXT NOT NULL,
        state TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        result JSONB,
        updated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (request_id, item, step)
      );
      CREATE TABLE card_posts (
        request_id TEXT NOT NULL,
        conversation_key TEXT NOT NULL,
        activity_id TEXT NOT NULL,
        audience TEXT NOT NULL,
        reference JSONB NOT NULL,
        PRIMARY KEY (request_id, conversation_key, activity_id)
      );
      CREATE TABLE audit_log (
        seq BIGSERIAL PRIMARY KEY,
        at TIMESTAMPTZ NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        before JSONB,
        after JSONB,
        detail JSONB
      );
      CREATE INDEX audit_log_subject ON audit_log (subject, seq);
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value JSONB NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      );`,
  },
  {
    version: 3,
    name: 'insertion order for saga steps and card posts',
    // SQLite keeps insertion order in rowid (an upsert updates the row in place), so it has nothing to add.
    // PostgreSQL has no rowid: a sequence-filled column records the order rows were first inserted.
    sqlite: `
      -- nothing to do: saga_steps and card_posts are listed in rowid order`,
    postgres: `
      ALTER TABLE saga_steps ADD COLUMN created_seq BIGSERIAL;
      ALTER TABLE card_posts ADD COLUMN created_seq BIGSERIAL;`,
  },
  {
    version: 4,
    name: 'email on conversation references, to reach partner people by the address they were invited with',
    sqlite: `
      ALTER TABLE conversation_refs ADD COLUMN email TEXT;
      CREATE INDEX conversation_refs_email ON conversation_refs (email);`,
    postgres: `
      ALTER TABLE conversation_refs ADD COLUMN email TEXT;
      CREATE INDEX conversation_refs_email ON conversation_refs (email);`,
  },
  {
    version: 5,
    name: 'grants (access per person) and scheduled jobs (expiry, reminders, drift checks)',
    sqlite: `
      CREATE TABLE grants (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        email TEXT NOT NULL,
        user_id TEXT NOT NULL,
        status TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        expires_at TEXT,
        version INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX grants_request ON grants (request_id);
      CREATE INDEX grants_email ON grants (email);
      CREATE INDEX grants_user ON grants (user_id);
      CREATE INDEX grants_status_expiry ON grants (status, expires_at);
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        run_at TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL,
        lease_owner TEXT,
        lease_until TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        dedupe_key TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX jobs_due ON jobs (status, run_at);`,
    postgres: `
      CREATE TABLE grants (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        email TEXT NOT NULL,
        user_id TEXT NOT NULL,
        status TEXT NOT NULL,
        granted_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ,
        version INTEGER NOT NULL,
        data JSONB NOT NULL
      );
      CREATE INDEX grants_request ON grants (request_id);
      CREATE INDEX grants_email ON grants (email);
      CREATE INDEX grants_user ON grants (user_id);
      CREATE INDEX grants_status_expiry ON grants (status, expires_at);
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        run_at TIMESTAMPTZ NOT NULL,
        payload JSONB NOT NULL,
        status TEXT NOT NULL,
        lease_owner TEXT,
        lease_until TIMESTAMPTZ,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        dedupe_key TEXT NOT NULL UNIQUE,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX jobs_due ON jobs (status, run_at);`,
  },
  {
    version: 6,
    name: 'partner-side GDAP requests (relationship, approval, access assignment)',
    sqlite: `
      CREATE TABLE gdap_requests (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        lease_owner TEXT,
        lease_until TEXT,
        data TEXT NOT NULL
      );
      CREATE INDEX gdap_requests_status ON gdap_requests (status, created_at);`,
    postgres: `
      CREATE TABLE gdap_requests (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        lease_owner TEXT,
        lease_until TIMESTAMPTZ,
        data JSONB NOT NULL
      );
      CREATE INDEX gdap_requests_status ON gdap_requests (status, created_at);`,
  },
  {
    version: 7,
    name: 'audit log append-only against replacing inserts',
    // INSERT OR REPLACE / REPLACE INTO delete the conflicting row without firing DELETE triggers (recursive triggers
    // are off), so the log refuses any row that does not extend it: one that reuses a sequence number, or one that
    // lands before the newest entry. SQLite has one writer at a time, so MAX(seq) cannot race another insert.
    sqlite: `
      CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
        WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq)
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: that entry exists'); END;
      CREATE TRIGGER audit_log_only_extends AFTER INSERT ON audit_log
        WHEN NEW.seq < (SELECT MAX(seq) FROM audit_log)
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: a new entry must come last'); END;`,
    // PostgreSQL has no REPLACE; INSERT ... ON CONFLICT DO UPDATE fires the UPDATE trigger of version 2, and a reused
    // sequence number breaks the primary key. A "must come last" check would refuse honest concurrent inserts
    // (sequence numbers are handed out before commit), so there is nothing to add.
    postgres: `
      -- nothing to do: see above`,
  },
  {
    version: 8,
    name: 'per-person turn counters shared by every instance (rate-limiter-flexible)',
    // SQLite runs one instance, which counts in memory; the table exists only where several instances share counts.
    sqlite: `
      -- nothing to do: see above`,
    postgres: `
      CREATE TABLE rate_limits (
        key VARCHAR(255) PRIMARY KEY,
        points INTEGER NOT NULL DEFAULT 0,
        expire BIGINT
      );`,
  },
  {
    version: 9,
    name: 'one card copy per request per conversation',
    // Each "pending" used to add a copy; keep the newest per conversation, then let the key forbid more.
    sqlite: `
      DELETE FROM card_posts WHERE rowid NOT IN (
        SELECT MAX(rowid) FROM card_posts GROUP BY request_id, conversation_key
      );
      CREATE UNIQUE INDEX card_posts_one_per_conversation ON card_posts (request_id, conversation_key);`,
    postgres: `
      DELETE FROM card_posts WHERE created_seq NOT IN (
        SELECT MAX(created_seq) FROM card_posts GROUP BY request_id, conversation_key
      );
      CREATE UNIQUE INDEX card_posts_one_per_conversation ON card_posts (request_id, conversation_key);`,
  },
];
