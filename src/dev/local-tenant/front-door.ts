import { randomUUID } from 'node:crypto';
import type { GraphDispatcher } from './dispatcher';
import { errorBody } from './errors';
import type { GraphResult } from './route-types';
import type { CallHandler, IncomingCall } from './server';

/**
 * The Graph SDK strips the host from an absolute URL (an @odata.nextLink) only when it starts with https://, so for
 * this http:// server it appends the whole link to its base URL: /v1.0/http://127.0.0.1:PORT/v1.0/users?…
 * Reading the inner link lets PageIterator work locally; real Graph never sees such a path.
 */
const ABSOLUTE_IN_PATH = /^\/+https?:\/+[^/]+\/(v1\.0|beta)(\/.*)?$/i;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export interface FrontDoorDeps {
  readonly graph: GraphDispatcher;
  readonly local: GraphDispatcher;
  readonly clock: () => Date;
  /** The identity endpoints (token, keys, metadata); undefined when the path is not one of them. */
  readonly identity?: (call: IncomingCall) => GraphResult | undefined;
  /** Called for every Graph request (not /_local, not the requests inside a $batch). */
  readonly countRequest: () => void;
}

function refuse(call: IncomingCall, status: number, code: string, message: string, now: Date): GraphResult {
  const requestId = randomUUID();
  const ids = { requestId, clientRequestId: call.headers['client-request-id'] ?? requestId };
  const headers = {
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId,
    'x-simulated-tenant': 'true',
    'Content-Type': 'application/json',
  };
  return { status, headers, body: errorBody(code, message, ids, now) };
}

/** Splits /v1.0 and /beta (Graph) from /_local (control, loopback only). */
export function frontDoor(deps: FrontDoorDeps): CallHandler {
  return async (call) => {
    const match = /^\/([^/?]*)(.*)$/.exec(call.url);
    const first = match?.[1] ?? '';
    const rest = match?.[2] || '/';
    if (call.tooLarge)
      return refuse(
        call,
        413,
        'RequestEntityTooLarge',
        'The request body is larger than the simulated tenant accepts (4 MB).',
        deps.clock(),
      );
    const answered = deps.identity?.(call);
    if (answered) return answered;
    if (first === '_local') {
      if (!LOOPBACK.test(call.remoteAddress ?? ''))
        return refuse(call, 403, 'Forbidden', '/_local answers only on this machine.', deps.clock());
      return deps.local.dispatch({
        method: call.method,
        version: 'v1.0',
        target: rest,
        headers: call.headers,
        rawBody: call.rawBody,
      });
    }
    const embedded = ABSOLUTE_IN_PATH.exec(rest);
    const version = (embedded?.[1] ?? first).toLowerCase();
    const target = embedded ? embedded[2] || '/' : rest;
    if (version !== 'v1.0' && version !== 'beta')
      return refuse(call, 400, 'BadRequest', `Invalid version: ${first || '(none)'}`, deps.clock());
    deps.countRequest();
    const kind = /^\/\$batch(?:[/?]|$)/i.test(target) ? 'batch-envelope' : 'request';
    return deps.graph.dispatch({
      method: call.method,
      version,
      target,
      headers: call.headers,
      rawBody: call.rawBody,
      kind,
    });
  };
}
