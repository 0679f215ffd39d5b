import { randomUUID } from 'node:crypto';
import { badRequest, errorBody } from '../errors';
import { bodyObject, isObject, type JsonObject } from '../request-body';
import type { GraphResult, RequestContext, Route } from '../route-types';

const MAX_REQUESTS = 20;
const WRITE_METHODS = ['POST', 'PUT', 'PATCH'];

interface BatchItem {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly dependsOn: readonly string[];
}

/** Problems with the envelope fail the whole batch with 400, as Graph does. */
function readItems(body: JsonObject): BatchItem[] {
  const requests = body.requests;
  if (!Array.isArray(requests) || requests.length === 0)
    throw badRequest("Invalid batch payload: 'requests' must be a non-empty array.");
  if (requests.length > MAX_REQUESTS)
    throw badRequest(
      `Invalid batch payload: a batch may hold at most ${MAX_REQUESTS} requests; it has ${requests.length}.`,
    );
  const seen = new Set<string>();
  return requests.map((raw: unknown, index) => {
    if (!isObject(raw)) throw badRequest(`Invalid batch payload: request #${index + 1} is not an object.`);
    const { id, method, url, headers, body: itemBody, dependsOn } = raw;
    if (typeof id !== 'string' || id === '')
      throw badRequest(`Invalid batch payload: request #${index + 1} has no 'id'.`);
    if (seen.has(id)) throw badRequest(`Invalid batch payload: the id '${id}' is used twice.`);
    if (typeof method !== 'string' || typeof url !== 'string' || url === '')
      throw badRequest(`Invalid batch payload: request '${id}' needs 'method' and 'url'.`);
    const deps = dependsOn === undefined ? [] : dependsOn;
    if (!Array.isArray(deps) || deps.some((d) => typeof d !== 'string' || !seen.has(d))) {
      throw badRequest(`Invalid batch payload: request '${id}' has a dependsOn that does not name an earlier request.`);
    }
    if (headers !== undefined && !isObject(headers))
      throw badRequest(`Invalid batch payload: the headers of request '${id}' must be an object.`);
    seen.add(id);
    const lowered = Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return { id, method: method.toUpperCase(), url, headers: lowered, body: itemBody, dependsOn: deps as string[] };
  });
}

function innerError(status: number, code: string, message: string, now: Date): GraphResult {
  const requestId = randomUUID();
  const ids = { requestId, clientRequestId: requestId };
  return {
    status,
    headers: { 'request-id': requestId, 'Content-Type': 'application/json' },
    body: errorBody(code, message, ids, now),
  };
}

async function runItem(ctx: RequestContext, item: BatchItem): Promise<GraphResult> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(item.url))
    return innerError(
      400,
      'BadRequest',
      `The url of request '${item.id}' must be relative, e.g. /users/{id}.`,
      ctx.now,
    );
  if (WRITE_METHODS.includes(item.method) && (item.body === undefined || !item.headers['content-type'])) {
    return innerError(
      400,
      'BadRequest',
      `Write request id : ${item.id} does not contain Content-Type header or body.`,
      ctx.now,
    );
  }
  const target = `/${item.url.replace(/^\/+/, '')}`;
  if (/^\/\$batch(?:[/?]|$)/i.test(target))
    return innerError(400, 'BadRequest', 'A $batch request cannot contain another $batch.', ctx.now);
  return ctx.dispatch({
    method: item.method,
    version: ctx.version,
    target,
    headers: item.headers,
    body: item.body,
    kind: 'batch-item',
  });
}

/** Runs the requests in order; one whose dependency failed is answered 424 without running. */
async function batch(ctx: RequestContext) {
  const items = readItems(bodyObject(ctx.body));
  const statuses = new Map<string, number>();
  const responses: JsonObject[] = [];
  for (const item of items) {
    const failed = item.dependsOn.find((d) => (statuses.get(d) ?? 0) >= 400);
    const result = failed
      ? innerError(424, 'FailedDependency', `The request depends on request '${failed}', which failed.`, ctx.now)
      : await runItem(ctx, item);
    statuses.set(item.id, result.status);
    responses.push({
      id: item.id,
      status: result.status,
      headers: result.headers,
      ...(result.body === undefined ? {} : { body: result.body }),
    });
  }
  return { status: 200, body: { responses } };
}

export const batchRoutes: Route[] = [{ method: 'POST', pattern: '/$batch', handler: batch }];
