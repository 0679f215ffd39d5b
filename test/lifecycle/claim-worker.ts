/**
 * A separate process for the cross-process race test: opens the database at argv[2], waits until the time in
 * argv[4] so every worker starts together, claims jobs as owner argv[3] until none is left, and prints their keys.
 */
import { openDatabase } from '../../src/services/storage/open-database';

async function main(): Promise<void> {
  const [url, owner, startAt] = process.argv.slice(2);
  const db = await openDatabase(url);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
  const now = new Date('2026-03-02T10:00:00.000Z');
  const keys: string[] = [];
  for (;;) {
    const claimed = await db.jobs.claimDue(owner, now, 60_000, 3);
    if (claimed.length === 0) break;
    keys.push(...claimed.map((j) => j.dedupeKey));
  }
  await db.close();
  process.stdout.write(JSON.stringify(keys));
}

void main();
