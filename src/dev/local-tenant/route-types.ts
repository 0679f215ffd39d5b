import type { ModeState } from './modes';
import type { TenantState } from './state';

export type ApiVersion = 'v1.0' | 'beta';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a handler answers; the dispatcher adds request ids and the simulated-tenant header. */
export interface GraphResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Set for failures; the dispatcher wraps it in Graph's error envelope with the request ids. */
  readonly error?: { readonly code: string; readonly message: string };
}

/** One Graph call, from HTTP or from inside a $batch. */
export interface GraphCall {
  readonly method: string;
  readonly version: ApiVersion;
  /** Path and query after the version, starting with '/'. */
  readonly target: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** The raw HTTP body, parsed (and refused when malformed) by the dispatcher. */
  readonly rawBody?: string;
  readonly kind?: 'request' | 'batch-envelope' | 'batch-item';
}

export interface GraphResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

export interface RequestContext {
  readonly method: HttpMethod;
  readonly version: ApiVersion;
  /** Decoded path after the version. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly state: TenantState;
  /** The behaviours switched on for this tenant (replication lag, paging, strict bodies, app tokens). */
  readonly modes: ModeState;
  /** One clock reading for the whole request. */
  readonly now: Date;
  /** http://127.0.0.1:PORT */
  readonly serverUrl: string;
  /** Runs another call through the same pipeline, faults included; $batch uses it. */
  readonly dispatch: (call: GraphCall) => Promise<GraphResult>;
}

export type RouteHandler = (ctx: RequestContext) => GraphResponse | Promise<GraphResponse>;

export interface Route {
  readonly method: HttpMethod;
  /** e.g. '/users/:id/memberOf'; matched case-insensitively like Graph. */
  readonly pattern: string;
  /** Any one of these application permissions is enough; absent means no check. */
  readonly permissions?: readonly string[];
  readonly handler: RouteHandler;
}
