import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppTokenSigner } from './app-tokens';
import { checkBody } from './body-schema';
import { badRequest, errorBody, forbidden, GraphHttpError } from './errors';
import type { FaultInjector } from './faults';
import type { ModeState } from './modes';
import { covers } from './permissions';
import type { Router } from './router';
import type { GraphCall, GraphResponse, GraphResult, RequestContext } from './route-types';
import type { TenantState } from './state';

export interface LocalTenantLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface DispatcherDeps {
  readonly router: Router;
  readonly state: () => TenantState;
  readonly clock: () => Date;
  readonly serverUrl: () => string;
  readonly modes: () => ModeState;
  /** Verifies app-only bearer tokens while the app-token mode is on; absent for /_local. */
  readonly signer?: AppTokenSigner;
  /** Absent for /_local, which is never faulted. */
  readonly faults?: FaultInjector;
  readonly logger?: LocalTenantLogger;
  /** Path prefix used in logs ('' for Graph calls, '/_local' for control calls). */
  readonly logPrefix?: string;
}

const READ_JSON_FAILED =
  'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.';

function decodePath(pathname: string): string {
  try {
    return pathname
      .split('/')
      .map((s) => decodeURIComponent(s))
      .join('/');
  } catch {
    throw badRequest(`The request URI is not valid: '${pathname}'.`);
  }
}

function parseRaw(raw: string | undefined, body: unknown): unknown {
  if (raw === undefined) return body;
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw badRequest(READ_JSON_FAILED);
  }
}

/** Runs one call: faults, routing, permissions, the handler, and Graph's error shape and headers. */
export class GraphDispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  readonly dispatch = async (call: GraphCall): Promise<GraphResult> => {
    const started = Date.now();
    const ids = { requestId: randomUUID(), clientRequestId: call.headers['client-request-id'] ?? '' };
    if (!ids.clientRequestId) ids.clientRequestId = ids.requestId;
    const url = new URL(call.target.replace(/^\/+/, '/'), 'http://local.invalid');
    let path = url.pathname;
    let response: GraphResponse;
    try {
      path = decodePath(url.pathname);
      response = (await this.fault(call, path)) ?? (await this.route(call, path, url.searchParams));
    } catch (error) {
      response = this.failure(error, call, path);
    }
    const result = this.finish(response, ids);
    this.deps.logger?.info(
      {
        method: call.method,
        path: `${this.deps.logPrefix ?? `/${call.version}`}${path}`,
        status: result.status,
        requestId: ids.requestId,
        ms: Date.now() - started,
        batch: call.kind === 'batch-item' || undefined,
      },
      'local tenant request',
    );
    return result;
  };

  private async fault(call: GraphCall, path: string): Promise<GraphResponse | undefined> {
    if (!this.deps.faults) return undefined;
    const decision = this.deps.faults.decide(call.method, path, call.kind === 'batch-envelope');
    if (decision.kind === 'latency') await sleep(decision.ms);
    if (decision.kind !== 'error') return undefined;
    this.deps.logger?.warn({ method: call.method, path, status: decision.status }, 'local tenant: injected fault');
    const headers: Record<string, string> =
      decision.retryAfterSeconds !== undefined ? { 'Retry-After': String(decision.retryAfterSeconds) } : {};
    throw new GraphHttpError(decision.status, decision.code, decision.message, headers);
  }

  private async route(call: GraphCall, path: string, query: URLSearchParams): Promise<GraphResponse> {
    const { route, params } = this.deps.router.resolve(call.method, path);
    const state = this.deps.state();
    const modes = this.deps.modes();
    const fromToken = this.tokenRoles(call, state, modes);
    const allowed = (needed: readonly string[]) =>
      fromToken ? covers(fromToken, needed) : state.hasAnyPermission(needed);
    if (route.permissions && !allowed(route.permissions)) throw forbidden();
    const body = parseRaw(call.rawBody, call.body);
    if (modes.strictBodies) checkBody(route.method, route.pattern, body);
    const ctx: RequestContext = {
      method: route.method,
      version: call.version,
      path,
      params,
      query,
      headers: call.headers,
      body,
      state,
      modes,
      now: this.deps.clock(),
      serverUrl: this.deps.serverUrl(),
      dispatch: this.dispatch,
    };
    return route.handler(ctx);
  }

  /**
   * While the app-token mode is on, a bearer token (when the caller sends one) must be one this tenant issued, and
   * its roles claim is what the call may do; Graph answers 401 InvalidAuthenticationToken for a bad token. The Graph
   * SDK sends no Authorization header to an http:// host, so calls without one are judged by the tenant's grant,
   * which is what the token's roles claim reflects.
   */
  private tokenRoles(call: GraphCall, state: TenantState, modes: ModeState): ReadonlySet<string> | undefined {
    const header = call.headers.authorization;
    if (!modes.appTokens.enabled || !this.deps.signer || !header) return undefined;
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const checked = token
      ? this.deps.signer.check(token, state.tenant.id, this.deps.clock())
      : { problem: 'The Authorization header is not a bearer token.' };
    if ('problem' in checked)
      throw new GraphHttpError(
        401,
        'InvalidAuthenticationToken',
        `Access token validation failure. ${checked.problem}`,
      );
    return new Set(checked.claims.roles.map((r) => r.toLowerCase()));
  }

  private failure(error: unknown, call: GraphCall, path: string): GraphResponse {
    if (error instanceof GraphHttpError)
      return { status: error.status, headers: error.headers, error: { code: error.code, message: error.message } };
    this.deps.logger?.warn(
      { method: call.method, path, err: { message: error instanceof Error ? error.message : String(error) } },
      'local tenant: handler failed',
    );
    return {
      status: 500,
      error: {
        code: 'InternalServerError',
        message: 'The simulated tenant failed to handle the request; see its log.',
      },
    };
  }

  /** Failures carry {code,message} until here, where they get Graph's envelope and the request ids. */
  private finish(response: GraphResponse, ids: { requestId: string; clientRequestId: string }): GraphResult {
    const headers: Record<string, string> = {
      'request-id': ids.requestId,
      'client-request-id': ids.clientRequestId,
      'x-simulated-tenant': 'true',
      ...(response.headers ?? {}),
    };
    if (response.error) {
      headers['Content-Type'] = 'application/json';
      return {
        status: response.status,
        headers,
        body: errorBody(response.error.code, response.error.message, ids, this.deps.clock()),
      };
    }
    if (response.status === 204 || response.body === undefined) return { status: response.status, headers };
    headers['Content-Type'] = 'application/json';
    return { status: response.status, headers, body: response.body };
  }
}
