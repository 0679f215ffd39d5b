import { startApp } from './app';
import { loadConfigOrExit } from './config';
import { createLogger } from './services/logging/logger';

/** Production entry point: config → app → wait for a signal → stop in order. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel });
  const app = await startApp(config, { logger });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: stopping now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: finishing in-flight turns');
    // Turns and background work each have the grace period; this covers anything else that hangs (a database that
    // is gone, a socket that never closes). Work cut short is resumable: provisioning and jobs pick up at next start.
    setTimeout(() => {
      logger.error({ signal }, 'stopping took too long: exiting anyway');
      process.exit(1);
    }, 3 * config.shutdownGraceMs).unref();
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
