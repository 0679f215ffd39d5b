import type { Server } from 'node:http';
import restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { AccessBot } from './bot/access-bot';
import type { Logger } from './services/logging/logger';

export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export interface HttpServerDeps {
  readonly adapter: CloudAdapter;
  readonly bot: AccessBot;
  readonly logger: Logger;
  readonly readiness: readonly ReadinessCheck[];
  /** What works only partly (e.g. Graph permissions the app lacks): /readyz says "degraded" and lists it. */
  readonly degraded?: () => Record<string, unknown> | undefined;
  /** Largest request body accepted on /api/messages; Teams activities are a few KB. */
  readonly maxBodyBytes?: number;
}

export interface HttpServer {
  readonly server: restify.Server;
  listen(port: number, host: string): Promise<{ port: number; url: string }>;
  /** Stops accepting connections, waits (up to `graceMs`) for in-flight turns to finish. */
  close(graceMs?: number): Promise<void>;
}

export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const server = restify.createServer({ name: 'copilot-partner-access', handleUncaughtExceptions: false });
  let inFlight = 0;
  let draining: (() => void) | undefined;

  server.use(
    restify.plugins.bodyParser({ maxBodySize: deps.maxBodyBytes ?? 256 * 1024, mapParams: false, mapFiles: false }),
  );

  server.post('/api/messages', async (req, res) => {
    // botbuilder throws on an activity with no type, which would surface as a 500; it is the caller's mistake.
    const body = req.body as { type?: unknown } | undefined;
    if (body && typeof body === 'object' && !Array.isArray(body) && typeof body.type !== 'string') {
      res.send(400, { code: 'BadRequest', message: 'The activity has no type.' });
      return;
    }
    inFlight++;
    try {
      await deps.adapter.process(req, res, (context) => deps.bot.run(context));
    } finally {
      inFlight--;
      if (inFlight === 0) draining?.();
    }
  });

  // Clients such as the Agents Playground probe the endpoint with HEAD before they connect.
  server.head('/api/messages', (_req, res, next) => {
    res.send(200);
    next();
  });

  server.get('/healthz', (_req, res, next) => {
    res.json(200, { status: 'ok' });
    next();
  });

  server.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      deps.readiness.map(async (r) => {
        try {
          await withTimeout(r.check(), 5000);
          return [r.name, 'ok'] as const;
        } catch (error) {
          deps.logger.warn({ check: r.name, err: { message: (error as Error).message } }, 'readiness check failed');
          return [r.name, 'failing'] as const;
        }
      }),
    );
    const ok = results.every(([, s]) => s === 'ok');
    const degraded = ok ? deps.degraded?.() : undefined;
    res.json(ok ? 200 : 503, {
      status: ok ? (degraded ? 'degraded' : 'ready') : 'not ready',
      checks: Object.fromEntries(results),
      ...degraded,
    });
  });

  server.on(
    'restifyError',
    (req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number }, callback: () => void) => {
      const level = (err.statusCode ?? 500) >= 500 ? 'error' : 'warn';
      deps.logger[level](
        { method: req.method, path: req.path(), status: err.statusCode, err: { name: err.name, message: err.message } },
        'HTTP request failed',
      );
      callback();
    },
  );

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = (server.server as Server).address();
          const actual = typeof address === 'object' && address ? address.port : port;
          resolve({ port: actual, url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}` });
        });
      }),
    close: async (graceMs = 10_000) => {
      const stopped = new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      if (inFlight > 0)
        await withTimeout(new Promise<void>((resolve) => (draining = resolve)), graceMs).catch(() => undefined);
      (server.server as Server).closeIdleConnections?.();
      await withTimeout(stopped, graceMs).catch(() => (server.server as Server).closeAllConnections?.());
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
