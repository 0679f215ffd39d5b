import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newGdapRequest, type GdapRequest } from '../../src/services/gdap/gdap-types';
import { openGdapStore, type GdapRequestStore } from '../../src/services/storage/gdap-store';
import { MIGRATIONS } from '../../src/services/storage/migrations';
import { appliedMigrations, openSqliteDatabase } from '../../src/services/storage/sqlite-database';
import { openPgGdap, type PgGdap } from './postgres-support';

const T0 = new Date('2026-03-01T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function sample(id: string, minutes = 0): GdapRequest {
  return newGdapRequest(
    {
      id,
      displayName: `Relationship ${id}`,
      customer: { tenantId: '36c7329c-b523-4e04-9e39-10d06f8ebeb2', displayName: 'Fabrikam' },
      partner: { name: 'Contoso', tenantId: '06ada22e-cdb9-47a5-929d-963ebb2cda7c' },
      requestedBy: { aadObjectId: 'a', name: 'Alex' },
      durationDays: 90,
      autoExtend: false,
      roleIds: ['5d6b6bb7-de71-4623-b4af-96380a352509'],
    },
    at(minutes),
  );
}

function describeGdapStoreContract(
  name: string,
  open: () => Promise<{ store: GdapRequestStore; close(): Promise<void> }>,
) {
  describe(`GdapRequestStore contract: ${name}`, () => {
    let store: GdapRequestStore;
    let opened: { close(): Promise<void> } | undefined;
    beforeAll(async () => {
      const o = await open();
      store = o.store;
      opened = o;
    });
    afterAll(async () => opened?.close());

    it('stores, reads back and refuses a second create with the same id', async () => {
      const r = sample('a1');
      await store.create(r);
      expect(await store.get('a1')).toEqual(r);
      await expect(store.create(r)).rejects.toThrow();
      expect(await store.get('nope')).toBeUndefined();
    });

    it('updates by compare-and-set: the stale version loses', async () => {
      const r = sample('a2');
      await store.create(r);
      const { id: _id, version: _v, ...rest } = r;
      const next = {
        ...rest,
        status: 'awaiting-approval' as const,
        relationshipId: 'rel',
        updatedAt: at(1).toISOString(),
      };
      const saved = await store.update('a2', 1, next);
      expect(saved).toMatchObject({ id: 'a2', version: 2, status: 'awaiting-approval', relationshipId: 'rel' });
      expect(await store.update('a2', 1, { ...next, status: 'failed' })).toBeUndefined();
      expect((await store.get('a2'))?.status).toBe('awaiting-approval');
    });

    it('lists by status, oldest first, with a limit', async () => {
      for (const [id, minutes] of [
        ['l3', 3],
        ['l1', 1],
        ['l2', 2],
      ] as const)
        await store.create(sample(id, 10 + minutes));
      const listed = await store.listByStatus(['new'], 500);
      const ours = listed.filter((r) => r.id.startsWith('l')).map((r) => r.id);
      expect(ours).toEqual(['l1', 'l2', 'l3']);
      expect(await store.listByStatus([], 10)).toEqual([]);
      expect(await store.listByStatus(['new'], 1)).toHaveLength(1);
    });

    it('leases: one owner at a time until the lease runs out; renew by the owner; release by the owner only', async () => {
      await store.create(sample('c1'));
      expect(await store.claim('c1', 'a', at(5), at(0))).toBe(true);
      expect(await store.claim('c1', 'b', at(6), at(1))).toBe(false);
      expect(await store.claim('c1', 'a', at(10), at(2))).toBe(true);
      await store.release('c1', 'b');
      expect(await store.claim('c1', 'b', at(11), at(9))).toBe(false);
      expect(await store.claim('c1', 'b', at(20), at(11))).toBe(true);
      await store.release('c1', 'b');
      expect(await store.claim('c1', 'a', at(21), at(12))).toBe(true);
      expect(await store.claim('missing', 'a', at(5), at(0))).toBe(false);
    });
  });
}

describeGdapStoreContract('SQLite', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpa-gdap-store-'));
  const file = path.join(dir, 'store.db');
  const db = openSqliteDatabase(file);
  const handle = new BetterSqlite3(file);
  return {
    store: openGdapStore({ kind: 'sqlite', db: handle }),
    close: async () => {
      handle.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

let pg: PgGdap | undefined;
describeGdapStoreContract('PostgreSQL', async () => {
  pg = await openPgGdap();
  return { store: pg.store, close: () => pg?.close() ?? Promise.resolve() };
});

describe('migration 6', () => {
  it('is the last migration, additive, and creates gdap_requests in both dialects', () => {
    const m = MIGRATIONS.find((x) => x.version === 6);
    expect(m).toBeDefined();
    expect(MIGRATIONS.map((x) => x.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const sql of [m?.sqlite ?? '', m?.postgres ?? '']) {
      expect(sql).toMatch(/CREATE TABLE gdap_requests/);
      expect(sql).not.toMatch(/\b(DROP|ALTER)\b/i);
    }
  });

  it('is applied by openSqliteDatabase', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cpa-gdap-mig-'));
    const db = openSqliteDatabase(path.join(dir, 'm.db'));
    const raw = new BetterSqlite3(path.join(dir, 'm.db'));
    expect(appliedMigrations(raw)).toContain(6);
    raw.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
