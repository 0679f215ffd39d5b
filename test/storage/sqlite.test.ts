import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/services/storage/migrations';
import { openDatabase } from '../../src/services/storage/open-database';
import { appliedMigrations } from '../../src/services/storage/sqlite-database';
import { describeGrantStoreContract, type OpenedTwice } from './grant-store-contract';
import { describeJobStoreContract } from './job-store-contract';
import { describeRequestStoresContract } from './request-stores-contract';
import { describeStorageContract } from './storage-contract';

const dir = mkdtempSync(path.join(tmpdir(), 'cpa-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describeStorageContract('SQLite file', () => openDatabase(`sqlite:${path.join(dir, `db-${++n}.db`)}`));

describe('SQLite migrations', () => {
  it('creates the file and its folder, applies every migration once, and survives a reopen', async () => {
    const file = path.join(dir, 'nested', 'again.db');
    const first = await openDatabase(`sqlite:${file}`);
    await first.state.write('k', { v: 1 });
    await first.close();
    const second = await openDatabase(`sqlite:${file}`);
    expect((await second.state.read(['k'])).get('k')?.value).toEqual({ v: 1 });
    await second.close();
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(appliedMigrations(raw)).toEqual(MIGRATIONS.map((m) => m.version));
    raw.close();
  });

  it('migration 9 keeps the newest card copy per request and conversation, then forbids more', async () => {
    const file = path.join(dir, 'copies.db');
    await (await openDatabase(`sqlite:${file}`)).close();
    // Back to the schema before migration 9, with the duplicate copies "pending" used to pile up.
    const raw = new BetterSqlite3(file);
    raw.exec('DROP INDEX card_posts_one_per_conversation; DELETE FROM schema_migrations WHERE version = 9;');
    const insert = raw.prepare(
      "INSERT INTO card_posts (request_id, conversation_key, activity_id, audience, reference) VALUES ('r', ?, ?, 'approvers', '{}')",
    );
    for (const [key, id] of [
      ['user:a', '1'],
      ['user:a', '2'],
      ['user:b', '3'],
      ['user:a', '4'],
    ])
      insert.run(key, id);
    raw.close();
    const db = await openDatabase(`sqlite:${file}`);
    expect((await db.cardPosts.list('r')).map((p) => [p.conversationKey, p.activityId])).toEqual([
      ['user:b', '3'],
      ['user:a', '4'],
    ]);
    await db.close();
  });

  it('refuses an unknown scheme with a message that hides credentials', async () => {
    await expect(openDatabase('mysql://user:hunter2@db/x')).rejects.toThrow(
      /unsupported DATABASE_URL scheme in 'mysql:\/\/\*\*\*@db\/x'/,
    );
  });
});

describeRequestStoresContract('SQLite file', async () => {
  const file = path.join(dir, `req-${++n}.db`);
  const db = await openDatabase(`sqlite:${file}`);
  return {
    db,
    exec: async (sql: string) => {
      const raw = new BetterSqlite3(file);
      try {
        raw.exec(sql);
      } finally {
        raw.close();
      }
    },
  };
});

/** A fresh file, and a second connection on it (another instance) when a test asks. */
async function openTwice(): Promise<OpenedTwice> {
  const url = `sqlite:${path.join(dir, `life-${++n}.db`)}`;
  return { db: await openDatabase(url), again: () => openDatabase(url) };
}
describeGrantStoreContract('SQLite file', openTwice);
describeJobStoreContract('SQLite file', openTwice);
