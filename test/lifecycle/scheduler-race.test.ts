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
      // Every scheduler's first job waits until all four have one in hand, so they really run side by side
      // (each first tick claims before any job finishes) whatever the machine's timing.
      const owners = ['instance-a', 'instance-b', 'instance-c', 'instance-d'];
      const started = new Set<string>();
      let allStarted!: () => void;
      const everyoneHasAJob = new Promise<void>((resolve) => (allStarted = resolve));
      const handler =
        (owner: string): JobHandler =>
        async (job: Job) => {
          if (!started.has(owner)) {
            started.add(owner);
            if (started.size === owners.length) allStarted();
            await everyoneHasAJob;
          }
          await delay(1 + (Number(job.payload.i) % 3));
          runs.push({ owner, key: job.dedupeKey });
        };
      const make = (db: Database, owner: string) =>
        new Scheduler({ jobs: db.jobs, handlers: { work: handler(owner) }, clock: clock.now, owner, batchSize: 3 });
      const schedulers = owners.map((owner, i) => make(i % 2 === 0 ? one : two, owner));
      const loop = async (s: Scheduler) => {
        while ((await s.tick()) > 0) await delay(0);
      };
      await Promise.all(schedulers.map(loop));
      expect(runs).toHaveLength(40);
      expect(new Set(runs.map((r) => r.key)).size).toBe(40);
      expect(new Set(runs.map((r) => r.owner))).toEqual(new Set(owners)); // all four took part
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
    const barrier = mkdtempSync(path.join(dir, 'barrier-'));
    const owners = ['p1', 'p2', 'p3'];
    const run = promisify(execFile);
    const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
    const worker = path.join(__dirname, 'claim-worker.ts');
    const outputs = await Promise.all(
      owners.map((owner) =>
        run(process.execPath, [tsx, worker, url, owner, barrier, String(owners.length)], { cwd: ROOT }),
      ),
    );
    const results = outputs.map((o) => JSON.parse(o.stdout) as { first: string[]; keys: string[] });
    const claimed = results.flatMap((r) => r.keys);
    // The guarantee: every job handed out once, none lost.
    expect(claimed).toHaveLength(600);
    expect(new Set(claimed).size).toBe(600);
    // Every process held claims of its own while the others claimed (the barrier makes this certain, not likely).
    for (const r of results) expect(r.first).toHaveLength(3);
  }, 30_000);
});
