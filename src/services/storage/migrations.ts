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
];
