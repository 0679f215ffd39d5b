/**
 * The production path, end to end: `npm run build` emits JavaScript (with the card templates and seed data), the
 * bundle installs with `npm ci --omit=dev`, and plain `node` starts it and answers /healthz.
 *
 * Two honest shortcuts keep this test within about a minute on two cores:
 * - the install is `--offline`, from the npm cache that this checkout's own `npm ci` filled (same lockfile);
 * - it runs with `--ignore-scripts`, then runs the one install script that matters for correctness here
 *   (botbuilder-dialogs' postinstall, which calls `npx rimraf` and so needs rimraf among the production
 *   dependencies), and takes better-sqlite3's native binary from this checkout's node_modules instead of running its
 *   install script (a download that is not reachable here, then a 4-minute compile). It is the same locked version
 *   built for the same Node, so what runs is what a full install would produce; the Dockerfile does the full install.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'cpa-prod-'));
let bot: ChildProcess | undefined;

/** The caller's environment without npm's per-run variables (an outer `npm test` must not steer the inner npm). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && !/^(DATABASE_URL|TEST_DATABASE_URL|NODE_ENV|VITEST.*)$/.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

afterAll(async () => {
  if (bot && bot.exitCode === null) bot.kill('SIGKILL');
  await rm(work, { recursive: true, force: true });
}, 120_000);

describe('production bundle', () => {
  it('builds, installs without dev dependencies, starts with node and answers /healthz', async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.scripts['start:prod']).toBe('node dist/index.js');

    await run('npm', ['run', 'build', '--', '--outDir', path.join(work, 'dist')], { cwd: ROOT, env: cleanEnv() });
    for (const emitted of ['cards/core/help.json', 'dev/local-tenant/seed.json', 'index.js']) {
      expect(existsSync(path.join(work, 'dist', emitted)), emitted).toBe(true);
    }

    for (const file of ['package.json', 'package-lock.json', '.npmrc'])
      copyFileSync(path.join(ROOT, file), path.join(work, file));
    const npmFlags = ['--offline', '--no-audit', '--no-fund'];
    await run('npm', ['ci', '--omit=dev', '--ignore-scripts', ...npmFlags], { cwd: work, env: cleanEnv() });
    await run('npm', ['rebuild', 'botbuilder-dialogs', ...npmFlags], { cwd: work, env: cleanEnv() });
    for (const dev of ['tsx', 'typescript', 'vitest']) {
      expect(pkg.devDependencies[dev], dev).toBeDefined();
      expect(existsSync(path.join(work, 'node_modules', dev)), `${dev} must not be installed`).toBe(false);
    }
    const native = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    mkdirSync(path.dirname(path.join(work, native)), { recursive: true });
    copyFileSync(path.join(ROOT, native), path.join(work, native));

    bot = spawn(process.execPath, ['dist/index.js'], {
      cwd: work,
      env: cleanEnv({
        PORT: '0',
        HOST: '127.0.0.1',
        LOCAL_TENANT: 'true',
        LOCAL_TENANT_PORT: '0',
        DATABASE_URL: `sqlite:${path.join(work, 'data', 'bot.db')}`,
        LOG_LEVEL: 'info',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const endpoint = await listeningUrl(bot);
    const health = await fetch(new URL('/healthz', endpoint));
    expect(health.status).toBe(200);

    const exited = new Promise<number | null>((resolve) => bot?.once('exit', (code) => resolve(code)));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 300_000);
});

/** Resolves with the bot's /api/messages URL from its "bot is listening" log line. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no "bot is listening" line within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      for (const line of output.split('\n')) {
        if (!line.includes('bot is listening')) continue;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
        return;
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the bot exited with ${String(code)} before listening:\n${output}`)));
  });
}
