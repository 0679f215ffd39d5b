import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { ConcurrencyError, type Database } from '../../src/services/storage/types';

/** The behaviour every Database implementation must show; run once per backend against a real server or file. */
export function describeStorageContract(name: string, open: () => Promise<Database>): void {
  describe(`${name}: storage contract`, () => {
    let db: Database;
    beforeEach(async () => {
      db = await open();
    });
    afterEach(async () => {
      await db.close();
    });

    it('answers ping', async () => {
      await expect(db.ping()).resolves.toBeUndefined();
    });

    it('reads back what it wrote, and nothing for unknown keys', async () => {
      const etag = await db.state.write('conv/1', { dialogStack: [{ id: 'main' }], n: 1 });
      const found = await db.state.read(['conv/1', 'missing']);
      expect(found.get('conv/1')).toEqual({ value: { dialogStack: [{ id: 'main' }], n: 1 }, etag });
      expect(found.has('missing')).toBe(false);
    });

    it('changes a row only when the eTag still matches (compare-and-set)', async () => {
      const first = await db.state.write('k', { v: 1 });
      const second = await db.state.write('k', { v: 2 }, first);
      expect(second).not.toBe(first);
      await expect(db.state.write('k', { v: 3 }, first)).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await db.state.read(['k'])).get('k')?.value).toEqual({ v: 2 });
    });

    it('lets exactly one of many concurrent writers with the same eTag win', async () => {
      const etag = await db.state.write('race', { winner: null });
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => db.state.write('race', { winner: i }, etag)),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(
        results
          .filter((r) => r.status === 'rejected')
          .every((r) => r.status === 'rejected' && r.reason instanceof ConcurrencyError),
      ).toBe(true);
    });

    it('refuses a conditional write to a key that does not exist', async () => {
      await expect(db.state.write('never-written', { v: 1 }, '1')).rejects.toBeInstanceOf(ConcurrencyError);
    });

    it('writes unconditionally with * and deletes', async () => {
      await db.state.write('x', { v: 1 });
      await db.state.write('x', { v: 2 }, '*');
      expect((await db.state.read(['x'])).get('x')?.value).toEqual({ v: 2 });
      await db.state.delete(['x', 'not-there']);
      expect((await db.state.read(['x'])).size).toBe(0);
    });

    it('keeps unicode and hostile text intact', async () => {
      const value = { name: "Zoë O'Brien ${$root.secret} 🛡️", quote: '"; DROP TABLE bot_state; --' };
      await db.state.write('text', value);
      expect((await db.state.read(['text'])).get('text')?.value).toEqual(value);
    });

    it('saves and replaces conversation references', async () => {
      const record = {
        key: 'user:aad-1',
        aadObjectId: 'aad-1',
        conversationId: 'a:1',
        conversationType: 'personal',
        tenantId: 't-1',
        reference: { conversation: { id: 'a:1' }, serviceUrl: 'https://smba.example/' },
      };
      await db.conversations.save(record);
      await db.conversations.save({ ...record, conversationId: 'a:2', reference: { conversation: { id: 'a:2' } } });
      const got = await db.conversations.get('user:aad-1');
      expect(got).toMatchObject({
        key: 'user:aad-1',
        aadObjectId: 'aad-1',
        conversationId: 'a:2',
        conversationType: 'personal',
        tenantId: 't-1',
      });
      expect(got?.reference).toEqual({ conversation: { id: 'a:2' } });
      expect(typeof got?.updatedAt).toBe('string');
      expect(await db.conversations.get('user:nobody')).toBeUndefined();
    });

    it('finds a personal chat by email, keeping a known email when a later save does not know it', async () => {
      const base = {
        aadObjectId: 'aad-2',
        conversationId: 'a:9',
        conversationType: 'personal',
        tenantId: 'tenant-f',
        reference: { conversation: { id: 'a:9' } },
      };
      await db.conversations.save({ ...base, key: 'user:aad-2', email: 'Lynner@Fabrikam-MSSP.example' });
      await db.conversations.save({ ...base, key: 'user:aad-2' });
      await db.conversations.save({
        ...base,
        key: 'conversation:19:chan',
        conversationType: 'channel',
        email: 'chan@x.example',
      });
      await db.conversations.save({
        ...base,
        key: 'user:aad-3',
        tenantId: 'tenant-n',
        email: 'lynner@fabrikam-mssp.example',
      });
      expect((await db.conversations.findByEmail(' LYNNER@fabrikam-mssp.example ', 'TENANT-F'))?.key).toBe(
        'user:aad-2',
      );
      expect((await db.conversations.findByEmail('lynner@fabrikam-mssp.example', 'tenant-n'))?.key).toBe('user:aad-3');
      expect(await db.conversations.findByEmail('lynner@fabrikam-mssp.example', 'tenant-x')).toBeUndefined();
      expect((await db.conversations.get('user:aad-2'))?.email).toBe('lynner@fabrikam-mssp.example');
      expect(await db.conversations.findByEmail('chan@x.example', 'tenant-f')).toBeUndefined();
      expect(await db.conversations.findByEmail('nobody@x.example', 'tenant-f')).toBeUndefined();
    });
  });
}
