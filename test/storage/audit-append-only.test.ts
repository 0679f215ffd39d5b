import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/services/storage/open-database';
import type { Database } from '../../src/services/storage/types';
import { pgSchemas } from '../lifecycle/pg-schemas';
import { TEST_DATABASE_URL as PG_SERVER } from '../support/test-database';

const dir = mkdtempSync(path.join(tmpdir(), 'cpa-audit-'));
const pg = pgSchemas();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg.dropAll();
});

async function threeEntries(db: Database) {
  for (const subject of ['r1', 'r2', 'r3'])
    await db.audit.append({ actorId: 'u1', actorName: 'Ann', action: 'request.created', subject });
  return db.audit.list();
}

const row = (seq: number) =>
  `(${seq}, '2026-01-01T00:00:00.000Z', 'mallory', 'Mallory', 'request.approved', 'r${seq}')`;
const COLUMNS = 'audit_log (seq, at, actor_id, actor_name, action, subject)';

describe('audit log on a SQLite file: append-only against replacing inserts', () => {
  const statements: Array<[string, string]> = [
    ['INSERT OR REPLACE of the first entry', `INSERT OR REPLACE INTO ${COLUMNS} VALUES ${row(1)}`],
    ['INSERT OR REPLACE of the newest entry', `INSERT OR REPLACE INTO ${COLUMNS} VALUES ${row(3)}`],
    ['REPLACE INTO', `REPLACE INTO ${COLUMNS} VALUES ${row(2)}`],
    [
      'INSERT ... ON CONFLICT DO UPDATE',
      `INSERT INTO ${COLUMNS} VALUES ${row(2)} ON CONFLICT (seq) DO UPDATE SET actor_name = 'Mallory'`,
    ],
    ['an entry slipped in before the first', `INSERT INTO ${COLUMNS} VALUES ${row(0)}`],
    ['an entry with a negative sequence number', `INSERT INTO ${COLUMNS} VALUES ${row(-7)}`],
  ];

  it.each(statements)('refuses %s and leaves every entry as it was', async (_label, sql) => {
    const file = path.join(dir, `audit-${Math.random().toString(36).slice(2)}.db`);
    const db = await openDatabase(`sqlite:${file}`);
    try {
      const before = await threeEntries(db);
      const raw = new BetterSqlite3(file);
      try {
        expect(() => raw.exec(sql)).toThrow(/append-only/);
      } finally {
        raw.close();
      }
      expect(await db.audit.list()).toEqual(before);
    } finally {
      await db.close();
    }
  });

  it('still accepts rows that extend the log, by the store or by hand', async () => {
    const file = path.join(dir, 'extend.db');
    const db = await openDatabase(`sqlite:${file}`);
    try {
      await threeEntries(db);
      const raw = new BetterSqlite3(file);
      try {
        raw.exec(`INSERT OR REPLACE INTO ${COLUMNS} VALUES ${row(9)}`);
      } finally {
        raw.close();
      }
      await db.audit.append({ actorId: 'u1', actorName: 'Ann', action: 'request.created', subject: 'r10' });
      expect((await db.audit.list()).map((e) => e.subject)).toEqual(['r1', 'r2', 'r3', 'r9', 'r10']);
    } finally {
      await db.close();
    }
  });
});

describe('audit log on PostgreSQL: an upsert is an UPDATE and is refused', () => {
  it('refuses INSERT ... ON CONFLICT DO UPDATE and a duplicate sequence number, and keeps every entry', async () => {
    const url = pg.freshUrl();
    const schema = new URL(url).searchParams.get('schema')!;
    const db = await openDatabase(url);
    const client = new Client({ connectionString: PG_SERVER });
    await client.connect();
    try {
      const before = await threeEntries(db);
      await client.query(`SET search_path = "${schema}"`);
      await expect(
        client.query(`INSERT INTO ${COLUMNS} VALUES ${row(2)} ON CONFLICT (seq) DO UPDATE SET actor_name = 'Mallory'`),
      ).rejects.toThrow(/append-only/);
      await expect(client.query(`INSERT INTO ${COLUMNS} VALUES ${row(1)}`)).rejects.toThrow(/duplicate key/);
      await expect(client.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
      expect(await db.audit.list()).toEqual(before);
    } finally {
      await client.end();
      await db.close();
    }
  });
});
