import path from 'node:path';
import { startApp } from '../app';
import { loadConfigOrExit } from '../config';
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
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel });
  const app = await startApp(config, { logger });

  const playgrounds: Array<RunningPlayground & { who: string }> = [];
  if (withPlayground) {
    if (!config.localTenant.enabled) logger.warn('the Playground is running against a REAL tenant configuration');
    const seed = loadSeed(config.localTenant.seedPath);
    const person = (p: {
      id: string;
      displayName: string;
      givenName?: string | null;
      surname?: string | null;
      mail?: string | null;
    }) => ({
      id: p.id,
      displayName: p.displayName,
      givenName: p.givenName ?? '',
      surname: p.surname ?? '',
      mail: p.mail ?? '',
    });
    const home = seed.users.map(person);
    const partner = seed.partnerPeople.map(person);
    const partnerTenant = seed.partnerPeople[0]?.tenantId;
    // One Playground is one person. Two let one developer play both sides of a request on one machine:
    // the customer's admin and approver, and a partner analyst from the MSSP's own tenant.
    // In a partner-side deployment (GDAP_PARTNER=true) the seeded home tenant plays the MSSP: the second person is a
    // colleague of the approver (an analyst who asks for the GDAP relationship), since nobody approves their own.
    const analyst = home.find((_, i) => i > 1) ?? home[home.length - 1];
    const sides = config.gdap.partner
      ? [
          {
            who: `${home[0].displayName} (MSSP approver, ${seed.tenant.displayName} as the partner tenant)`,
            tenantId: app.home.tenantId,
            people: [...home, ...partner],
            port: PLAYGROUND_PORT,
            dir: 'partner-approver',
          },
          {
            who: `${analyst.displayName} (MSSP analyst: say "gdap new")`,
            tenantId: app.home.tenantId,
            people: [analyst, ...home.filter((h) => h !== analyst), ...partner],
            port: PLAYGROUND_PORT + 1,
            dir: 'partner-analyst',
          },
        ]
      : [
          {
            who: `${home[0].displayName} (customer admin and approver, ${seed.tenant.displayName})`,
            tenantId: app.home.tenantId,
            people: [...home, ...partner],
            port: PLAYGROUND_PORT,
            dir: 'customer',
          },
          ...(partnerTenant
            ? [
                {
                  who: `${partner[0].displayName} (partner analyst, ${seed.knownTenants.find((t) => t.tenantId === partnerTenant)?.displayName ?? partnerTenant})`,
                  tenantId: partnerTenant,
                  people: [...partner, ...home],
                  port: PLAYGROUND_PORT + 1,
                  dir: 'partner',
                },
              ]
            : []),
        ];
    for (const side of sides) {
      const running = await startPlayground({
        messagesUrl: app.messagesUrl,
        tenantId: side.tenantId,
        people: side.people,
        port: side.port,
        workDir: path.resolve('.playground', side.dir),
        logger,
      });
      playgrounds.push({ ...running, who: side.who });
    }
  }

  const lines = [
    '',
    '  Copilot Partner Access is running locally',
    `  Bot endpoint     ${app.messagesUrl}  (authentication OFF: loopback only)`,
    app.home.simulated
      ? `  Local tenant     ${app.graphBaseUrl}  — SIMULATED: "${app.home.displayName}", nothing reaches Microsoft`
      : `  Graph            ${app.graphBaseUrl}  (REAL tenant ${app.home.tenantId})`,
    `  Storage          ${app.db.kind} (${config.databaseUrl})`,
    ...(playgrounds.length > 0
      ? playgrounds.map((p, i) => `  ${i === 0 ? 'Playground      ' : '                '} ${p.url}  — chat as ${p.who}`)
      : ['  Playground       not started (--no-playground)']),
    `  Health           ${app.url}/healthz   ${app.url}/readyz`,
    '  Stop with Ctrl+C.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    playgrounds.forEach((p) => p.stop());
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
