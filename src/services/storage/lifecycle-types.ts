import type { RoleKey } from '../requests/types';

/** Where a grant is in its life: `revoking` while the revocation saga runs, `failed` when it stopped on an error. */
export type GrantStatus = 'active' | 'revoking' | 'revoked' | 'failed';

export interface GrantActor {
  readonly id: string;
  readonly name: string;
}

/**
 * One person's access from one request: the unit that expires, is reminded about, extended and revoked. Every
 * change is a compare-and-set on `version`.
 */
export interface Grant {
  /** `${requestId}:${email}` */
  readonly id: string;
  readonly requestId: string;
  /** Lower-cased. */
  readonly email: string;
  readonly userId: string;
  readonly displayName: string;
  readonly role: RoleKey;
  readonly roleDefinitionId: string;
  /** The role assignment (direct) or assignment schedule (PIM) id, when Graph told us. */
  readonly assignmentId?: string;
  readonly pim: boolean;
  /** false when provisioning re-used a user who was already in the tenant: such a user is never blocked or deleted. */
  readonly invited: boolean;
  readonly grantedAt: string;
  /** undefined = until revoked. */
  readonly expiresAt?: string;
  readonly status: GrantStatus;
  readonly version: number;
  readonly revokedAt?: string;
  readonly revokeReason?: string;
  readonly revokedBy?: GrantActor;
  /** Why the revocation stopped; `retryable` when Graph failed transiently (the expiry job tries again by itself). */
  readonly failure?: { readonly message: string; readonly reference: string; readonly retryable?: boolean };
  /** Days-before-expiry whose reminder was already sent for the current expiresAt. */
  readonly remindersSent: readonly number[];
  /** Who is running the revocation and until when; another instance takes over only after `until`. */
  readonly lease?: { readonly owner: string; readonly until: string };
}

export type GrantChange = Omit<Grant, 'id' | 'version'>;

export interface GrantStore {
  /** Stores the grant (version 1) when its id is new; an existing grant is returned untouched. */
  upsert(grant: Omit<Grant, 'version'>): Promise<Grant>;
  get(id: string): Promise<Grant | undefined>;
  listByEmail(email: string): Promise<Grant[]>;
  listByUser(userId: string): Promise<Grant[]>;
  listByRequest(requestId: string): Promise<Grant[]>;
  listActive(limit?: number): Promise<Grant[]>;
  /**
   * Active grants whose expiresAt is at or before `now`, and grants left `revoking` (a revocation that a crash or
   * a lost lease interrupted), whatever their expiry: everything the expiry catch-up must finish.
   */
  listDueForExpiry(now: Date, limit?: number): Promise<Grant[]>;
  /** Compare-and-set: replaces the grant only while its version is `expectedVersion`; undefined when it was not. */
  update(id: string, expectedVersion: number, next: GrantChange): Promise<Grant | undefined>;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly runAt: string;
  readonly payload: Record<string, unknown>;
  readonly status: JobStatus;
  readonly leaseOwner?: string;
  readonly leaseUntil?: string;
  /** Claims so far, the current one included. */
  readonly attempts: number;
  readonly lastError?: string;
  readonly dedupeKey: string;
}

export interface JobSpec {
  readonly kind: string;
  readonly runAt: Date | string;
  readonly payload: Record<string, unknown>;
  readonly dedupeKey: string;
  /** Put a job that is done or failed back to pending (attempts from zero); by default it is left as it is. */
  readonly rearm?: boolean;
}

export interface JobStore {
  /**
   * Idempotent on dedupeKey: a new key is inserted as pending; a pending job with the key gets the new runAt and
   * payload; a running one is left alone, and so is a done or failed one unless `rearm`. Returns the stored job.
   */
  schedule(spec: JobSpec): Promise<Job>;
  /**
   * Atomically takes up to `limit` jobs due at `now` (pending, or running with a lease that ran out) for `owner`,
   * until now + leaseMs; each claim counts an attempt. Two owners claiming at once never get the same job.
   */
  claimDue(owner: string, now: Date, leaseMs: number, limit: number): Promise<Job[]>;
  /** Marks the job done, or, with `nextRunAt`, pending again at that time (a recurring job); only for its owner. */
  complete(id: string, owner: string, nextRunAt?: Date): Promise<boolean>;
  /** With `retryAt`, pending again at that time; without, failed for good. Only for the owner of the lease. */
  fail(id: string, owner: string, error: string, retryAt?: Date): Promise<boolean>;
  /** Removes a pending job; a running, done or failed one stays. */
  cancel(dedupeKey: string): Promise<boolean>;
  get(dedupeKey: string): Promise<Job | undefined>;
  list(filter?: { readonly kind?: string; readonly status?: JobStatus }): Promise<Job[]>;
}

/** ISO timestamps in one form (toISOString), so both engines compare and return them alike. */
export const iso = (value: Date | string): string => new Date(value).toISOString();

/** The grant with its timestamps in toISOString form and its email lower-cased. */
export function normalizeGrant<T extends Omit<Grant, 'id' | 'version'>>(g: T): T {
  return {
    ...g,
    email: g.email.toLowerCase(),
    grantedAt: iso(g.grantedAt),
    ...(g.expiresAt !== undefined ? { expiresAt: iso(g.expiresAt) } : {}),
    ...(g.revokedAt !== undefined ? { revokedAt: iso(g.revokedAt) } : {}),
  };
}
