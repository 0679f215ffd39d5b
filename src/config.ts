import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads the environment. Everything is parsed and checked at start-up; on any problem the
 * process stops with a single message that names every bad or missing variable.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export const DEFAULT_LOCAL_TENANT_SEED = path.join(__dirname, 'dev', 'local-tenant', 'seed.json');
export const DEFAULT_DATABASE_URL = 'sqlite:./data/copilot-partner-access.db';
export const REAL_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));
const guid = (what: string) => optionalText.refine((v) => v === undefined || GUID.test(v), `must be a GUID (${what})`);
const bool = (fallback: boolean | undefined) =>
  optionalText
    .refine((v) => v === undefined || /^(true|false|1|0|yes|no|on|off)$/i.test(v), 'must be true or false')
    .transform((v) => (v === undefined ? fallback : /^(true|1|yes|on)$/i.test(v)));
const port = (fallback: number) =>
  optionalText
    .refine(
      (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 0 && Number(v) <= 65535),
      'must be a port number 0-65535',
    )
    .transform((v) => (v === undefined ? fallback : Number(v)));
const perMinute = (fallback: number) =>
  optionalText
    .refine((v) => v === undefined || /^\d{1,5}$/.test(v), 'must be a whole number per minute (0 turns the limit off)')
    .transform((v) => (v === undefined ? fallback : Number(v)));
const list = <T extends string>(check: RegExp, what: string) =>
  optionalText
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean)
        : [],
    )
    .refine((items) => items.every((i) => check.test(i)), `every entry must be ${what}`) as unknown as z.ZodType<T[]>;

const schema = z.object({
  PORT: port(3978),
  HOST: optionalText.transform((v) => v ?? '127.0.0.1'),
  ALLOW_UNAUTHENTICATED: bool(false),
  BOT_ID: guid('the Azure Bot app id'),
  BOT_PASSWORD: optionalText,
  BOT_TENANT_ID: guid('the tenant of a single-tenant bot'),
  BOT_TYPE: optionalText.pipe(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
  BOT_OPENID_METADATA_URL: optionalText.refine(
    (v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v),
    'must be an http(s) URL',
  ),
  BOT_TOKEN_ISSUER: optionalText,
  ALLOW_CUSTOM_BOT_AUTH: bool(false),
  GRAPH_BASE_URL: optionalText.refine(
    (v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v),
    'must be an http(s) URL',
  ),
  GRAPH_TENANT_ID: guid('the customer tenant the bot manages'),
  TENANT_DISPLAY_NAME: optionalText,
  GRAPH_CLIENT_ID: guid('the Graph app registration'),
  GRAPH_CLIENT_SECRET: optionalText,
  GRAPH_CERTIFICATE_PATH: optionalText,
  DATABASE_URL: optionalText
    .transform((v) => v ?? DEFAULT_DATABASE_URL)
    .refine((v) => /^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(v), 'must start with sqlite: or postgres://'),
  APPROVER_GROUP_ID: guid('the Entra group whose members approve'),
  ADMIN_GROUP_ID: guid('the Entra group whose members administer the bot'),
  PARTNER_DOMAINS: list(DOMAIN, 'a domain name such as fabrikam-mssp.com'),
  PARTNER_TENANT_IDS: list(GUID, 'a tenant GUID'),
  LOCAL_TENANT: bool(undefined),
  LOCAL_TENANT_PORT: port(5980),
  LOCAL_TENANT_SEED: optionalText.transform((v) => v ?? DEFAULT_LOCAL_TENANT_SEED),
  PLUGIN_MATRIX_PATH: optionalText,
  PIM_ENABLED: bool(false),
  GDAP_PARTNER: bool(false),
  PARTNER_GROUP_ID: guid('the security group partner guests are added to'),
  REQUEST_MAX_DAYS: optionalText
    .refine(
      (v) => v === undefined || (/^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= 3650),
      'must be a whole number of days from 1 to 3650',
    )
    .transform((v) => (v === undefined ? 90 : Number(v))),
  ALLOW_UNTIL_REVOKED: bool(false),
  PROVISIONING_LEASE_SECONDS: optionalText
    .refine(
      (v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) >= 1),
      'must be a whole number of seconds, at least 1',
    )
    .transform((v) => (v === undefined ? 60 : Number(v))),
  REPLICATION_WAIT_SECONDS: optionalText
    .refine(
      (v) => v === undefined || (/^\d{1,4}$/.test(v) && Number(v) <= 3600),
      'must be a whole number of seconds from 0 to 3600',
    )
    .transform((v) => (v === undefined ? 180 : Number(v))),
  LOCAL_TENANT_APP_PERMISSIONS: optionalText,
  SHUTDOWN_GRACE_SECONDS: optionalText
    .refine(
      (v) => v === undefined || (/^\d{1,4}$/.test(v) && Number(v) >= 1),
      'must be a whole number of seconds, at least 1',
    )
    .transform((v) => (v === undefined ? 10 : Number(v))),
  OFFBOARDING: optionalText.pipe(z.enum(['keep', 'block', 'delete']).optional()),
  REMINDER_DAYS: optionalText
    .transform((v) =>
      (v ?? '7,1')
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean),
    )
    .refine(
      (days) => days.every((d) => /^\d{1,3}$/.test(d) && Number(d) >= 1),
      'must be whole numbers of days, comma-separated, e.g. 7,1',
    )
    .transform((days) => days.map(Number)),
  DRIFT_CHECK_MINUTES: optionalText
    .refine(
      (v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) >= 1),
      'must be a whole number of minutes, at least 1',
    )
    .transform((v) => (v === undefined ? 60 : Number(v))),
  LOCAL_DAY_SECONDS: optionalText.refine(
    (v) => v === undefined || (/^\d{1,6}$/.test(v) && Number(v) >= 5),
    'must be a whole number of seconds, at least 5',
  ),
  RATE_LIMIT_TURNS_PER_MINUTE: perMinute(60),
  RATE_LIMIT_GRAPH_TURNS_PER_MINUTE: perMinute(20),
  APPROVAL_DELIVERY: optionalText.pipe(z.enum(['channel', 'personal', 'both']).optional()),
  LOG_LEVEL: optionalText.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly allowUnauthenticated: boolean;
  readonly bot: {
    readonly appId?: string;
    readonly appPassword?: string;
    readonly tenantId?: string;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    /** True when no app id is set: incoming requests are not authenticated (local use only). */
    readonly authDisabled: boolean;
    /**
     * Where the keys that sign incoming Bot Framework tokens are published, and the issuer they must carry, when not
     * Microsoft's public cloud ones: tests and local runs with a local key server.
     */
    readonly tokenValidation?: { readonly openIdMetadataUrl?: string; readonly issuer?: string };
  };
  /** The home organisation's name as people know it; the local tenant's name in local mode. */
  readonly tenantDisplayName?: string;
  readonly graph: {
    readonly baseUrl: string;
    /** True when GRAPH_BASE_URL was given: in local mode, the local tenant then runs elsewhere and is not started. */
    readonly baseUrlSet: boolean;
    readonly tenantId?: string;
    readonly clientId?: string;
    readonly clientSecret?: string;
    readonly certificatePath?: string;
  };
  readonly databaseUrl: string;
  readonly approverGroupId?: string;
  readonly adminGroupId?: string;
  readonly partnerDomains: readonly string[];
  readonly partnerTenantIds: readonly string[];
  readonly localTenant: {
    readonly enabled: boolean;
    readonly port: number;
    readonly seedPath: string;
    /** The application permissions the SIMULATED tenant grants the bot (its tokens' roles claim); all when absent. */
    readonly appPermissions?: readonly string[];
  };
  readonly logLevel: string;
  /** On SIGTERM: how long in-flight turns, then background work, may take before the process stops anyway. */
  readonly shutdownGraceMs: number;
  /** An admin's replacement for the shipped Security Copilot plugin matrix (JSON), validated at start-up. */
  readonly pluginMatrixPath?: string;
  readonly requests: {
    /** Longest access a request may ask for, in days. */
    readonly maxDurationDays: number;
    readonly allowUntilRevoked: boolean;
    /** Assign roles through PIM (time-bound schedules; needs Entra ID P2) instead of directly. */
    readonly pimEnabled: boolean;
    /** Optional security group every partner guest is added to. */
    readonly partnerGroupId?: string;
    /** Where approval cards go: the approvals channel, each approver's personal chat, or both. */
    readonly approvalDelivery: 'channel' | 'personal' | 'both';
    /**
     * How long an instance holds a request while provisioning it. If the instance dies, another (or the restarted
     * one) takes the work over after this long; it is also how often unfinished work is looked for.
     */
    readonly provisioningLeaseMs: number;
    /** How long a step waits, in all, for a just-invited guest to replicate before that person fails. */
    readonly replicationWaitMs: number;
  };
  /** Per-person turn limits, per minute (0 = off); shared through PostgreSQL when several instances run. */
  readonly rateLimits: {
    readonly turnsPerWindow: number;
    readonly graphTurnsPerWindow: number;
    readonly windowSeconds: number;
  };
  /** The partner-side deployment (in the MSSP's tenant): `gdap new`, `gdap list`, `gdap terminate`. */
  readonly gdap: { readonly partner: boolean };
  readonly lifecycle: {
    /** What happens to a guest the bot invited when their last grant ends. */
    readonly offboarding: 'keep' | 'block' | 'delete';
    readonly reminderDays: readonly number[];
    readonly driftIntervalMs: number;
    /** 86,400,000, or shorter in a local demo (LOCAL_DAY_SECONDS) so reminders and expiry can be watched live. */
    readonly dayMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}\n(see .env.example)`);
    this.name = 'ConfigError';
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
export const isLoopback = (host: string): boolean => LOOPBACK.test(host);

/**
 * What in a local-mode environment could reach a real tenant. The client id counts although it is not a secret:
 * with a tenant id it is all a workload or managed identity needs, and the local tenant never wants one.
 */
function realTenantSettings(e: z.infer<typeof schema>): string[] {
  const credentials = (['GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET', 'GRAPH_CERTIFICATE_PATH'] as const).filter(
    (k) => e[k],
  );
  const found =
    credentials.length > 0 ? [`${credentials.join(', ')} ${credentials.length > 1 ? 'are' : 'is'} set`] : [];
  const host = e.GRAPH_BASE_URL ? hostOf(e.GRAPH_BASE_URL) : '127.0.0.1';
  if (!isLoopback(host)) found.push(`GRAPH_BASE_URL ${e.GRAPH_BASE_URL} is not on this machine`);
  return found;
}

/**
 * Replacing the keys or the issuer Bot Framework tokens are checked against decides who may call the bot: fine on
 * a local run, but with a real tenant or an exposed HOST it must be confirmed with ALLOW_CUSTOM_BOT_AUTH=true.
 */
function tokenValidationProblems(e: z.infer<typeof schema>, localTenant: boolean): string[] {
  const set = (['BOT_OPENID_METADATA_URL', 'BOT_TOKEN_ISSUER'] as const).filter((k) => e[k]);
  if (set.length === 0) return [];
  const names = set.join(' and ');
  if (!e.BOT_ID) return [`${names} ${set.length > 1 ? 'apply' : 'applies'} only when BOT_ID is set`];
  if ((localTenant && isLoopback(e.HOST)) || e.ALLOW_CUSTOM_BOT_AUTH) return [];
  return [
    `${names} replace how Bot Framework tokens are checked; with a real tenant or a HOST beyond loopback, set ALLOW_CUSTOM_BOT_AUTH=true to confirm`,
  ];
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return url;
  }
}

/** Parses an environment (process.env or a test's object) into a frozen Config, or throws ConfigError. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((i) =>
        `${i.path.join('.')} ${i.message}`.replace(/Invalid option: expected one of/, 'must be one of'),
      );
  if (!parsed.success) throw new ConfigError(problems);
  const e = parsed.data;

  const hasGraphCredentials = Boolean(e.GRAPH_CLIENT_ID && (e.GRAPH_CLIENT_SECRET || e.GRAPH_CERTIFICATE_PATH));
  const localTenant = e.LOCAL_TENANT ?? !hasGraphCredentials;

  if (e.BOT_ID && !e.BOT_PASSWORD && e.BOT_TYPE !== 'UserAssignedMSI')
    problems.push('BOT_PASSWORD is required when BOT_ID is set');
  if (e.BOT_PASSWORD && !e.BOT_ID) problems.push('BOT_ID is required when BOT_PASSWORD is set');
  if (e.BOT_TYPE === 'SingleTenant' && !e.BOT_TENANT_ID)
    problems.push('BOT_TENANT_ID is required when BOT_TYPE is SingleTenant');
  if (!e.BOT_ID && !isLoopback(e.HOST) && !e.ALLOW_UNAUTHENTICATED)
    problems.push(
      `HOST ${e.HOST} is not loopback and BOT_ID is not set: without BOT_ID nothing authenticates callers; set BOT_ID, bind to 127.0.0.1, or set ALLOW_UNAUTHENTICATED=true`,
    );
  problems.push(...tokenValidationProblems(e, localTenant));
  if (e.GRAPH_CLIENT_SECRET && e.GRAPH_CERTIFICATE_PATH)
    problems.push('set GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH, not both');
  if (e.GRAPH_CERTIFICATE_PATH && !existsSync(e.GRAPH_CERTIFICATE_PATH))
    problems.push(`GRAPH_CERTIFICATE_PATH ${e.GRAPH_CERTIFICATE_PATH} does not exist`);
  if (!localTenant) {
    if (!e.GRAPH_TENANT_ID) problems.push('GRAPH_TENANT_ID is required unless LOCAL_TENANT=true');
    if (!e.GRAPH_CLIENT_ID) problems.push('GRAPH_CLIENT_ID is required unless LOCAL_TENANT=true');
    if (!e.GRAPH_CLIENT_SECRET && !e.GRAPH_CERTIFICATE_PATH)
      problems.push('GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH is required unless LOCAL_TENANT=true');
    if (!e.APPROVER_GROUP_ID) problems.push('APPROVER_GROUP_ID is required unless LOCAL_TENANT=true');
    if (!e.ADMIN_GROUP_ID) problems.push('ADMIN_GROUP_ID is required unless LOCAL_TENANT=true');
  } else {
    if (!existsSync(e.LOCAL_TENANT_SEED)) problems.push(`LOCAL_TENANT_SEED ${e.LOCAL_TENANT_SEED} does not exist`);
    const touchesReal = realTenantSettings(e);
    if (touchesReal.length > 0)
      problems.push(
        `LOCAL_TENANT is on (a SIMULATED tenant) but ${touchesReal.join('; ')}: a simulated run never touches a real tenant. Remove them, or set LOCAL_TENANT=false to manage a real tenant`,
      );
  }
  if (e.LOCAL_TENANT_APP_PERMISSIONS !== undefined && !localTenant)
    problems.push(
      'LOCAL_TENANT_APP_PERMISSIONS sets what the SIMULATED tenant grants and is refused with a real tenant',
    );
  if (e.LOCAL_DAY_SECONDS && !localTenant)
    problems.push('LOCAL_DAY_SECONDS shortens days for a local demo and is refused with a real tenant');
  if (e.PLUGIN_MATRIX_PATH && !existsSync(e.PLUGIN_MATRIX_PATH))
    problems.push(`PLUGIN_MATRIX_PATH ${e.PLUGIN_MATRIX_PATH} does not exist`);
  if (problems.length > 0) throw new ConfigError(problems);

  return deepFreeze({
    port: e.PORT,
    host: e.HOST,
    allowUnauthenticated: e.ALLOW_UNAUTHENTICATED ?? false,
    bot: {
      appId: e.BOT_ID,
      appPassword: e.BOT_PASSWORD,
      tenantId: e.BOT_TENANT_ID,
      appType: e.BOT_TYPE ?? (e.BOT_TENANT_ID ? 'SingleTenant' : 'MultiTenant'),
      authDisabled: !e.BOT_ID,
      ...(e.BOT_OPENID_METADATA_URL || e.BOT_TOKEN_ISSUER
        ? { tokenValidation: { openIdMetadataUrl: e.BOT_OPENID_METADATA_URL, issuer: e.BOT_TOKEN_ISSUER } }
        : {}),
    },
    tenantDisplayName: e.TENANT_DISPLAY_NAME,
    graph: {
      baseUrlSet: Boolean(e.GRAPH_BASE_URL),
      baseUrl: (
        e.GRAPH_BASE_URL ?? (localTenant ? `http://127.0.0.1:${e.LOCAL_TENANT_PORT}/v1.0` : REAL_GRAPH_BASE_URL)
      ).replace(/\/+$/, ''),
      tenantId: e.GRAPH_TENANT_ID,
      clientId: e.GRAPH_CLIENT_ID,
      clientSecret: e.GRAPH_CLIENT_SECRET,
      certificatePath: e.GRAPH_CERTIFICATE_PATH,
    },
    databaseUrl: e.DATABASE_URL,
    approverGroupId: e.APPROVER_GROUP_ID,
    adminGroupId: e.ADMIN_GROUP_ID,
    partnerDomains: e.PARTNER_DOMAINS,
    partnerTenantIds: e.PARTNER_TENANT_IDS,
    localTenant: {
      enabled: localTenant,
      port: e.LOCAL_TENANT_PORT,
      seedPath: e.LOCAL_TENANT_SEED,
      appPermissions: e.LOCAL_TENANT_APP_PERMISSIONS?.split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    },
    logLevel: e.LOG_LEVEL ?? 'info',
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    pluginMatrixPath: e.PLUGIN_MATRIX_PATH,
    requests: {
      maxDurationDays: e.REQUEST_MAX_DAYS,
      allowUntilRevoked: e.ALLOW_UNTIL_REVOKED ?? false,
      pimEnabled: e.PIM_ENABLED ?? false,
      partnerGroupId: e.PARTNER_GROUP_ID,
      approvalDelivery: e.APPROVAL_DELIVERY ?? 'both',
      provisioningLeaseMs: e.PROVISIONING_LEASE_SECONDS * 1000,
      replicationWaitMs: e.REPLICATION_WAIT_SECONDS * 1000,
    },
    rateLimits: {
      turnsPerWindow: e.RATE_LIMIT_TURNS_PER_MINUTE,
      graphTurnsPerWindow: e.RATE_LIMIT_GRAPH_TURNS_PER_MINUTE,
      windowSeconds: 60,
    },
    gdap: { partner: e.GDAP_PARTNER ?? false },
    lifecycle: {
      offboarding: e.OFFBOARDING ?? 'block',
      reminderDays: e.REMINDER_DAYS,
      driftIntervalMs: e.DRIFT_CHECK_MINUTES * 60_000,
      dayMs: e.LOCAL_DAY_SECONDS ? Number(e.LOCAL_DAY_SECONDS) * 1000 : 86_400_000,
    },
  });
}

/** Reads ./.env (when present) and process.env. The only reader of process.env in the code base. */
export function loadConfig(overrides: Record<string, string | undefined> = {}): Config {
  if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
  return parseConfig({ ...process.env, ...overrides });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** For entry points: the config, or the list of problems on stderr and exit code 2. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

/** The environment for a child process the dev launcher starts (the Playground): ours plus `extra`. */
export function childProcessEnv(extra: Record<string, string>): Record<string, string | undefined> {
  return { ...process.env, ...extra };
}
