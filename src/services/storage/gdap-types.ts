import type { GdapRequest, GdapRequestStatus } from '../gdap/gdap-types';

/**
 * Where partner-side GDAP requests live. Same contract as RequestStore: compare-and-set on `version`, and a work
 * lease so that two instances never advance the same request at once.
 */
export interface GdapRequestStore {
  /** Stores a new request (version 1). Fails if the id exists. */
  create(request: GdapRequest): Promise<void>;
  get(id: string): Promise<GdapRequest | undefined>;
  /** Replaces the request only if its stored version is still `expectedVersion`; undefined when someone was first. */
  update(
    id: string,
    expectedVersion: number,
    next: Omit<GdapRequest, 'id' | 'version'>,
  ): Promise<GdapRequest | undefined>;
  /** Oldest first. */
  listByStatus(statuses: readonly GdapRequestStatus[], limit?: number): Promise<GdapRequest[]>;
  /** Takes the lease for `owner` until `until` when nobody holds an unexpired one (or `owner` already does). */
  claim(id: string, owner: string, until: Date, now: Date): Promise<boolean>;
  release(id: string, owner: string): Promise<void>;
}

/** The `data` column: everything but id and version, which have their own columns. */
export function gdapData(r: Omit<GdapRequest, 'id' | 'version'> & { id?: string; version?: number }): string {
  const { id: _id, version: _version, ...data } = r;
  return JSON.stringify(data);
}
