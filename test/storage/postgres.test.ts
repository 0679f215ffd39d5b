import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/services/storage/migrations';
import { openDatabase } from '../../src/services/storage/open-database';
import { appliedPostgresMigrations, openPostgresDatabase } from '../../src/services/storage/postgres-database';
import { openSqliteDatabase } from '../../src/services/storage/sqlite-database';
import { ConcurrencyError, type Database } from '../../src/services/storage/types';
import { describeGrantStoreContract, type OpenedTwice } from './grant-store-contract';
import { describeJobStoreContract } from './job-store-contract';
import { describeRequestStoresContract, sampleRequest } from './request-stores-contract';
import { describeStorageContract } from './storage-contract';
import { TEST_DATABASE_URL, testDatabaseUrlFor, unreachableMessage } from '../support/test-database';

const SERVER = TEST_DATABASE_URL;

/** Every schema this file may have created; all are dropped at the end. */
const schemas = new Set<string>();
const runId = randomBytes(6).toString('hex');
let n = 0;
function freshSchema(): string {
  const name = `cpa_test_${runId}_${++n}`;
  schemas.add(name);
  return name;
}
const urlFor = (schema: string): string => testDatabaseUrlFor(schema);

/** A plain connection to the test database; fails (never skips) with how to start the server when it is down. */
async function admin(): Promise<Client> {
  const client = new Client({ connectionString: SERVER, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new Error(unreachableMessage(err));
  }
  return client;
}

async function inSchema<T extends object>(schema: string, sql: string): Promise<T[]> {
  const client = await admin();
  try {
    await client.query(`SET search_path = "${schema}"`);
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await (await admin()).end();
});

afterAll(async () => {
  if (schemas.size === 0) return;
  const client = await admin();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
});

describeStorageContract('PostgreSQL', () => openDatabase(urlFor(freshSchema())));

describe('PostgreSQL migrations and connection', () => {
  const clock = () => new Date('2025-01-02T03:04:05.678Z');

  it('applies every migration once, records it, and does not reapply on reopen', async () => {
    const schema = freshSchema();
    const first = await openPostgresDatabase(urlFor(schema), clock);
    expect(await appliedPostgresMigrations(first)).toEqual(MIGRATIONS.map((m) => m.version));
    await first.close();
    const second = await openPostgresDatabase(urlFor(schema), () => new Date('2030-01-01T00:00:00Z'));
    expect(await appliedPostgresMigrations(second)).toEqual(MIGRATIONS.map((m) => m.version));
    await second.close();
    const rows = await inSchema<{ version: number; name: string; applied_at: Date }>(
      schema,
      'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
    );
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name, applied_at: clock() })));
  });

  it('lets several instances start at once on a new schema and migrates exactly once', async () => {
    const schema = freshSchema();
    const dbs = await Promise.all(Array.from({ length: 4 }, () => openPostgresDatabase(urlFor(schema))));
    for (const db of dbs) expect(await appliedPostgresMigrations(db)).toEqual(MIGRATIONS.map((m) => m.version));
    await Promise.all(dbs.map((db) => db.close()));
    const rows = await inSchema<{ count: string }>(schema, 'SELECT count(*) AS count FROM schema_migrations');
    expect(rows[0].count).toBe(String(MIGRATIONS.length));
  });

  it('keeps state and conversation references across a reopen', async () => {
    const schema = freshSchema();
    const first = await openPostgresDatabase(urlFor(schema), clock);
    const etag = await first.state.write('conv/1', { n: 1 });
    await first.conversations.save({
      key: 'conversation:c1',
      conversationId: 'c1',
      conversationType: 'channel',
      reference: { a: 1 },
    });
    await first.close();
    const second = await openPostgresDatabase(urlFor(schema));
    expect((await second.state.read(['conv/1'])).get('conv/1')).toEqual({ value: { n: 1 }, etag });
    expect(await second.conversations.get('conversation:c1')).toEqual({
      key: 'conversation:c1',
      aadObjectId: undefined,
      conversationId: 'c1',
      conversationType: 'channel',
      tenantId: undefined,
      reference: { a: 1 },
      updatedAt: clock().toISOString(),
    });
    await second.close();
  });

  it('keeps each schema apart: rows land in the schema named in the URL', async () => {
    const [a, b] = [freshSchema(), freshSchema()];
    const dbA = await openPostgresDatabase(urlFor(a));
    const dbB = await openPostgresDatabase(urlFor(b));
    await dbA.state.write('only-in-a', { v: 1 });
    expect((await dbB.state.read(['only-in-a'])).size).toBe(0);
    await Promise.all([dbA.close(), dbB.close()]);
    const rows = await inSchema<{ in_a: string; in_b: string }>(
      'pg_catalog',
      `SELECT (SELECT count(*) FROM "${a}".bot_state WHERE key = 'only-in-a') AS in_a, (SELECT count(*) FROM "${b}".bot_state) AS in_b`,
    );
    expect(rows).toEqual([{ in_a: '1', in_b: '0' }]);
  });

  it('treats a non-numeric eTag as a mismatch, and close() twice as harmless', async () => {
    const db = await openPostgresDatabase(urlFor(freshSchema()));
    await db.state.write('k', { v: 1 });
    await expect(db.state.write('k', { v: 2 }, 'not-a-number')).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(db.state.write('k', { v: 2 }, '99999999999999999999999')).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await db.state.read([])).size).toBe(0);
    await db.state.delete([]);
    await db.close();
    await expect(db.close()).resolves.toBeUndefined();
  });

  it('never puts the password in an error message', async () => {
    const failure = openPostgresDatabase('postgres://postgres:hunter2@127.0.0.1:1/test?schema=cpa_test_unused');
    await expect(failure).rejects.toThrow(/cannot open postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test/);
    await expect(failure).rejects.not.toThrow(/hunter2/);
    await expect(openPostgresDatabase('postgres://postgres:hunter2@[bad/test')).rejects.not.toThrow(/hunter2/);
    await expect(openPostgresDatabase(testDatabaseUrlFor('bad;name'))).rejects.toThrow(/plain identifier/);
  });
});

describeRequestStoresContract('PostgreSQL', async () => {
  const schema = freshSchema();
  const db = await openPostgresDatabase(urlFor(schema));
  // inSchema() runs on its own pg.Client, outside the stores, with search_path set to the same schema.
  return { db, exec: async (sql: string) => void (await inSchema(schema, sql)) };
});

describe('PostgreSQL request stores give the same answers as SQLite', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpa-pg-twin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Opens both backends on the same fixed clock, runs `script` on each and returns both results. */
  async function both<T>(script: (db: Database) => Promise<T>): Promise<{ sqlite: T; postgres: T }> {
    const clock = () => new Date('2026-11-27T09:08:07.654Z');
    const lite = openSqliteDatabase(path.join(dir, `twin-${++n}.db`), clock);
    const pg = await openPostgresDatabase(urlFor(freshSchema()), clock);
    try {
      return { sqlite: await script(lite), postgres: await script(pg) };
    } finally {
      await Promise.all([lite.close(), pg.close()]);
    }
  }

  it('keeps JSON null apart from a missing value, and returns the clock ISO strings', async () => {
    const { sqlite, postgres } = await both(async (db) => ({
      entry: await db.audit.append({ actorId: 'u', actorName: 'N', action: 'a', subject: 's', before: null }),
      explicitAt: await db.audit.append({
        actorId: 'u',
        actorName: 'N',
        action: 'b',
        subject: 's',
        at: '2026-01-02T03:04:05.006Z',
      }),
      step: await db.saga.record({ requestId: 'r', item: '*', step: 'x', state: 'done', result: undefined }),
      nullResult: await db.saga.record({ requestId: 'r', item: '*', step: 'y', state: 'failed', result: { e: null } }),
      setting: await db.settings.set('k', null).then(() => db.settings.get('k')),
      missing: await db.settings.get('nope'),
      list: await db.audit.list({ subject: 's', limit: -1 }),
    }));
    expect(postgres).toEqual(sqlite);
    expect(postgres.entry).toMatchObject({ seq: 1, at: '2026-11-27T09:08:07.654Z', before: null });
    expect(postgres.entry).toHaveProperty('after', undefined);
    expect(postgres.step).toMatchObject({ result: undefined, updatedAt: '2026-11-27T09:08:07.654Z' });
    expect(postgres.setting).toBeNull();
    expect(postgres.list).toHaveLength(2);
  });

  it('lists saga steps and card posts in first-insertion order, even after a later update', async () => {
    const { sqlite, postgres } = await both(async (db) => {
      for (const step of ['zeta', 'alpha', 'mid']) {
        await db.saga.record({ requestId: 'o', item: '*', step, state: 'started' });
      }
      await db.saga.record({ requestId: 'o', item: '*', step: 'zeta', state: 'started' });
      await db.saga.record({ requestId: 'o', item: '*', step: 'zeta', state: 'done', result: { ok: true } });
      const post = { requestId: 'o', audience: 'approvers' as const, reference: { n: 1 } };
      for (const [conversationKey, activityId] of [
        ['z', '9'],
        ['a', '1'],
        ['m', '5'],
      ]) {
        await db.cardPosts.add({ ...post, conversationKey, activityId });
      }
      await db.cardPosts.add({ ...post, conversationKey: 'z', activityId: '9', reference: { n: 2 } });
      return { steps: await db.saga.list('o'), posts: await db.cardPosts.list('o') };
    });
    expect(postgres).toEqual(sqlite);
    expect(postgres.steps.map((s) => [s.step, s.attempt])).toEqual([
      ['zeta', 2],
      ['alpha', 1],
      ['mid', 1],
    ]);
    expect(postgres.posts.map((p) => [p.conversationKey, p.reference])).toEqual([
      ['z', { n: 1 }],
      ['a', { n: 1 }],
      ['m', { n: 1 }],
    ]);
  });

  it('orders requests on equal timestamps by id in byte order, and treats a negative limit as none', async () => {
    const { sqlite, postgres } = await both(async (db) => {
      for (const id of ['b', 'B', 'a', '_', 'A']) await db.requests.create(sampleRequest(id));
      return {
        byRequester: (await db.requests.listByRequester('req-1', -1)).map((r) => r.id),
        byStatus: (await db.requests.listByStatus(['pending', 'approved'], 3)).map((r) => r.id),
      };
    });
    expect(postgres).toEqual(sqlite);
    expect(postgres).toEqual({ byRequester: ['A', 'B', '_', 'a', 'b'], byStatus: ['A', 'B', '_'] });
  });
});

/** A fresh schema, and a second pool on it (another instance) when a test asks. */
async function openTwice(): Promise<OpenedTwice> {
  const url = urlFor(freshSchema());
  return { db: await openDatabase(url), again: () => openDatabase(url) };
}
describeGrantStoreContract('PostgreSQL', openTwice);
describeJobStoreContract('PostgreSQL', openTwice);
