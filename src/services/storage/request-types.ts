import type { AccessRequest, RequestStatus } from '../requests/types';

export interface RequestStore {
  /** Stores a new request (version 1). Fails if the id exists. */
  create(request: AccessRequest): Promise<void>;
  get(id: string): Promise<AccessRequest | undefined>;
  /**
   * Compare-and-set: replaces the request only if its stored version is still `expectedVersion`, bumping the
   * version. Returns the stored result, or undefined when someone else changed it first.
   */
  update(
    id: string,
    expectedVersion: number,
    next: Omit<AccessRequest, 'id' | 'version'>,
  ): Promise<AccessRequest | undefined>;
  listByRequester(aadObjectId: string, limit?: number): Promise<AccessRequest[]>;
  listByStatus(statuses: readonly RequestStatus[], limit?: number): Promise<AccessRequest[]>;
  /**
   * Takes the work lease on a request for `owner` until `until` when nobody holds an unexpired lease (or `owner`
   * already does). The provisioning saga runs only under a lease, so two instances never run it at once.
   */
  claim(id: string, owner: string, until: Date, now: Date): Promise<boolean>;
  release(id: string, owner: string): Promise<void>;
}

export type SagaStepState = 'started' | 'done' | 'failed';

export interface SagaStepRecord {
  readonly requestId: string;
  /** Which unit of work: a person's email, or '*' for the request as a whole. */
  readonly item: string;
  readonly step: string;
  readonly state: SagaStepState;
  readonly attempt: number;
  readonly result?: Record<string, unknown>;
  readonly updatedAt: string;
}

export interface SagaStore {
  list(requestId: string): Promise<SagaStepRecord[]>;
  /** Records a step's state (before and after it runs); `attempt` counts starts. */
  record(step: Omit<SagaStepRecord, 'updatedAt' | 'attempt'>): Promise<SagaStepRecord>;
}

export interface CardPost {
  readonly requestId: string;
  /** Where the card was posted: a conversation record key (see ConversationStore). */
  readonly conversationKey: string;
  readonly activityId: string;
  readonly audience: 'approvers' | 'requester';
  readonly reference: Record<string, unknown>;
}

export interface CardPostStore {
  /**
   * Records the copy of a card posted in a conversation. There is one copy per request per conversation: a newer
   * post replaces the stored one, which is returned (when it is another message) so the caller can remove it.
   */
  add(post: CardPost): Promise<CardPost | undefined>;
  list(requestId: string): Promise<CardPost[]>;
}

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actorId: string;
  readonly actorName: string;
  /** e.g. request.created, request.approved, provisioning.step, access.refused */
  readonly action: string;
  /** What it is about: a request id, a user id, a setting key. */
  readonly subject: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly detail?: Record<string, unknown>;
}

/** Append-only: the database itself refuses to change or delete an entry. */
export interface AuditLog {
  append(entry: Omit<AuditEntry, 'seq' | 'at'> & { readonly at?: string }): Promise<AuditEntry>;
  list(filter?: {
    readonly subject?: string;
    readonly action?: string;
    readonly limit?: number;
  }): Promise<AuditEntry[]>;
}

export interface SettingsStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}
