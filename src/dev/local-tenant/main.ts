import pino from 'pino';
import { startLocalTenant } from './index';

/** `npx tsx src/dev/local-tenant/main.ts [port] [seed.json]`: the SIMULATED tenant on its own, for manual use. */
async function main(argv: readonly string[]): Promise<void> {
  const port = argv[0] ? Number(argv[0]) : 5980;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`the port must be a number from 0 to 65535, got '${argv[0]}'`);
  const logger = pino({ name: 'local-tenant' });
  const tenant = await startLocalTenant({ port, seedPath: argv[1], logger });
  process.stdout.write(
    [
      '',
      `  SIMULATED tenant "${tenant.seed.tenant.displayName}" (${tenant.tenantId}) — nothing here reaches Microsoft`,
      `  Graph base URL   ${tenant.graphBaseUrl}`,
      `  Control          ${tenant.url}/_local/info`,
      '  Stop with Ctrl+C.',
      '',
    ].join('\n') + '\n',
  );
  const stop = () => {
    tenant.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`local tenant failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
