import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/services/storage/types';
import type { OpenedTwice } from './grant-store-contract';

const T0 = new Date('2026-03-01T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const LEASE = 60_000;

/** The JobStore behaviour every backend must show, including claims racing from two connections. */
export function describeJobStoreContract(name: string, open: () => Promise<OpenedTwice>): void {
  describe(`${name}: job store contract`, () => {
    let opened: OpenedTwice;
    let db: Database;
    const extra: Database[] = [];
    beforeEach(async () => {
      opened = await open();
      db = opened.db;
    });
    afterEach(async () => {
      await Promise.all(extra.splice(0).map((d) => d.close()));
      await db.close();
    });

    it('schedules once per dedupe key; a pending job takes the new time and payload', async () => {
      const first = await db.jobs.schedule({ kind: 'k', runAt: at(10), payload: { n: 1 }, dedupeKey: 'key-1' });
      expect(first).toMatchObject({
        kind: 'k',
        runAt: at(10).toISOString(),
        payload: { n: 1 },
        status: 'pending',
        attempts: 0,
      });
      expect(first).not.toHaveProperty('leaseOwner');
      const moved = await db.jobs.schedule({
        kind: 'k',
        runAt: at(20).toISOString(),
        payload: { n: 2 },
        dedupeKey: 'key-1',
      });
      expect(moved).toMatchObject({ id: first.id, runAt: at(20).toISOString(), payload: { n: 2 } });
      expect(await db.jobs.list()).toHaveLength(1);
      expect(await db.jobs.get('nope')).toBeUndefined();
    });

    it('claims only due jobs, oldest first, up to the limit, and counts the attempt', async () => {
      for (const [key, minutes] of [
        ['c', 3],
        ['a', 1],
        ['later', 30],
        ['b', 2],
      ] as const) {
        await db.jobs.schedule({ kind: 'k', runAt: at(minutes), payload: {}, dedupeKey: key });
      }
      const claimed = await db.jobs.claimDue('A', at(5), LEASE, 2);
      expect(claimed.map((j) => j.dedupeKey)).toEqual(['a', 'b']);
      expect(claimed[0]).toMatchObject({
        status: 'running',
        leaseOwner: 'A',
        leaseUntil: at(6).toISOString(),
        attempts: 1,
      });
      expect((await db.jobs.claimDue('B', at(5), LEASE, 10)).map((j) => j.dedupeKey)).toEqual(['c']);
      expect(await db.jobs.claimDue('B', at(5), LEASE, 10)).toEqual([]);
    });

    it('lets another owner take a job over once its lease ran out, and only the owner finish it', async () => {
      await db.jobs.schedule({ kind: 'k', runAt: at(0), payload: {}, dedupeKey: 'l' });
      const [job] = await db.jobs.claimDue('A', at(0), LEASE, 1);
      expect(await db.jobs.claimDue('B', at(1), LEASE, 1)).toEqual([]);
      const [taken] = await db.jobs.claimDue('B', at(2), LEASE, 1);
      expect(taken).toMatchObject({ id: job.id, leaseOwner: 'B', attempts: 2 });
      expect(await db.jobs.complete(job.id, 'A')).toBe(false);
      expect(await db.jobs.complete(job.id, 'B')).toBe(true);
      expect(await db.jobs.get('l')).toMatchObject({ status: 'done', leaseOwner: 'B' });
      expect(await db.jobs.claimDue('A', at(60), LEASE, 1)).toEqual([]);
    });

    it('leaves a done job alone when scheduled again, unless re-armed', async () => {
      await db.jobs.schedule({ kind: 'k', runAt: at(0), payload: {}, dedupeKey: 'd' });
      const [job] = await db.jobs.claimDue('A', at(0), LEASE, 1);
      await db.jobs.complete(job.id, 'A');
      expect(await db.jobs.schedule({ kind: 'k', runAt: at(9), payload: {}, dedupeKey: 'd' })).toMatchObject({
        status: 'done',
      });
      const rearmed = await db.jobs.schedule({ kind: 'k', runAt: at(9), payload: {}, dedupeKey: 'd', rearm: true });
      expect(rearmed).toMatchObject({ id: job.id, status: 'pending', attempts: 0, runAt: at(9).toISOString() });
    });

    it('re-arms a recurring job on completion, and retries or fails a failed one', async () => {
      await db.jobs.schedule({ kind: 'k', runAt: at(0), payload: {}, dedupeKey: 'r' });
      await db.jobs.schedule({ kind: 'k', runAt: at(0), payload: {}, dedupeKey: 'f' });
      const claimed = await db.jobs.claimDue('A', at(0), LEASE, 2);
      // Equal run times: the order between them is by id, which is random, so pick them by key.
      const [r, f] = ['r', 'f'].map((key) => claimed.find((j) => j.dedupeKey === key) ?? claimed[0]);
      expect(await db.jobs.complete(r.id, 'A', at(60))).toBe(true);
      expect(await db.jobs.get('r')).toMatchObject({ status: 'pending', runAt: at(60).toISOString(), attempts: 0 });
      expect(await db.jobs.fail(f.id, 'B', 'not yours')).toBe(false);
      expect(await db.jobs.fail(f.id, 'A', 'Graph said 503', at(5))).toBe(true);
      expect(await db.jobs.get('f')).toMatchObject({
        status: 'pending',
        runAt: at(5).toISOString(),
        lastError: 'Graph said 503',
        attempts: 1,
      });
      const [again] = await db.jobs.claimDue('A', at(5), LEASE, 1);
      expect(again.attempts).toBe(2);
      await db.jobs.fail(again.id, 'A', 'still 403');
      expect(await db.jobs.get('f')).toMatchObject({ status: 'failed', lastError: 'still 403' });
      expect((await db.jobs.list({ status: 'failed' })).map((j) => j.dedupeKey)).toEqual(['f']);
    });

    it('cancels a pending job but not a running one', async () => {
      await db.jobs.schedule({ kind: 'x', runAt: at(0), payload: {}, dedupeKey: 'p' });
      await db.jobs.schedule({ kind: 'y', runAt: at(9), payload: {}, dedupeKey: 'q' });
      await db.jobs.claimDue('A', at(0), LEASE, 1);
      expect(await db.jobs.cancel('p')).toBe(false);
      expect(await db.jobs.cancel('q')).toBe(true);
      expect(await db.jobs.cancel('q')).toBe(false);
      expect((await db.jobs.list({ kind: 'x' })).map((j) => j.status)).toEqual(['running']);
    });

    it('never gives the same job to two connections claiming at once', async () => {
      const other = await opened.again();
      extra.push(other);
      for (let i = 0; i < 60; i += 1) {
        await db.jobs.schedule({ kind: 'k', runAt: at(i % 7), payload: { i }, dedupeKey: `race-${i}` });
      }
      const seen: string[] = [];
      const drain = async (store: Database, owner: string) => {
        for (;;) {
          const claimed = await store.jobs.claimDue(owner, at(10), LEASE, 4);
          if (claimed.length === 0) return;
          seen.push(...claimed.map((j) => j.dedupeKey));
        }
      };
      await Promise.all([drain(db, 'A'), drain(other, 'B'), drain(db, 'C'), drain(other, 'D')]);
      expect(seen).toHaveLength(60);
      expect(new Set(seen).size).toBe(60);
    });
  });
}
