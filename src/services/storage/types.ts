import type { GdapRequestStore } from './gdap-types';
import type { GrantStore, JobStore } from './lifecycle-types';
import type { AuditLog, CardPostStore, RequestStore, SagaStore, SettingsStore } from './request-types';

export type * from './request-types';
export type * from './lifecycle-types';

/**
 * Storage as the rest of the code sees it: asynchronous, so SQLite (one process) and PostgreSQL (several instances)
 * satisfy the same contract. Every change to shared state is a compare-and-set on a version (an eTag here); nothing
 * reads a row, changes it in memory and writes it back blindly.
 */

export interface StoredState {
  readonly value: unknown;
  /** Opaque version; pass it back to write() to change the row only if nobody else did meanwhile. */
  readonly etag: string;
}

export interface StateStore {
  read(keys: readonly string[]): Promise<Map<string, StoredState>>;
  /**
   * Writes `value` under `key`. With `expectedEtag` undefined or '*', the write is unconditional (last writer wins,
   * as Bot Framework state expects for new items); otherwise it succeeds only when the stored eTag still matches,
   * and throws ConcurrencyError when it does not. Returns the new eTag.
   */
  write(key: string, value: unknown, expectedEtag?: string): Promise<string>;
  delete(keys: readonly string[]): Promise<void>;
}

export interface ConversationRecord {
  /** Who or where the reference reaches: `user:<aadObjectId>` for a personal chat, `conversation:<id>` otherwise. */
  readonly key: string;
  readonly aadObjectId?: string;
  readonly conversationId: string;
  readonly conversationType: string;
  readonly tenantId?: string;
  /** The person's email or UPN, lower-cased, when the channel told us; kept when a later save does not know it. */
  readonly email?: string;
  /** The Bot Framework ConversationReference as plain JSON. */
  readonly reference: Record<string, unknown>;
  readonly updatedAt: string;
}

export interface ConversationStore {
  save(record: Omit<ConversationRecord, 'updatedAt'>): Promise<void>;
  get(key: string): Promise<ConversationRecord | undefined>;
  /**
   * The most recent personal chat in this tenant with the person who has this email address. The tenant is required:
   * an address is only believable from the organisation that owns its domain (see PersonIdentity).
   */
  findByEmail(email: string, tenantId: string): Promise<ConversationRecord | undefined>;
}

export interface Database {
  readonly kind: 'sqlite' | 'postgres';
  readonly state: StateStore;
  readonly conversations: ConversationStore;
  readonly requests: RequestStore;
  readonly saga: SagaStore;
  readonly cardPosts: CardPostStore;
  readonly audit: AuditLog;
  readonly settings: SettingsStore;
  /** Each person's access from each request: expiry, reminders, revocation. */
  readonly grants: GrantStore;
  /** Scheduled work (expiry, reminders, drift checks), claimed exactly once across instances. */
  readonly jobs: JobStore;
  /** Partner-side GDAP requests and how far their saga got. */
  readonly gdap: GdapRequestStore;
  /** Resolves when the database answers; used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class ConcurrencyError extends Error {
  constructor(readonly key: string) {
    super(`StateStore.write(): '${key}' was changed by someone else (eTag mismatch)`);
    this.name = 'ConcurrencyError';
  }
}
