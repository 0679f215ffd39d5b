import path from 'node:path';
import { startApp } from '../app';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../services/logging/logger';
import { loadSeed } from './local-tenant';
import { startPlayground, type RunningPlayground } from './playground';

const PLAYGROUND_PORT = 56150;

/**
 * `npm start`: the bot with everything embedded — SQLite under ./data, the simulated local tenant, and the
 * Microsoft 365 Agents Playground as the chat client. `npm start -- --no-playground` leaves the Playground out.
 */
async function main(argv: readonly string[]): Promise<void> {
  const withPlayground = !argv.includes('--no-playground');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const app = await startApp(config, { logger });

  let playground: RunningPlayground | undefined;
  if (withPlayground) {
    if (!config.localTenant.enabled) logger.warn('the Playground is running against a REAL tenant configuration');
    const seed = loadSeed(config.localTenant.seedPath);
    const people = [...seed.users, ...seed.partnerPeople].map((p) => ({
      id: p.id,
      displayName: p.displayName,
      givenName: p.givenName ?? '',
      surname: p.surname ?? '',
      mail: p.mail ?? '',
    }));
    playground = await startPlayground({
      messagesUrl: app.messagesUrl,
      tenantId: app.home.tenantId,
      people,
      port: PLAYGROUND_PORT,
      workDir: path.resolve('.playground'),
      logger,
    });
  }

  const lines = [
    '',
    '  Copilot Partner Access is running locally',
    `  Bot endpoint     ${app.messagesUrl}  (authentication OFF: loopback only)`,
    app.localTenantUrl
      ? `  Local tenant     ${app.graphBaseUrl}  — SIMULATED: "${app.home.displayName}", nothing reaches Microsoft`
      : `  Graph            ${app.graphBaseUrl}  (REAL tenant ${app.home.tenantId})`,
    `  Storage          ${app.db.kind} (${config.databaseUrl})`,
    playground
      ? `  Playground       ${playground.url}  — open it in a browser; you chat as the seeded admin`
      : '  Playground       not started (--no-playground)',
    `  Health           ${app.url}/healthz   ${app.url}/readyz`,
    '  Stop with Ctrl+C.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    playground?.stop();
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
