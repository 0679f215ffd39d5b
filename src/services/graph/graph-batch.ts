import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { GraphRequestError, toGraphRequestError } from './graph-error';

/**
 * Graph calls that keep Graph's `request-id` for the audit. The SDK's parsed responses drop the headers, so these
 * ask for the raw Response (the middleware — auth, retry with Retry-After — still runs) and read the body here.
 */

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** An operation's data plus Graph's request id, for the audit log and for Microsoft support. */
export type Traced<T> = T & { readonly requestId: string | undefined };

/** The outcome of one part of a batch, as data rather than as a thrown error. */
export type Settled<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: GraphRequestError };

/** Waits for a promise and reports its outcome; anything but a GraphRequestError is rethrown. */
export async function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    if (error instanceof GraphRequestError) return { ok: false, error };
    throw error;
  }
}

export interface GraphReply<T = unknown> {
  readonly status: number;
  readonly body: T | undefined;
  readonly requestId: string | undefined;
}

interface ErrorBody {
  error?: { code?: string; message?: string; innerError?: Record<string, unknown> };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A failure answer (status ≥ 400) as a GraphRequestError named after the operation. */
export function replyError(operation: string, status: number, body: unknown, requestId: string | undefined) {
  const error = (body as ErrorBody | undefined)?.error;
  const innerId = error?.innerError?.['request-id'];
  const id = requestId ?? (typeof innerId === 'string' ? innerId : undefined);
  return new GraphRequestError(
    status,
    error?.code ?? 'UnknownError',
    error?.message ?? `HTTP ${status}`,
    id,
    operation,
  );
}

/** One Graph call; a non-2xx answer (after the SDK's own retries) throws a GraphRequestError. */
export async function graphSend<T>(
  graph: Client,
  operation: string,
  method: GraphMethod,
  path: string,
  body?: unknown,
): Promise<GraphReply<T>> {
  let response: Response;
  try {
    const request = graph.api(path).responseType(ResponseType.RAW);
    const sent: Promise<unknown> =
      method === 'GET'
        ? request.get()
        : method === 'POST'
          ? request.post(body)
          : method === 'PATCH'
            ? request.patch(body)
            : request.delete();
    response = (await sent) as Response;
  } catch (error) {
    throw toGraphRequestError(operation, error);
  }
  const text = await response.text();
  const parsed = text ? parseJson(text) : undefined;
  const requestId = response.headers.get('request-id') ?? undefined;
  if (!response.ok) throw replyError(operation, response.status, parsed, requestId);
  return { status: response.status, body: parsed as T | undefined, requestId };
}

export interface BatchRequest {
  readonly id: string;
  readonly method: GraphMethod;
  /** Relative to the version, e.g. /users/{id}. */
  readonly url: string;
  readonly body?: unknown;
  readonly dependsOn?: readonly string[];
}

export type BatchOutcome =
  { readonly ok: true; readonly reply: GraphReply } | { readonly ok: false; readonly error: GraphRequestError };

export interface BatchOptions {
  /** Rounds, counting the first; inner 429/503/504 answers are sent again up to this many times in all. */
  readonly maxTries?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Upper bound on one wait, whatever Retry-After says. */
  readonly maxWaitMs?: number;
}

interface InnerResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const RETRY_STATUSES = [429, 503, 504];
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers?.[key];
}

/** Retry-After in ms (seconds or an HTTP date); 1 s when absent. */
function waitFor(r: InnerResponse): number {
  const value = header(r.headers, 'retry-after');
  if (value === undefined) return 1000;
  const seconds = Number(value);
  if (!Number.isNaN(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - Date.now());
}

/**
 * Sends up to 20 requests in one `$batch`. Graph answers each inner request on its own, and throttles them one by
 * one: inner 429/503/504 answers — and the 424s that failed only because of them — are sent again after the
 * longest Retry-After, a bounded number of times. Every request gets an outcome (a missing answer is status 0); inner failures are
 * GraphRequestErrors named `operation:<id>`. A failure of the envelope itself throws.
 */
export async function graphBatch(
  graph: Client,
  operation: string,
  requests: readonly BatchRequest[],
  options: BatchOptions = {},
): Promise<Record<string, BatchOutcome>> {
  const maxTries = options.maxTries ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  const outcomes: Record<string, BatchOutcome> = {};
  let pending = [...requests];
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const ids = new Set(pending.map((r) => r.id));
    const payload = pending.map((r) => {
      const deps = (r.dependsOn ?? []).filter((d) => ids.has(d));
      return {
        id: r.id,
        method: r.method,
        url: r.url,
        ...(r.body === undefined ? {} : { body: r.body, headers: { 'Content-Type': 'application/json' } }),
        ...(deps.length > 0 ? { dependsOn: deps } : {}),
      };
    });
    const envelope = await graphSend<{ responses?: InnerResponse[] }>(graph, operation, 'POST', '/$batch', {
      requests: payload,
    });
    const byId = new Map((envelope.body?.responses ?? []).map((r) => [r.id, r]));
    const again = new Set<string>();
    let wait = 0;
    for (const r of pending) {
      const inner = byId.get(r.id);
      const status = inner?.status ?? 0;
      const retryable =
        RETRY_STATUSES.includes(status) || (status === 424 && (r.dependsOn ?? []).some((d) => again.has(d)));
      if (retryable && inner && attempt < maxTries) {
        again.add(r.id);
        if (status !== 424) wait = Math.max(wait, waitFor(inner));
        continue;
      }
      const requestId = header(inner?.headers, 'request-id') ?? envelope.requestId;
      outcomes[r.id] =
        inner && status < 400
          ? { ok: true, reply: { status, body: inner.body, requestId } }
          : { ok: false, error: replyError(`${operation}:${r.id}`, status, inner?.body, requestId) };
    }
    pending = pending.filter((r) => again.has(r.id));
    if (pending.length > 0) await sleep(Math.min(wait, options.maxWaitMs ?? 30_000));
  }
  return outcomes;
}
