/**
 * A separate process for the cross-process race test. Opens the database at argv[2] as lease owner argv[3], claims
 * one batch, then meets the other workers at a barrier (a file per worker in argv[4]; argv[5] workers in all), so
 * every worker holds claims while the others are claiming: the overlap the test needs does not depend on timing.
 * After the barrier it claims until nothing is left and prints `{ first, keys }` as JSON.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { openDatabase } from '../../src/services/storage/open-database';

async function main(): Promise<void> {
  const [url, owner, barrierDir, workers] = process.argv.slice(2);
  const db = await openDatabase(url);
  const now = new Date('2026-03-02T10:00:00.000Z');
  const claim = async () => (await db.jobs.claimDue(owner, now, 60_000, 3)).map((j) => j.dedupeKey);

  const first = await claim();
  writeFileSync(path.join(barrierDir, owner), '');
  const deadline = Date.now() + 20_000;
  while (readdirSync(barrierDir).length < Number(workers)) {
    if (Date.now() > deadline) throw new Error(`claim-worker ${owner}: the other workers never reached the barrier`);
    await delay(5);
  }
  const keys = [...first];
  for (;;) {
    const claimed = await claim();
    if (claimed.length === 0) break;
    keys.push(...claimed);
  }
  await db.close();
  process.stdout.write(JSON.stringify({ first, keys }));
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exit(1);
});
