import { AppTokenSigner } from './app-tokens';
import { GraphDispatcher, type LocalTenantLogger } from './dispatcher';
import { FaultInjector, type FailNextRule, type FaultOptions } from './faults';
import { frontDoor } from './front-door';
import { identity } from './identity';
import { localRoutes } from './local-control';
import { TenantModes, type ModeOptions, type ModeState } from './modes';
import { Router } from './router';
import { GRAPH_ROUTES } from './routes';
import { DEFAULT_SEED_PATH, loadSeed, parseSeed, type Seed } from './seed';
import { startHttpServer } from './server';
import { TenantState } from './state';

export { DEFAULT_SEED_PATH, loadSeed, parseSeed } from './seed';
export type { Seed, SeedGroup, SeedInput, SeedKnownTenant, SeedPartnerPerson, SeedUser } from './seed';
export type { FailNextRule, FaultKind, FaultOptions } from './faults';
export type { LocalTenantLogger } from './dispatcher';
export type { ModeOptions, ModeState } from './modes';
export type { AppTokenClaims } from './app-tokens';

export interface LocalTenantOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1; keep it on loopback, /_local has no authentication. */
  readonly host?: string;
  readonly seedPath?: string;
  /** A seed object (validated like a file); wins over seedPath. */
  readonly seed?: unknown;
  readonly faults?: FaultOptions;
  /** Real-tenant behaviours to switch on from the start (see modes.ts); /_local/modes changes them later. */
  readonly modes?: ModeOptions;
  readonly clock?: () => Date;
  readonly logger?: LocalTenantLogger;
}

/** A running SIMULATED Microsoft Entra tenant that answers like Microsoft Graph. */
export interface LocalTenant {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** url + '/v1.0', for createGraphClient({ baseUrl }). */
  readonly graphBaseUrl: string;
  readonly tenantId: string;
  readonly seed: Seed;
  close(): Promise<void>;
  setFaults(faults: FaultOptions): void;
  failNext(rule: FailNextRule): void;
  /** Merges a partial change into the modes in force. */
  setModes(change: ModeOptions): void;
  modes(): ModeState;
  /** POST here (form body, client credentials) for an app-only token; see identity.ts. */
  readonly tokenUrl: string;
  /** The signing keys of those tokens (JWKS). */
  readonly jwksUrl: string;
  /** Back to the seed: directory, faults, modes and request count. */
  reset(): void;
  /** Graph requests received over HTTP (not /_local, not the requests inside a $batch). */
  requestCount(): number;
}

export async function startLocalTenant(options: LocalTenantOptions = {}): Promise<LocalTenant> {
  const seed =
    options.seed !== undefined
      ? parseSeed(options.seed, 'options.seed')
      : loadSeed(options.seedPath ?? DEFAULT_SEED_PATH);
  const clock = options.clock ?? (() => new Date());
  const faults = new FaultInjector(options.faults);
  const modes = new TenantModes(options.modes);
  const signer = new AppTokenSigner();
  let state = new TenantState(seed, clock());
  let count = 0;
  let url = '';
  /** The grant in force: the subset the app-token mode names, or the seed's list. */
  const roles = () => {
    const t = modes.get().appTokens;
    return t.enabled && t.grantedPermissions ? t.grantedPermissions : seed.app.permissions;
  };
  const setModes = (change: ModeOptions) => {
    modes.set(change);
    state.grant(roles());
  };
  const reset = () => {
    state = new TenantState(seed, clock());
    faults.clear();
    faults.set(options.faults ?? {});
    modes.reset();
    state.grant(roles());
    count = 0;
  };
  state.grant(roles());
  const tokenBase = () => `${url}/${seed.tenant.id}`;
  const appTokenInfo = () => ({
    tokenUrl: `${tokenBase()}/oauth2/v2.0/token`,
    jwksUrl: `${tokenBase()}/discovery/v2.0/keys`,
    clientId: modes.get().appTokens.clientId,
    clientSecret: modes.get().appTokens.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
    grantedPermissions: roles(),
  });
  const shared = { state: () => state, clock, serverUrl: () => url, logger: options.logger, modes: () => modes.get() };
  const graph = new GraphDispatcher({ ...shared, router: new Router(GRAPH_ROUTES), faults, signer });
  const control = { faults, reset, requestCount: () => count, modes: () => modes.get(), setModes, appTokenInfo };
  const local = new GraphDispatcher({ ...shared, router: new Router(localRoutes(control)), logPrefix: '/_local' });
  const identityDeps = { signer, state: () => state, modes: () => modes.get(), roles, clock, serverUrl: () => url };
  const handler = frontDoor({
    graph,
    local,
    clock,
    countRequest: () => (count += 1),
    identity: (call) => identity(identityDeps, call),
  });
  const server = await startHttpServer(options.host ?? '127.0.0.1', options.port ?? 0, handler);
  url = server.url;
  options.logger?.info(
    { url, tenantId: seed.tenant.id, tenant: seed.tenant.displayName, simulated: true },
    'SIMULATED local tenant is listening',
  );

  return {
    url,
    graphBaseUrl: `${url}/v1.0`,
    tenantId: seed.tenant.id,
    seed,
    close: () => server.close(),
    setFaults: (f) => faults.set(f),
    failNext: (rule) => faults.failNext(rule),
    setModes,
    modes: () => modes.get(),
    tokenUrl: `${url}/${seed.tenant.id}/oauth2/v2.0/token`,
    jwksUrl: `${url}/${seed.tenant.id}/discovery/v2.0/keys`,
    reset,
    requestCount: () => count,
  };
}
