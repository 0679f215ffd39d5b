import type { B2bOperations } from '../graph/b2b-operations';
import type { GraphRequestError } from '../graph/graph-error';
import type { BotBlock } from '../lifecycle/blocked-by-bot';
import type { AccessRequest } from '../requests/types';
import type { AuditLog, RequestStore, SagaStore } from '../storage/request-types';

/** The steps for one person, in the order they run. */
export type ProvisioningStep = 'find-or-invite' | 'names' | 'role' | 'group';

export interface ProvisionedPerson {
  readonly email: string;
  readonly userId: string;
  readonly displayName: string;
  /** false = an existing user was re-used. */
  readonly invited: boolean;
  readonly inviteRedeemUrl?: string;
  readonly roleAssignmentId?: string;
  /** The bot enabled the account again: its own offboarding had blocked it when earlier access ended. */
  readonly reenabled?: boolean;
}

/** What the bot is told as provisioning goes; a failing listener is logged, never fails provisioning. */
export interface ProvisioningEvents {
  /** After each person; request.progress = {done,total}. */
  progress(request: AccessRequest): Promise<void>;
  completed(request: AccessRequest, people: ProvisionedPerson[]): Promise<void>;
  /** request.failure = {message, reference, step, people?, granted?}; `granted` = who has access all the same. */
  failed(request: AccessRequest, granted?: ProvisionedPerson[]): Promise<void>;
}

export interface SagaLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ProvisioningSagaDeps {
  readonly requests: RequestStore;
  readonly saga: SagaStore;
  readonly audit: AuditLog;
  readonly b2b: B2bOperations;
  readonly clock: () => Date;
  /** This instance's id: the lease owner. */
  readonly owner: string;
  /** How long a lease lasts before another instance may take the work over; default 5 minutes. */
  readonly leaseMs?: number;
  readonly pimEnabled: boolean;
  /** Whether a domain belongs to an allow-listed partner: an existing account is re-used only at one. */
  readonly partnerDomain: (domain: string) => Promise<boolean>;
  /** Security group every guest joins, when set. */
  readonly groupId?: string;
  readonly tenantId: string;
  readonly events: ProvisioningEvents;
  /**
   * Records the access just granted (grant, expiry, reminders) for one person, right after their role step and
   * before anything else runs: if it throws, the request stays 'provisioning' and a resume calls it again (as it
   * does for every person whose role is done), so it must be idempotent.
   */
  readonly onGranted?: (request: AccessRequest, people: ProvisionedPerson[]) => Promise<void>;
  /**
   * Whether the bot's own offboarding blocked this account when earlier access ended (lifecycle/blocked-by-bot.ts):
   * only then is a blocked guest enabled again. Without it, every blocked account is refused.
   */
  readonly findBotBlock?: (userId: string) => Promise<BotBlock | undefined>;
  readonly logger?: SagaLogger;
  /** Extra attempts of a step that failed transiently after the Graph SDK's own retries; default 2. */
  readonly transientRetries?: number;
  /** Wait before the first extra attempt, doubled after; default 2000 ms. */
  readonly retryDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** How long a step waits, in all, for a just-invited guest to replicate before it fails; default 3 minutes. */
  readonly replicationWaitMs?: number;
}

/** A step that failed for good (a permanent Graph answer, or a transient one that outlasted the retries). */
export class StepFailure extends Error {
  constructor(
    readonly step: ProvisioningStep,
    readonly email: string,
    readonly error: GraphRequestError,
  ) {
    super(`Provisioning step '${step}' failed for ${email}: ${error.message}`, { cause: error });
    this.name = 'StepFailure';
  }
}

export const SYSTEM_ACTOR = { actorId: 'system', actorName: 'Provisioning' } as const;
