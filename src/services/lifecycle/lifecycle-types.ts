import type { Client } from '@microsoft/microsoft-graph-client';
import type { AccessRequest } from '../requests/types';
import type { Database, Grant, GrantActor, Job } from '../storage/types';
import type { LifecycleConfig } from './lifecycle-config';

export type { Grant, GrantActor } from '../storage/types';

export interface LifecycleLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: LifecycleLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Who the bot acts as when nobody clicked anything (expiry, drift checks). */
export const SYSTEM_ACTOR: GrantActor = { id: 'system', name: 'Copilot Partner Access' };
export const EXPIRY_REASON = 'expired';

export type DriftKind = 'guest-missing' | 'role-missing' | 'guest-blocked';

export interface DriftFinding {
  readonly grantId: string;
  readonly email: string;
  readonly kind: DriftKind;
  /** A sentence an admin can act on. */
  readonly detail: string;
}

export interface DriftReport {
  readonly checkedAt: string;
  /** Active grants looked at. */
  readonly checked: number;
  readonly findings: readonly DriftFinding[];
  /** Grants that could not be checked this time (Graph failed), with why. */
  readonly unchecked: ReadonlyArray<{ readonly grantId: string; readonly message: string }>;
}

/** What the bot implements to tell people about lifecycle events; the services never speak Bot Framework. */
export interface LifecycleNotifications {
  /** Reminds the partner person (and the requester) that access ends in `daysLeft` days; true when someone was reached. */
  reminder(grant: Grant, request: AccessRequest | undefined, daysLeft: number): Promise<boolean>;
  revoked(grant: Grant, request: AccessRequest | undefined, reason: string, by: GrantActor): Promise<void>;
  /** grant.failure = {message, reference}; the admin can retry with revoke(). */
  revocationFailed(grant: Grant): Promise<void>;
  /** Called only when the report has findings. */
  drift(report: DriftReport): Promise<void>;
}

export interface LifecycleDeps {
  /** A Database has them all: pass it as is. */
  readonly stores: Pick<Database, 'grants' | 'jobs' | 'requests' | 'saga' | 'audit'>;
  /** The Graph client (app identity) of the customer tenant. */
  readonly graph: Client;
  readonly clock: () => Date;
  /** This instance's id: the owner of revocation leases. */
  readonly owner: string;
  readonly config: LifecycleConfig;
  readonly notifications: LifecycleNotifications;
  readonly logger?: LifecycleLogger;
  /** How long one instance may work on a revocation before another may take over; default 5 minutes. */
  readonly leaseMs?: number;
}

export interface RevokeOptions {
  /** e.g. 'expired', 'revoked by an admin', the admin's own words. */
  readonly reason: string;
  readonly by: GrantActor;
}

export type RevokeOutcome =
  | { readonly outcome: 'revoked'; readonly grant: Grant }
  | { readonly outcome: 'already-revoked'; readonly grant: Grant }
  /** Another instance holds the revocation lease. */
  | { readonly outcome: 'in-progress'; readonly grant: Grant }
  /** grant.failure says why; `retryable` when Graph failed transiently. */
  | { readonly outcome: 'failed'; readonly grant: Grant; readonly retryable: boolean }
  | { readonly outcome: 'not-found'; readonly grantId: string };

export interface ExtendResult {
  readonly extended: readonly Grant[];
  readonly failed: ReadonlyArray<{ readonly grant: Grant; readonly message: string; readonly reference: string }>;
}

export type ReminderOutcome =
  | { readonly sent: true; readonly reached: boolean; readonly daysLeft: number }
  | { readonly sent: false; readonly why: 'not-found' | 'not-active' | 'stale' | 'already-sent' | 'too-late' };

/** A job handler; returning `nextRunAt` puts the same job back to pending at that time (a recurring job). */
export type JobHandler = (job: Job) => Promise<void | { readonly nextRunAt: Date }>;

export const JOB_KINDS = {
  expire: 'grant.expire',
  remind: 'grant.remind',
  drift: 'drift.check',
} as const;
