import BetterSqlite3 from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '../..');

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

export async function until<T>(what: string, probe: () => T | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** True while a process (or, with a negative pid, a process group) exists. */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The real bot (src/index.ts) as its own process. Node runs the bot itself, with tsx as a loader rather than a
 * wrapper: the pid is the bot's, and it leads its own process group, so a signal reaches the bot and anything it
 * started. Resolves once /healthz answers.
 */
export async function startBotProcess(o: { dir: string; port: number; env: Record<string, string> }) {
  const loader = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', loader, path.join(ROOT, 'src/index.ts')], {
    cwd: o.dir,
    detached: true,
    env: { ...process.env, PORT: String(o.port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...o.env },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${o.port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, exited };
    if (Date.now() > deadline) {
      killGroup(child);
      throw new Error('the bot did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type BotProcess = Awaited<ReturnType<typeof startBotProcess>>;

export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid && alive(-child.pid)) process.kill(-child.pid, signal);
}

/** SIGKILL to the bot's whole process group, then waits until neither the bot nor anything it started survives. */
export async function crash({ child, exited }: BotProcess): Promise<void> {
  const pid = child.pid!;
  killGroup(child);
  await exited;
  await until('the process group to be gone', () => !alive(-pid), 5_000);
  if (alive(pid)) throw new Error(`crash(): process ${pid} survived SIGKILL`);
}

/** Rows from a bot's SQLite file, read through a separate read-only connection (the bot may be writing). */
export function sqliteRows<T>(file: string, sql: string, ...args: unknown[]): T[] {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}
