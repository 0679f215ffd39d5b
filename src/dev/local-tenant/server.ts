import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphResult } from './route-types';

/** An HTTP request, read in full, as the front door sees it. */
export interface IncomingCall {
  readonly method: string;
  readonly url: string;
  /** Lower-case names; repeated headers joined with ', '. */
  readonly headers: Record<string, string>;
  readonly rawBody: string;
  readonly remoteAddress: string | undefined;
  /** The body was larger than the limit and was not read. */
  readonly tooLarge: boolean;
}

export type CallHandler = (call: IncomingCall) => Promise<GraphResult>;

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES }));
    req.on('error', reject);
  });
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function write(res: ServerResponse, result: GraphResult): void {
  const text = result.body === undefined ? undefined : JSON.stringify(result.body);
  res.writeHead(result.status, {
    ...result.headers,
    ...(text === undefined ? {} : { 'Content-Length': Buffer.byteLength(text) }),
  });
  res.end(text);
}

/** A node:http server that reads each request in full and hands it to `handle`; nothing else. */
export function startHttpServer(host: string, port: number, handle: CallHandler): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const serve = async () => {
      const body = await readBody(req);
      const call: IncomingCall = {
        method: (req.method ?? 'GET').toUpperCase(),
        url: req.url ?? '/',
        headers: headersOf(req),
        rawBody: body.text,
        remoteAddress: req.socket.remoteAddress,
        tooLarge: body.tooLarge,
      };
      write(res, await handle(call));
    };
    serve().catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json', 'x-simulated-tenant': 'true' });
      res.end(
        JSON.stringify({ error: { code: 'InternalServerError', message: 'The simulated tenant failed to answer.' } }),
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
