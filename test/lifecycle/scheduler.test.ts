import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Scheduler, type JobHandler, type LifecycleLogger } from '../../src/services/lifecycle';
import { openDatabase } from '../../src/services/storage/open-database';
import type { Database } from '../../src/services/storage/types';
import { MINUTE, TestClock } from './lifecycle-harness';

const dir = mkdtempSync(path.join(tmpdir(), 'cpa-sched-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const sqliteUrl = () => `sqlite:${path.join(dir, `jobs-${++n}.db`)}`;

function recordingLogger() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  const logger: LifecycleLogger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, logger };
}

describe('Scheduler', () => {
  let db: Database;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock('2026-03-02T09:00:00.000Z');
    db = await openDatabase(sqliteUrl(), clock.now);
  });
  afterEach(async () => db.close());

  const schedule = (key: string, kind: string, minutes = 0) =>
    db.jobs.schedule({
      kind,
      runAt: new Date(clock.now().getTime() + minutes * MINUTE),
      payload: { key },
      dedupeKey: key,
    });

  it('runs only the jobs that are due, hands each its payload, and marks them done', async () => {
    const ran: string[] = [];
    const scheduler = new Scheduler({
      jobs: db.jobs,
      handlers: { note: async (job) => void ran.push(String(job.payload.key)) },
      clock: clock.now,
      owner: 'a',
    });
    await schedule('now', 'note');
    await schedule('later', 'note', 10);
    expect(await scheduler.tick()).toBe(1);
    expect(ran).toEqual(['now']);
    expect(await db.jobs.get('now')).toMatchObject({ status: 'done', attempts: 1 });
    clock.advance(10 * MINUTE);
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    expect(ran).toEqual(['now', 'later']);
  });

  it('retries a throwing handler with a growing wait, then fails the job for good and logs it', async () => {
    const { lines, logger } = recordingLogger();
    let calls = 0;
    const boom: JobHandler = async () => {
      calls += 1;
      throw new Error(`Graph said no (call ${calls}) Bearer abc.def.ghi`);
    };
    const scheduler = new Scheduler({
      jobs: db.jobs,
      handlers: { boom },
      clock: clock.now,
      owner: 'a',
      maxAttempts: 3,
      backoffMs: MINUTE,
      logger,
    });
    await schedule('b', 'boom');
    expect(await scheduler.tick()).toBe(1);
    expect(await db.jobs.get('b')).toMatchObject({
      status: 'pending',
      attempts: 1,
      runAt: new Date(clock.now().getTime() + MINUTE).toISOString(),
    });
    expect((await db.jobs.get('b'))?.lastError).toBe('Graph said no (call 1) Bearer [redacted]');
    clock.advance(MINUTE);
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    clock.advance(2 * MINUTE);
    expect(await scheduler.tick()).toBe(1);
    expect(await db.jobs.get('b')).toMatchObject({ status: 'failed', attempts: 3 });
    clock.advance(60 * MINUTE);
    expect(await scheduler.tick()).toBe(0);
    expect(calls).toBe(3);
    expect(lines.filter((l) => l.level === 'error')).toMatchObject([{ obj: { dedupeKey: 'b', attempts: 3 } }]);
  });

  it('fails a job nobody handles, and re-arms a job whose handler asks to run again', async () => {
    const scheduler = new Scheduler({
      jobs: db.jobs,
      handlers: { again: async () => ({ nextRunAt: new Date(clock.now().getTime() + 5 * MINUTE) }) },
      clock: clock.now,
      owner: 'a',
    });
    await schedule('orphan', 'unknown');
    await schedule('recurring', 'again');
    expect(await scheduler.tick()).toBe(2);
    expect(await db.jobs.get('orphan')).toMatchObject({
      status: 'failed',
      lastError: "no handler for job kind 'unknown'",
    });
    expect(await db.jobs.get('recurring')).toMatchObject({ status: 'pending', attempts: 0 });
    clock.advance(5 * MINUTE);
    expect(await scheduler.tick()).toBe(1);
  });

  it('ticks every pollMs once started, and stop() waits for the tick that is running', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ran: string[] = [];
    const scheduler = new Scheduler({
      jobs: db.jobs,
      handlers: {
        slow: async (job) => {
          await gate;
          ran.push(String(job.payload.key));
        },
      },
      clock: clock.now,
      owner: 'a',
      pollMs: 5,
    });
    await schedule('s1', 'slow');
    scheduler.start();
    scheduler.start(); // harmless
    await delay(30);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await delay(20);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(ran).toEqual(['s1']);
    await schedule('s2', 'slow');
    await delay(30);
    expect(ran).toEqual(['s1']); // stopped: nothing polls any more
  });
});
