import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedCall {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly authorization?: string;
}

/**
 * Stands in for the Bot Connector service: the bot POSTs its replies (and PUTs card updates) here, as it would to
 * Teams' serviceUrl. Everything it receives is kept, in order, for a test to read.
 */
export class CaptureConnector {
  readonly calls: CapturedCall[] = [];
  /** Teams members the connector knows (GET …/members/{id}), by channel user id, as TeamsInfo.getMember reads them. */
  readonly members = new Map<
    string,
    { id: string; name: string; aadObjectId: string; email: string; userPrincipalName: string }
  >();
  private server?: Server;
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private nextId = 1;

  /** `keep: false` answers without recording (for load tests, where memory would grow without bound). */
  constructor(private readonly options: { keep?: boolean } = {}) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  /** Activities the bot sent (new messages and updates), in order. */
  get activities(): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.path.includes('/activities')).map((c) => c.body);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Resolves once at least `count` activities have arrived (or rejects after `ms`). */
  waitForActivities(count: number, ms = 10_000): Promise<void> {
    if (this.activities.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`CaptureConnector: expected ${count} activities, got ${this.activities.length}`)),
        ms,
      );
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (this.options.keep !== false)
      this.calls.push({
        method: req.method ?? '',
        path: req.url ?? '',
        body,
        authorization: req.headers.authorization,
      });
    res.setHeader('content-type', 'application/json');
    if (req.url?.includes('/activities')) {
      res.end(JSON.stringify({ id: `activity-${this.nextId++}` }));
      this.waiters = this.waiters.filter((w) => (this.activities.length >= w.count ? (w.resolve(), false) : true));
      return;
    }
    const member = /\/members\/([^/?]+)$/.exec(req.url ?? '');
    const known = member && this.members.get(decodeURIComponent(member[1]));
    if (req.method === 'GET' && known) {
      res.end(JSON.stringify(known));
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ error: { code: 'NotFound', message: 'not captured' } }));
  }
}
