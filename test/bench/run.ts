/**
 * `npm run bench`: turns per second and latency of the real bot against a bare botbuilder echo bot (same restify,
 * same CloudAdapter, same machine, same load), reported as ratios. Traffic stays on loopback; every loop is bounded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ActivityHandler } from 'botbuilder';
import restify from 'restify';
import { startApp } from '../../src/app';
import { parseConfig } from '../../src/config';
import { Verbs } from '../../src/cards/verbs';
import { createLogger } from '../../src/services/logging/logger';
import { cardActionInvoke, teamsMessage } from '../support/activities';
import { CaptureConnector } from '../support/capture-connector';
import { ALEX } from '../support/seed';

const SECONDS = Number(process.argv[2] ?? 4);
const CONNECTIONS = 10;

interface Result {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

async function load(name: string, url: string, body: () => Record<string, unknown>): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      const started = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body()),
      }).catch(() => undefined);
      if (!res || res.status >= 400) errors++;
      await res?.arrayBuffer();
      latencies.push(performance.now() - started);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { name, rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

async function startEchoBot(): Promise<{ url: string; close(): Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => adapter.process(req, res, (context) => bot.run(context)));
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    close: async () => {
      server.close();
    },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpa-bench-'));
  const connector = await new CaptureConnector({ keep: false }).start();
  const echo = await startEchoBot();
  const app = await startApp(
    parseConfig({
      PORT: '0',
      LOCAL_TENANT_PORT: '0',
      DATABASE_URL: `sqlite:${path.join(dir, 'bench.db')}`,
      LOG_LEVEL: 'silent',
      // Every request comes from one person: with per-person limits on, the bench would time the refusal path.
      RATE_LIMIT_TURNS_PER_MINUTE: '0',
      RATE_LIMIT_GRAPH_TURNS_PER_MINUTE: '0',
    }),
    {
      logger: createLogger({ level: 'silent' }),
    },
  );
  try {
    const message = (text: string) => () => teamsMessage(connector.url, ALEX, text);
    await load('warm-up', app.messagesUrl, message('help'));
    const results = [
      await load('baseline: bare echo bot, message turn', echo.url, message('hi')),
      await load('help (card, state, conversation record)', app.messagesUrl, message('help')),
      await load('whoami (two Graph calls to the local tenant)', app.messagesUrl, message('whoami')),
      await load('unknown command (text reply)', app.messagesUrl, message('nonsense')),
      await load('Action.Execute invoke (command.run help)', app.messagesUrl, () =>
        cardActionInvoke(connector.url, ALEX, Verbs.runCommand, { command: 'help' }),
      ),
    ];
    const base = results[0].rps;
    process.stdout.write(`\n${CONNECTIONS} connections, ${SECONDS} s each, loopback, ${new Date().toISOString()}\n\n`);
    process.stdout.write(
      '| scenario | turns/s | ratio to baseline | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|\n',
    );
    for (const r of results) {
      process.stdout.write(
        `| ${r.name} | ${r.rps.toFixed(0)} | ${(r.rps / base).toFixed(2)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |\n`,
      );
    }
  } finally {
    await app.stop();
    await echo.close();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${String(error)}\n`);
  process.exit(1);
});
