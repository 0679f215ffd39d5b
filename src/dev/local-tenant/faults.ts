export type FaultKind = '429' | '503' | 'latency';

/** Random faults, deterministic for a given seed. */
export interface FaultOptions {
  /** Share of matching requests that fail, 0..1 (0 turns random faults off). */
  readonly rate?: number;
  readonly kinds?: readonly FaultKind[];
  readonly retryAfterSeconds?: number;
  readonly latencyMs?: number;
  /** A RegExp, or a path prefix such as '/invitations' (with or without '/v1.0'). */
  readonly paths?: RegExp | string;
  /** Seed of the pseudo-random generator; the same seed gives the same faults. */
  readonly seed?: number;
  /** Share of matching requests answered 503 (with Retry-After), drawn apart from `rate`: e.g. 0.3 throttled + 0.05 503. */
  readonly unavailableRate?: number;
  /** A request budget like Graph's per-app limits: more than `requests` in `windowMs` answers 429 until it frees. */
  readonly limit?: RateLimit;
}

/**
 * Microsoft Graph throttling guidance (learn.microsoft.com/graph/throttling): past a threshold Graph answers 429
 * with a Retry-After header, limits vary by request type ("writes are throttled but reads are still permitted"),
 * and JSON batching (learn.microsoft.com/graph/json-batching) throttles the requests inside a batch one by one.
 */
export interface RateLimit {
  readonly requests: number;
  readonly windowMs: number;
  /** Count and refuse only POST/PATCH/PUT/DELETE. */
  readonly writesOnly?: boolean;
}

/** Fail the next `count` matching requests with `status`, deterministically. */
export interface FailNextRule {
  readonly status: number;
  readonly retryAfterSeconds?: number;
  readonly count?: number;
  readonly path?: RegExp | string;
  readonly method?: string;
  readonly code?: string;
  readonly message?: string;
}

export type FaultDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'latency'; readonly ms: number }
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly code: string;
      readonly message: string;
      readonly retryAfterSeconds?: number;
    };

const CODES: Record<number, string> = {
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** mulberry32: tiny, seedable, good enough to spread faults. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function matchesPath(pattern: RegExp | string | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  if (pattern instanceof RegExp) return pattern.test(path);
  const prefix = `/${pattern
    .replace(/^\/+/, '')
    .replace(/^(v1\.0|beta)(?=\/|$)/i, '')
    .replace(/^\/+/, '')}`.toLowerCase();
  return prefix === '/' || path.toLowerCase().startsWith(prefix);
}

export function describeFault(
  status: number,
  retryAfterSeconds: number | undefined,
): { code: string; message: string } {
  const code = CODES[status] ?? 'SimulatedFault';
  const wait = retryAfterSeconds !== undefined ? ` Retry after ${retryAfterSeconds} seconds.` : '';
  const message =
    status === 429
      ? `Too many requests (simulated throttling).${wait}`
      : `The service is temporarily unavailable (simulated ${status}).${wait}`;
  return { code, message };
}

/** Decides, per Graph request, whether to delay it or fail it. `/_local` calls never reach it. */
export class FaultInjector {
  private options: FaultOptions = {};
  private random: () => number = generator(1);
  private readonly queue: Array<FailNextRule & { remaining: number }> = [];
  /** When the requests the limit let through arrived, oldest first. */
  private admitted: number[] = [];

  constructor(options?: FaultOptions) {
    this.set(options ?? {});
  }

  set(options: FaultOptions): void {
    const rate = options.rate ?? 0;
    for (const [name, value] of [
      ['rate', rate],
      ['unavailableRate', options.unavailableRate ?? 0],
    ] as const)
      if (!(value >= 0 && value <= 1))
        throw new RangeError(`FaultInjector.set(): ${name} must be between 0 and 1, got ${value}`);
    const limit = options.limit;
    if (limit && !(Number.isInteger(limit.requests) && limit.requests >= 1 && limit.windowMs > 0))
      throw new RangeError('FaultInjector.set(): limit needs requests >= 1 and windowMs > 0');
    this.options = { ...options, rate };
    this.random = generator(options.seed ?? 1);
    this.admitted = [];
  }

  failNext(rule: FailNextRule): void {
    if (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599)
      throw new RangeError(`FaultInjector.failNext(): status must be 400..599, got ${rule.status}`);
    this.queue.push({ ...rule, remaining: rule.count ?? 1 });
  }

  clear(): void {
    this.queue.length = 0;
    this.set({});
  }

  /**
   * A $batch envelope is only hit by a failNext rule that names it; Graph throttles the requests inside a batch
   * one by one, so random faults apply to the inner requests instead.
   */
  decide(method: string, path: string, isBatchEnvelope = false, nowMs = Date.now()): FaultDecision {
    const rule = this.queue.find(
      (r) =>
        (!isBatchEnvelope || r.path !== undefined) &&
        matchesPath(r.path, path) &&
        (!r.method || r.method.toUpperCase() === method.toUpperCase()),
    );
    if (rule) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.queue.splice(this.queue.indexOf(rule), 1);
      const retryAfterSeconds = rule.retryAfterSeconds ?? (rule.status === 429 ? 1 : undefined);
      const described = describeFault(rule.status, retryAfterSeconds);
      return {
        kind: 'error',
        status: rule.status,
        code: rule.code ?? described.code,
        message: rule.message ?? described.message,
        retryAfterSeconds,
      };
    }
    const o = this.options;
    if (isBatchEnvelope || !matchesPath(o.paths, path)) return { kind: 'none' };
    const limited = this.overLimit(method, nowMs);
    if (limited) return limited;
    if (o.unavailableRate && this.random() < o.unavailableRate) return this.error(503);
    if (!o.rate || this.random() >= o.rate) return { kind: 'none' };
    const kinds = o.kinds && o.kinds.length > 0 ? o.kinds : (['429'] as const);
    const kind = kinds[Math.floor(this.random() * kinds.length)] ?? '429';
    if (kind === 'latency') return { kind: 'latency', ms: o.latencyMs ?? 500 };
    return this.error(Number(kind));
  }

  private error(status: number, retryAfterSeconds = this.options.retryAfterSeconds ?? 1): FaultDecision {
    return { kind: 'error', status, retryAfterSeconds, ...describeFault(status, retryAfterSeconds) };
  }

  /** A sliding window: refused requests do not count, and Retry-After says when the oldest admitted one leaves. */
  private overLimit(method: string, nowMs: number): FaultDecision | undefined {
    const limit = this.options.limit;
    if (!limit || (limit.writesOnly && method.toUpperCase() === 'GET')) return undefined;
    this.admitted = this.admitted.filter((t) => nowMs - t < limit.windowMs);
    if (this.admitted.length < limit.requests) {
      this.admitted.push(nowMs);
      return undefined;
    }
    const waitMs = limit.windowMs - (nowMs - (this.admitted[0] ?? nowMs));
    return this.error(429, Math.max(1, Math.ceil(waitMs / 1000)));
  }
}
