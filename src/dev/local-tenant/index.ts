import { GraphDispatcher, type LocalTenantLogger } from './dispatcher';
import { FaultInjector, type FailNextRule, type FaultOptions } from './faults';
import { frontDoor } from './front-door';
import { localRoutes } from './local-control';
import { Router } from './router';
import { GRAPH_ROUTES } from './routes';
import { DEFAULT_SEED_PATH, loadSeed, parseSeed, type Seed } from './seed';
import { startHttpServer } from './server';
import { TenantState } from './state';

export { DEFAULT_SEED_PATH, loadSeed, parseSeed } from './seed';
export type { Seed, SeedGroup, SeedInput, SeedKnownTenant, SeedPartnerPerson, SeedUser } from './seed';
export type { FailNextRule, FaultKind, FaultOptions } from './faults';
export type { LocalTenantLogger } from './dispatcher';

export interface LocalTenantOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1; keep it on loopback, /_local has no authentication. */
  readonly host?: string;
  readonly seedPath?: string;
  /** A seed object (validated like a file); wins over seedPath. */
  readonly seed?: unknown;
  readonly faults?: FaultOptions;
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
  /** Back to the seed: directory, faults and request count. */
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
  let state = new TenantState(seed, clock());
  let count = 0;
  let url = '';
  const reset = () => {
    state = new TenantState(seed, clock());
    faults.clear();
    faults.set(options.faults ?? {});
    count = 0;
  };
  const shared = { state: () => state, clock, serverUrl: () => url, logger: options.logger };
  const graph = new GraphDispatcher({ ...shared, router: new Router(GRAPH_ROUTES), faults });
  const control = { faults, reset, requestCount: () => count };
  const local = new GraphDispatcher({ ...shared, router: new Router(localRoutes(control)), logPrefix: '/_local' });
  const handler = frontDoor({ graph, local, clock, countRequest: () => (count += 1) });
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
    reset,
    requestCount: () => count,
  };
}
