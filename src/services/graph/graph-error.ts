/**
 * A Graph failure in a form the rest of the code can act on: the HTTP status, Graph's error code, its message,
 * and the request id that Microsoft support (or the local tenant's log) can find.
 */
export class GraphRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation}: Graph answered ${status} ${code}: ${message}`, options);
    this.name = 'GraphRequestError';
  }

  get isThrottled(): boolean {
    return this.status === 429;
  }

  get isTransient(): boolean {
    return this.status === 429 || this.status >= 500 || this.status === 0;
  }
}

interface GraphErrorLike {
  statusCode?: number;
  code?: string | null;
  message?: string;
  requestId?: string | null;
  body?: unknown;
}

/** Turns whatever the Graph SDK threw into a GraphRequestError, keeping the original as `cause`. */
export function toGraphRequestError(operation: string, error: unknown): GraphRequestError {
  if (error instanceof GraphRequestError) return error;
  const e = (error ?? {}) as GraphErrorLike;
  const status = typeof e.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : 0;
  const body = parseBody(e.body);
  const code = e.code ?? body?.error?.code ?? (status === 0 ? 'NetworkError' : 'UnknownError');
  const message =
    (status === 0 && error instanceof Error ? error.message : undefined) ??
    e.message ??
    body?.error?.message ??
    'no message';
  const requestId = e.requestId ?? body?.error?.innerError?.['request-id'] ?? undefined;
  return new GraphRequestError(status, code, message, requestId ?? undefined, operation, { cause: error });
}

function parseBody(
  body: unknown,
): { error?: { code?: string; message?: string; innerError?: Record<string, string> } } | undefined {
  if (typeof body !== 'string') return (body as never) ?? undefined;
  try {
    return JSON.parse(body) as never;
  } catch {
    return undefined;
  }
}
