import { z } from 'zod';
import { knownApplicationPermission } from './permissions';

/**
 * Behaviours of a real Microsoft Entra tenant that a test switches on when it needs them. Each is off by default
 * unless it is always true of Graph: paging (with Graph's own default page sizes) and strict bodies are always on.
 * Throttling lives in the fault injector (faults.ts), not here.
 */
export const modesSchema = z.strictObject({
  replicationLag: z
    .strictObject({
      enabled: z.boolean(),
      /** How long a just-invited user stays invisible to writes that reference it. */
      ms: z.number().int().min(0).optional(),
      /** PIM replicates separately and more slowly (tens of seconds, up to 1–2 minutes). */
      pimMs: z.number().int().min(0).optional(),
    })
    .optional(),
  paging: z
    .strictObject({
      /** The largest page the server hands out, whatever $top asks (absent: Graph's documented defaults). */
      maxPageSize: z.number().int().min(1).max(999).optional(),
    })
    .optional(),
  /** Undeclared, read-only or immutable properties in a write body answer 400, as Graph does. */
  strictBodies: z.boolean().optional(),
  /**
   * A refusing PIM policy: while on, the role's expiration rule allows at most `maxDurationDays` from a schedule
   * request's start, in place of the seed's, so a longer adminAssign/adminUpdate/adminExtend answers 400
   * RoleAssignmentRequestPolicyValidationFailed naming ExpirationRule, as Graph does (the maximumDuration of
   * unifiedRoleManagementPolicyExpirationRule, Microsoft Learn).
   */
  pimPolicy: z
    .strictObject({ enabled: z.boolean(), maxDurationDays: z.number().int().positive().optional() })
    .optional(),
  appTokens: z
    .strictObject({
      enabled: z.boolean(),
      /** The application permissions the tenant admin consented to; replaces the seed's list while on. */
      grantedPermissions: z
        .array(z.string().refine(knownApplicationPermission, 'is not an application permission this tenant knows'))
        .optional(),
      clientId: z.guid().optional(),
      clientSecret: z.string().min(8).optional(),
    })
    .optional(),
});

export type ModeOptions = z.input<typeof modesSchema>;

export const DEFAULT_LAG_MS = 30_000;
export const DEFAULT_PIM_LAG_MS = 120_000;
export const DEFAULT_PIM_POLICY_MAX_DAYS = 30;
/** The simulated app registration of the bot; only the local tenant accepts it. */
export const DEFAULT_CLIENT_ID = '7d3c4b1e-2f5a-4c6d-8e9f-0a1b2c3d4e5f';
export const DEFAULT_CLIENT_SECRET = 'local-tenant-simulated-secret';

export interface ModeState {
  readonly replicationLag: { readonly enabled: boolean; readonly ms: number; readonly pimMs: number };
  readonly paging: { readonly maxPageSize: number | undefined };
  readonly strictBodies: boolean;
  readonly pimPolicy: { readonly enabled: boolean; readonly maxDurationDays: number };
  readonly appTokens: {
    readonly enabled: boolean;
    readonly grantedPermissions: readonly string[] | undefined;
    readonly clientId: string;
    readonly clientSecret: string;
  };
}

const OFF: ModeState = {
  replicationLag: { enabled: false, ms: DEFAULT_LAG_MS, pimMs: DEFAULT_PIM_LAG_MS },
  paging: { maxPageSize: undefined },
  strictBodies: true,
  pimPolicy: { enabled: false, maxDurationDays: DEFAULT_PIM_POLICY_MAX_DAYS },
  appTokens: {
    enabled: false,
    grantedPermissions: undefined,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
  },
};

/** The current modes; `set` merges a partial change, `reset` goes back to what the tenant was started with. */
export class TenantModes {
  private current: ModeState = OFF;

  constructor(private readonly initial: ModeOptions = {}) {
    this.reset();
  }

  get(): ModeState {
    return this.current;
  }

  set(change: ModeOptions): void {
    const parsed = modesSchema.parse(change);
    const c = this.current;
    this.current = {
      replicationLag: { ...c.replicationLag, ...strip(parsed.replicationLag) },
      paging: parsed.paging ? { maxPageSize: parsed.paging.maxPageSize } : c.paging,
      strictBodies: parsed.strictBodies ?? c.strictBodies,
      pimPolicy: { ...c.pimPolicy, ...strip(parsed.pimPolicy) },
      appTokens: { ...c.appTokens, ...strip(parsed.appTokens) },
    };
  }

  reset(): void {
    this.current = OFF;
    this.set(this.initial);
  }
}

function strip<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
