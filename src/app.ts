import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from './config';
import { BackgroundTasks } from './services/background';
import { Scheduler } from './services/lifecycle';
import { createWorkers } from './services/workers';
import { createBot, createCloudAdapter, type BotRuntime } from './bot/create-bot';
import { createHttpServer } from './server';
import { TenantPolicy } from './services/access/tenant-policy';
import { DirectoryService } from './services/directory/directory-service';
import { createGraphClient, createGraphCredential, GRAPH_SCOPE } from './services/graph/graph-client';
import { PermissionCheck } from './services/permissions/permission-check';
import type { Logger } from './services/logging/logger';
import { openDatabase } from './services/storage/open-database';
import { DEFAULT_KNOWLEDGE, withPluginMatrix } from './services/advisor/knowledge';
import { loadPluginMatrixOverride } from './services/advisor/plugin-matrix-override';
import type { Database } from './services/storage/types';

export interface AppOptions {
  readonly logger: Logger;
  readonly clock?: () => Date;
}

export interface RunningApp {
  /** e.g. http://127.0.0.1:3978 */
  readonly url: string;
  readonly messagesUrl: string;
  readonly graphBaseUrl: string;
  readonly home: { readonly tenantId: string; readonly displayName: string; readonly simulated: boolean };
  readonly localTenantUrl?: string;
  readonly db: Database;
  readonly runtime: BotRuntime;
  /** Work still running after the turn that started it; tests wait for it with drain(). */
  readonly background: BackgroundTasks;
  /** Runs reminders, expiries and drift checks; tests call tick() after moving the clock. */
  readonly scheduler: Scheduler;
  stop(): Promise<void>;
}

interface LocalTenantHandle {
  readonly url: string;
  readonly graphBaseUrl: string;
  close(): Promise<void>;
}

/** The composition root's body: builds every part from config, starts listening, and knows how to stop in order. */
export async function startApp(config: Config, options: AppOptions): Promise<RunningApp> {
  const { logger } = options;
  const clock = options.clock ?? (() => new Date());
  const stack: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stack.splice(0).reverse())
      await step().catch((e: unknown) => logger.error({ err: { message: String(e) } }, 'shutdown step failed'));
  };

  try {
    // A bad override stops start-up with the list of its problems, like any other bad configuration.
    const knowledge = config.pluginMatrixPath
      ? withPluginMatrix(DEFAULT_KNOWLEDGE, loadPluginMatrixOverride(config.pluginMatrixPath))
      : DEFAULT_KNOWLEDGE;
    let graphBaseUrl = config.graph.baseUrl;
    let local: LocalTenantHandle | undefined;
    let home: RunningApp['home'];
    let groups: { adminGroupId: string; approverGroupId: string };
    let partnerDomains = config.partnerDomains;
    /** An app-only Graph token, for the permission self-check; none for a local tenant that grants everything. */
    let appToken: (() => Promise<string>) | undefined;

    if (config.localTenant.enabled) {
      const { startLocalTenant, loadSeed } = await import('./dev/local-tenant');
      const seed = loadSeed(config.localTenant.seedPath);
      if (config.graph.baseUrlSet) {
        // A local tenant that runs in its own process (several bot instances, crash tests): use it, start none.
        logger.info({ graph: graphBaseUrl }, 'using the SIMULATED local tenant at GRAPH_BASE_URL');
      } else {
        const granted = config.localTenant.appPermissions;
        local = await startLocalTenant({
          port: config.localTenant.port,
          host: '127.0.0.1',
          seed,
          clock,
          logger: quietLocalTenantLogger(logger),
          ...(granted ? { modes: { appTokens: { enabled: true, grantedPermissions: [...granted] } } } : {}),
        });
        if (granted) appToken = localAppToken(local);
        const started = local;
        stack.push(() => started.close());
        graphBaseUrl = local.graphBaseUrl;
      }
      home = { tenantId: seed.tenant.id, displayName: seed.tenant.displayName, simulated: true };
      groups = {
        adminGroupId: config.adminGroupId ?? seed.bot.adminGroupId,
        approverGroupId: config.approverGroupId ?? seed.bot.approverGroupId,
      };
      if (partnerDomains.length === 0 && config.partnerTenantIds.length === 0)
        partnerDomains = seed.knownTenants.flatMap((t) => t.domains.slice(0, 1));
      logger.warn(
        { url: graphBaseUrl, tenant: home.displayName },
        'LOCAL TENANT: Graph calls go to a SIMULATED tenant on this machine',
      );
    } else {
      home = {
        tenantId: config.graph.tenantId!,
        displayName: config.tenantDisplayName ?? 'your organisation',
        simulated: false,
      };
      groups = { adminGroupId: config.adminGroupId!, approverGroupId: config.approverGroupId! };
    }

    const db = await openDatabase(config.databaseUrl, clock);
    stack.push(() => db.close());

    const credential = graphCredentialFor(config);
    const graph = createGraphClient({ baseUrl: graphBaseUrl, credential });
    if (credential) appToken = async () => (await credential.getToken(GRAPH_SCOPE))?.token ?? '';
    const permissions = new PermissionCheck({
      token: appToken ?? (() => Promise.reject(new Error('no app token'))),
      settings: {
        pimEnabled: config.requests.pimEnabled,
        partnerGroup: Boolean(config.requests.partnerGroupId),
        offboarding: config.lifecycle.offboarding,
        gdapPartner: config.gdap.partner,
      },
      logger,
    });
    if (appToken) await permissions.run();
    const directory = new DirectoryService(graph, { ...groups, homeTenantId: home.tenantId, clock });
    const tenants = new TenantPolicy(graph, {
      homeTenantId: home.tenantId,
      partnerTenantIds: config.partnerTenantIds,
      partnerDomains,
    });
    const background = new BackgroundTasks(logger);
    stack.push(() => background.drain(config.shutdownGraceMs).then(() => undefined));
    const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const runtime = createBot(
      {
        config,
        logger,
        db,
        directory,
        tenants,
        home,
        knowledge,
        background,
        clock,
        ...groups,
        features: permissions,
        createWorkers: (hooks) =>
          createWorkers(
            {
              db,
              graph,
              tenantId: home.tenantId,
              tenantName: home.displayName,
              clock,
              owner,
              pimEnabled: config.requests.pimEnabled,
              partnerDomain: async (domain) => (await tenants.classifyDomain(domain)) === 'partner',
              partnerGroupId: config.requests.partnerGroupId,
              provisioningLeaseMs: config.requests.provisioningLeaseMs,
              replicationWaitMs: config.requests.replicationWaitMs,
              lifecycle: config.lifecycle,
              logger,
            },
            hooks,
          ),
      },
      createCloudAdapter(config),
    );
    const scheduler = new Scheduler({
      jobs: db.jobs,
      // Lifecycle work (expiry, reminders, drift) and GDAP polls (gdap.advance) share one durable job queue.
      handlers: { ...runtime.lifecycle.jobHandlers(), ...runtime.gdap?.jobHandlers },
      clock,
      owner,
      // A shortened local "day" wants a livelier scheduler; otherwise every 30 s is plenty for day-scale work.
      pollMs: config.lifecycle.dayMs < 86_400_000 ? 1000 : 30_000,
      logger: logger.child({ component: 'scheduler' }),
    });

    const http = createHttpServer({
      adapter: runtime.adapter,
      bot: runtime.bot,
      logger,
      readiness: [
        { name: 'storage', check: () => db.ping() },
        { name: 'graph', check: () => directory.ping() },
      ],
      degraded: () => {
        const missing = permissions.missingNames();
        return missing.length > 0 ? { missingPermissions: missing } : undefined;
      },
    });
    const { url } = await http.listen(config.port, config.host);
    stack.push(() => http.close(config.shutdownGraceMs));
    // Finish whatever a crash or a restart left half-done: approved requests whose provisioning did not complete.
    // Work another (dead) instance still holds a lease on is taken over once its lease runs out, so look again.
    const resume = () => background.run('resume provisioning', () => runtime.provisioner.resumeAll());
    resume();
    const resumer = setInterval(resume, config.requests.provisioningLeaseMs);
    resumer.unref();
    stack.push(async () => clearInterval(resumer));
    // Revoke what expired while the bot was down, then run scheduled work (reminders, expiry, drift checks).
    background.run('lifecycle start-up', async () => {
      await runtime.lifecycle.startUp();
      scheduler.start();
    });
    stack.push(() => scheduler.stop());

    if (config.bot.authDisabled) {
      logger.warn(
        { host: config.host },
        'BOT_ID is not set: incoming requests are NOT authenticated. Use this only on this machine (loopback) or behind something that authenticates.',
      );
    }
    logger.info(
      { url: `${url}/api/messages`, graph: graphBaseUrl, storage: db.kind, tenant: home.displayName },
      'bot is listening',
    );
    return {
      url,
      messagesUrl: `${url}/api/messages`,
      graphBaseUrl,
      home,
      localTenantUrl: local?.url,
      db,
      runtime,
      background,
      scheduler,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * An app-only token from the SIMULATED tenant's client-credentials endpoint, with the simulated app registration it
 * publishes: not a credential of any real tenant (Azure's credentials refuse a plain-http authority anyway).
 */
function localAppToken(local: { readonly url: string }): () => Promise<string> {
  return async () => {
    const info = (await (await fetch(`${local.url}/_local/app-tokens`)).json()) as {
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scope: string;
    };
    const res = await fetch(info.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: info.clientId,
        client_secret: info.clientSecret,
        scope: info.scope,
      }),
    });
    if (!res.ok) throw new Error(`the local tenant refused an app token (${res.status})`);
    return ((await res.json()) as { access_token: string }).access_token;
  };
}

/** Local mode never builds a credential, even when it runs against a local tenant in another process. */
export function graphCredentialFor(config: Config) {
  return config.localTenant.enabled ? undefined : createGraphCredential(config.graph);
}

/** The local tenant logs every Graph call; that is debug detail in a bot's log, and only its warnings matter. */
function quietLocalTenantLogger(logger: Logger) {
  const child = logger.child({ component: 'local-tenant' });
  return { info: (o: object, m?: string) => child.debug(o, m), warn: (o: object, m?: string) => child.warn(o, m) };
}
