import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../src/services/requests/types';
import type { Database } from '../../src/services/storage/types';

export function sampleRequest(id: string, overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id,
    version: 1,
    status: 'pending',
    kind: 'request',
    requester: {
      aadObjectId: 'req-1',
      name: 'Patti Fernandez',
      tenantId: 't-partner',
      email: 'pattif@fabrikam-mssp.example',
    },
    people: [{ email: 'a@fabrikam-mssp.example', firstName: 'A', lastName: 'B', displayName: 'A B (Partner)' }],
    role: 'security-reader',
    durationDays: 30,
    justification: 'Monthly threat hunting',
    createdAt: '2026-11-27T10:00:00.000Z',
    updatedAt: '2026-11-27T10:00:00.000Z',
    ...overrides,
  };
}

/** Requests, saga steps, card posts, audit and settings: the behaviour every backend must show. */
export interface OpenedForTest {
  readonly db: Database;
  /** Runs SQL on the same database outside our code, to prove the database itself refuses a change. */
  exec(sql: string): Promise<void>;
}

export function describeRequestStoresContract(name: string, open: () => Promise<OpenedForTest>): void {
  describe(`${name}: request stores contract`, () => {
    let db: Database;
    let rawExec: (sql: string) => Promise<void>;
    beforeEach(async () => {
      const opened = await open();
      db = opened.db;
      rawExec = (sql) => opened.exec(sql);
    });
    afterEach(async () => {
      await db.close();
    });

    it('creates and reads a request, and refuses a second with the same id', async () => {
      const r = sampleRequest('r1', { justification: "Zoë's ${$root.x} 🛡️" });
      await db.requests.create(r);
      expect(await db.requests.get('r1')).toEqual(r);
      expect(await db.requests.get('nope')).toBeUndefined();
      await expect(db.requests.create(r)).rejects.toThrow();
    });

    it('updates only on the expected version (compare-and-set) and bumps it', async () => {
      const r = sampleRequest('r2');
      await db.requests.create(r);
      const { id: _id, version: _v, ...rest } = r;
      const approved = await db.requests.update('r2', 1, {
        ...rest,
        status: 'approved',
        updatedAt: '2026-11-27T11:00:00.000Z',
      });
      expect(approved).toMatchObject({ id: 'r2', version: 2, status: 'approved' });
      expect(await db.requests.update('r2', 1, { ...rest, status: 'rejected' })).toBeUndefined();
      expect((await db.requests.get('r2'))?.status).toBe('approved');
    });

    it('lets exactly one of many concurrent deciders win', async () => {
      const r = sampleRequest('r3');
      await db.requests.create(r);
      const { id: _id, version: _v, ...rest } = r;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          db.requests.update('r3', 1, {
            ...rest,
            status: i % 2 ? 'approved' : 'rejected',
            updatedAt: `2026-11-27T11:00:${String(i).padStart(2, '0')}.000Z`,
          }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await db.requests.get('r3'))?.version).toBe(2);
    });

    it('lists by requester (newest first) and by status (oldest first)', async () => {
      await db.requests.create(sampleRequest('a', { createdAt: '2026-11-01T00:00:00.000Z' }));
      await db.requests.create(sampleRequest('b', { createdAt: '2026-11-02T00:00:00.000Z', status: 'completed' }));
      await db.requests.create(
        sampleRequest('c', {
          createdAt: '2026-11-03T00:00:00.000Z',
          requester: { aadObjectId: 'other', name: 'O', tenantId: 't' },
        }),
      );
      expect((await db.requests.listByRequester('req-1')).map((r) => r.id)).toEqual(['b', 'a']);
      expect((await db.requests.listByStatus(['pending'])).map((r) => r.id)).toEqual(['a', 'c']);
      expect(await db.requests.listByStatus([])).toEqual([]);
      expect((await db.requests.listByRequester('req-1', 1)).map((r) => r.id)).toEqual(['b']);
    });

    it('grants a work lease to one owner at a time, and again once it expires or is released', async () => {
      await db.requests.create(sampleRequest('l1'));
      const now = new Date('2026-11-27T12:00:00Z');
      const later = new Date('2026-11-27T12:01:00Z');
      expect(await db.requests.claim('l1', 'A', later, now)).toBe(true);
      expect(await db.requests.claim('l1', 'B', later, now)).toBe(false);
      expect(await db.requests.claim('l1', 'A', later, now)).toBe(true);
      expect(
        await db.requests.claim('l1', 'B', new Date('2026-11-27T12:03:00Z'), new Date('2026-11-27T12:02:00Z')),
      ).toBe(true);
      await db.requests.release('l1', 'A');
      expect(await db.requests.claim('l1', 'A', later, now)).toBe(false);
      await db.requests.release('l1', 'B');
      expect(await db.requests.claim('l1', 'A', later, now)).toBe(true);
      expect(await db.requests.claim('missing', 'A', later, now)).toBe(false);
    });

    it('records saga steps before and after, counting attempts on each start', async () => {
      await db.saga.record({ requestId: 's1', item: 'a@x.example', step: 'invite', state: 'started' });
      await db.saga.record({
        requestId: 's1',
        item: 'a@x.example',
        step: 'invite',
        state: 'done',
        result: { userId: 'u1', requestId: 'g-1' },
      });
      await db.saga.record({ requestId: 's1', item: 'a@x.example', step: 'names', state: 'started' });
      await db.saga.record({ requestId: 's1', item: 'a@x.example', step: 'names', state: 'started' });
      const steps = await db.saga.list('s1');
      expect(steps.map((s) => [s.step, s.state, s.attempt])).toEqual([
        ['invite', 'done', 1],
        ['names', 'started', 2],
      ]);
      expect(steps[0].result).toEqual({ userId: 'u1', requestId: 'g-1' });
      expect(await db.saga.list('other')).toEqual([]);
    });

    it('keeps every posted copy of a card once', async () => {
      const post = {
        requestId: 'p1',
        conversationKey: 'conversation:19:abc',
        activityId: 'act-1',
        audience: 'approvers' as const,
        reference: { conversation: { id: '19:abc' } },
      };
      await db.cardPosts.add(post);
      await db.cardPosts.add(post);
      await db.cardPosts.add({ ...post, conversationKey: 'user:u1', activityId: 'act-2', audience: 'requester' });
      expect(await db.cardPosts.list('p1')).toEqual([
        post,
        { ...post, conversationKey: 'user:u1', activityId: 'act-2', audience: 'requester' },
      ]);
    });

    it('keeps one card post per request per conversation, returning the copy a newer post replaced', async () => {
      const post = {
        requestId: 'p2',
        conversationKey: 'user:u2',
        activityId: 'act-1',
        audience: 'approvers' as const,
        reference: { conversation: { id: 'a:1' } },
      };
      expect(await db.cardPosts.add(post)).toBeUndefined();
      expect(await db.cardPosts.add(post)).toBeUndefined();
      expect(
        await db.cardPosts.add({ ...post, activityId: 'act-2', reference: { conversation: { id: 'a:2' } } }),
      ).toEqual(post);
      expect(await db.cardPosts.add({ ...post, activityId: 'act-3' })).toMatchObject({ activityId: 'act-2' });
      expect(await db.cardPosts.add({ ...post, conversationKey: 'user:u3', activityId: 'act-4' })).toBeUndefined();
      expect((await db.cardPosts.list('p2')).map((p) => [p.conversationKey, p.activityId])).toEqual([
        ['user:u2', 'act-3'],
        ['user:u3', 'act-4'],
      ]);
    });

    it('appends audit entries in order, filters them, and refuses to change or delete one', async () => {
      const first = await db.audit.append({
        actorId: 'u1',
        actorName: 'Alex',
        action: 'request.created',
        subject: 'r1',
        after: { status: 'pending' },
      });
      await db.audit.append({
        actorId: 'u2',
        actorName: 'Megan',
        action: 'request.approved',
        subject: 'r1',
        before: { status: 'pending' },
        after: { status: 'approved' },
        detail: { comment: 'ok' },
      });
      await db.audit.append({ actorId: 'u3', actorName: 'Eve', action: 'access.refused', subject: 'u3' });
      expect(first).toMatchObject({
        actorId: 'u1',
        action: 'request.created',
        subject: 'r1',
        after: { status: 'pending' },
      });
      expect(typeof first.at).toBe('string');
      const forR1 = await db.audit.list({ subject: 'r1' });
      expect(forR1.map((e) => e.action)).toEqual(['request.created', 'request.approved']);
      expect(forR1[1].seq).toBeGreaterThan(forR1[0].seq);
      expect((await db.audit.list({ action: 'access.refused' })).map((e) => e.actorName)).toEqual(['Eve']);
      await expect(rawExec("UPDATE audit_log SET actor_name = 'Mallory'")).rejects.toThrow(/append-only/);
      await expect(rawExec('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      expect(await db.audit.list()).toHaveLength(3);
    });

    it('stores settings', async () => {
      expect(await db.settings.get('approvals.channel')).toBeUndefined();
      await db.settings.set('approvals.channel', { key: 'conversation:19:x' });
      await db.settings.set('approvals.channel', { key: 'conversation:19:y' });
      expect(await db.settings.get('approvals.channel')).toEqual({ key: 'conversation:19:y' });
    });
  });
}
