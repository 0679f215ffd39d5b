import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database, Grant } from '../../src/services/storage/types';

export function sampleGrant(id: string, over: Partial<Grant> = {}): Omit<Grant, 'version'> {
  return {
    id,
    requestId: 'req-1',
    email: 'Ana@Fabrikam-MSSP.example',
    userId: 'user-1',
    displayName: 'Ana Ruiz (Fabrikam)',
    role: 'security-reader',
    roleDefinitionId: '5d6b6bb7-de71-4623-b4af-96380a352509',
    assignmentId: 'assignment-1',
    pim: false,
    invited: true,
    grantedAt: '2026-03-01T09:00:00.000Z',
    expiresAt: '2026-03-31T09:00:00.000Z',
    status: 'active',
    remindersSent: [],
    ...over,
  };
}

const change = (g: Grant): Omit<Grant, 'id' | 'version'> => {
  const { id: _id, version: _v, ...rest } = g;
  return rest;
};

/** A database opened for a test, and a way to open a second connection (another instance) on the same store. */
export interface OpenedTwice {
  readonly db: Database;
  again(): Promise<Database>;
}

/** The GrantStore behaviour every backend must show. */
export function describeGrantStoreContract(name: string, open: () => Promise<OpenedTwice>): void {
  describe(`${name}: grant store contract`, () => {
    let db: Database;
    beforeEach(async () => {
      db = (await open()).db;
    });
    afterEach(async () => db.close());

    it('stores a grant at version 1 with its email lower-cased, and keeps it on a second upsert', async () => {
      const first = await db.grants.upsert(sampleGrant('g1', { expiresAt: '2026-03-31T09:00:00Z' }));
      expect(first).toEqual({
        ...sampleGrant('g1'),
        email: 'ana@fabrikam-mssp.example',
        expiresAt: '2026-03-31T09:00:00.000Z',
        version: 1,
      });
      const again = await db.grants.upsert(sampleGrant('g1', { status: 'revoked', displayName: 'Other' }));
      expect(again).toEqual(first);
      expect(await db.grants.get('g1')).toEqual(first);
      expect(await db.grants.get('missing')).toBeUndefined();
    });

    it('keeps optional fields absent rather than null', async () => {
      const { expiresAt: _e, assignmentId: _a, ...open } = sampleGrant('g2');
      const stored = await db.grants.upsert(open);
      expect(stored).not.toHaveProperty('expiresAt');
      expect(stored).not.toHaveProperty('assignmentId');
      expect(stored).not.toHaveProperty('failure');
    });

    it('lists by email (any case), user and request, oldest grant first', async () => {
      await db.grants.upsert(sampleGrant('b', { grantedAt: '2026-03-02T00:00:00.000Z', requestId: 'r2' }));
      await db.grants.upsert(sampleGrant('a', { grantedAt: '2026-03-03T00:00:00.000Z', requestId: 'r2' }));
      await db.grants.upsert(
        sampleGrant('c', { grantedAt: '2026-03-01T00:00:00.000Z', email: 'x@y.example', userId: 'u2' }),
      );
      expect((await db.grants.listByEmail(' ANA@fabrikam-mssp.example ')).map((g) => g.id)).toEqual(['b', 'a']);
      expect((await db.grants.listByUser('u2')).map((g) => g.id)).toEqual(['c']);
      expect((await db.grants.listByRequest('r2')).map((g) => g.id)).toEqual(['b', 'a']);
      expect(await db.grants.listByRequest('none')).toEqual([]);
    });

    it('lists active grants, and those due for expiry (at or before now) plus interrupted revocations', async () => {
      const at = (d: string) => `2026-03-${d}T09:00:00.000Z`;
      await db.grants.upsert(sampleGrant('past', { expiresAt: at('10') }));
      await db.grants.upsert(sampleGrant('now', { expiresAt: at('11') }));
      await db.grants.upsert(sampleGrant('future', { expiresAt: at('12') }));
      const { expiresAt: _e, ...forever } = sampleGrant('forever');
      await db.grants.upsert(forever);
      await db.grants.upsert(sampleGrant('revoking', { status: 'revoking', expiresAt: at('20') }));
      await db.grants.upsert(sampleGrant('revoked', { status: 'revoked', expiresAt: at('01') }));
      await db.grants.upsert(sampleGrant('failed', { status: 'failed', expiresAt: at('01') }));
      expect((await db.grants.listActive()).map((g) => g.id).sort()).toEqual(['forever', 'future', 'now', 'past']);
      const due = await db.grants.listDueForExpiry(new Date(at('11')));
      expect(due.map((g) => g.id).sort()).toEqual(['now', 'past', 'revoking']);
      expect(await db.grants.listActive(2)).toHaveLength(2);
    });

    it('updates only on the expected version, and re-indexes the new expiry', async () => {
      const g = await db.grants.upsert(sampleGrant('cas'));
      const moved = await db.grants.update('cas', 1, {
        ...change(g),
        expiresAt: '2026-04-30T09:00:00Z',
        remindersSent: [7],
      });
      expect(moved).toMatchObject({ version: 2, expiresAt: '2026-04-30T09:00:00.000Z', remindersSent: [7] });
      expect(await db.grants.update('cas', 1, { ...change(g), status: 'revoked' })).toBeUndefined();
      expect(await db.grants.listDueForExpiry(new Date('2026-04-01T00:00:00Z'))).toEqual([]);
      expect(await db.grants.listDueForExpiry(new Date('2026-04-30T09:00:00Z'))).toHaveLength(1);
    });

    it('lets exactly one of many concurrent updaters win', async () => {
      const g = await db.grants.upsert(sampleGrant('race'));
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          db.grants.update('race', 1, { ...change(g), status: 'revoking', revokeReason: `r${i}` }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await db.grants.get('race'))?.version).toBe(2);
    });
  });
}
