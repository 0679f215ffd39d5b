import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Scheduler, type JobHandler } from '../../src/services/lifecycle';
import { openDatabase } from '../../src/services/storage/open-database';
import type { Database, Job } from '../../src/services/storage/types';
import { TestClock } from './lifecycle-harness';
import { pgSchemas } from './pg-schemas';

/** Exactly-once across instances: schedulers (and raw claims) racing on one database never share a job. */

const ROOT = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'cpa-race-'));
const pg = pgSchemas();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg.dropAll();
});
let n = 0;
const sqliteUrl = () => `sqlite:${path.join(dir, `race-${++n}.db`)}`;

const BACKENDS = [
  { name: 'SQLite', url: sqliteUrl },
  { name: 'PostgreSQL', url: () => pg.freshUrl() },
];

describe.each(BACKENDS)('two schedulers racing on $name', ({ url }) => {
  it('run every job exactly once between them', async () => {
    const clock = new TestClock('2026-03-02T09:00:00.000Z');
    const where = url();
    const [one, two] = [await openDatabase(where, clock.now), await openDatabase(where, clock.now)];
    try {
      for (let i = 0; i < 40; i += 1) {
        await one.jobs.schedule({ kind: 'work', runAt: clock.now(), payload: { i }, dedupeKey: `job-${i}` });
      }
      const runs: { owner: string; key: string }[] = [];
      const handler =
        (owner: string): JobHandler =>
        async (job: Job) => {
          await delay(1 + (Number(job.payload.i) % 3));
          runs.push({ owner, key: job.dedupeKey });
        };
      const make = (db: Database, owner: string) =>
        new Scheduler({ jobs: db.jobs, handlers: { work: handler(owner) }, clock: clock.now, owner, batchSize: 3 });
      const schedulers = [
        make(one, 'instance-a'),
        make(two, 'instance-b'),
        make(one, 'instance-c'),
        make(two, 'instance-d'),
      ];
      const loop = async (s: Scheduler) => {
        while ((await s.tick()) > 0) await delay(0);
      };
      await Promise.all(schedulers.map(loop));
      expect(runs).toHaveLength(40);
      expect(new Set(runs.map((r) => r.key)).size).toBe(40);
      expect(new Set(runs.map((r) => r.owner)).size).toBeGreaterThan(1);
      expect(await one.jobs.list({ status: 'done' })).toHaveLength(40);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});

describe('claims from separate processes on one SQLite file', () => {
  it('never hand the same job to two processes', async () => {
    const url = sqliteUrl();
    const db = await openDatabase(url);
    for (let i = 0; i < 600; i += 1) {
      await db.jobs.schedule({ kind: 'k', runAt: '2026-03-02T09:00:00.000Z', payload: {}, dedupeKey: `p-${i}` });
    }
    await db.close();
    const startAt = String(Date.now() + 2000); // every worker starts claiming at this moment
    const run = promisify(execFile);
    const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
    const worker = path.join(__dirname, 'claim-worker.ts');
    const outputs = await Promise.all(
      ['p1', 'p2', 'p3'].map((owner) => run(process.execPath, [tsx, worker, url, owner, startAt], { cwd: ROOT })),
    );
    const claimed = outputs.map((o) => JSON.parse(o.stdout) as string[]);
    expect(claimed.flat()).toHaveLength(600);
    expect(new Set(claimed.flat()).size).toBe(600);
    expect(claimed.filter((keys) => keys.length > 0).length).toBeGreaterThan(1); // they did overlap
  }, 30_000);
});
