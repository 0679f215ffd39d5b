import type { AccessRequest, RequestStatus } from '../requests/types';
import type { RequestStore } from '../storage/request-types';

/** Someone else moved the request to another status; the saga must stop rather than overwrite it. */
export class StatusChanged extends Error {
  constructor(
    readonly request: AccessRequest,
    readonly expected: RequestStatus,
  ) {
    super(`Request ${request.id} is '${request.status}', not '${expected}' as the provisioning saga expected`);
    this.name = 'StatusChanged';
  }
}

const MAX_CONFLICTS = 5;

/**
 * Compare-and-set with re-apply: `change` is applied to the stored request while it is still in `expected`
 * status; on a version conflict the request is read again and the change applied to the fresh copy. A status
 * someone else set is never overwritten: that throws StatusChanged.
 */
export async function updateRequest(
  store: RequestStore,
  clock: () => Date,
  current: AccessRequest,
  expected: RequestStatus,
  change: (r: AccessRequest) => AccessRequest,
): Promise<AccessRequest> {
  let base = current;
  for (let conflicts = 0; conflicts < MAX_CONFLICTS; conflicts += 1) {
    if (base.status !== expected) throw new StatusChanged(base, expected);
    const { id: _id, version: _version, ...next } = change(base);
    const saved = await store.update(base.id, base.version, { ...next, updatedAt: clock().toISOString() });
    if (saved) return saved;
    const fresh = await store.get(base.id);
    if (!fresh) throw new Error(`updateRequest(): request ${base.id} disappeared`);
    base = fresh;
  }
  throw new Error(`updateRequest(): request ${base.id} kept changing under the saga (${MAX_CONFLICTS} conflicts)`);
}
