import { randomUUID } from 'node:crypto';
import { GraphRequestError } from '../graph/graph-error';
import type { Grant, GrantActor, GrantChange } from '../storage/types';
import { asChange, updateGrant } from './grant-updater';
import type { LifecycleGraph } from './lifecycle-graph';
import type { LifecycleDeps } from './lifecycle-types';

type ClaimDeps = Pick<LifecycleDeps, 'stores' | 'clock' | 'owner' | 'leaseMs'> & { readonly graph: LifecycleGraph };

const DEFAULT_LEASE_MS = 5 * 60_000;

/** The grant cannot be extended (any more): it is revoked, being revoked, or being extended by someone else. */
export class NotExtended extends Error {}

export const withoutLease = (g: Grant): GrantChange => {
  const { lease: _lease, ...rest } = asChange(g);
  return rest;
};

/**
 * Takes the grant's lease, the claim a revocation takes, before an extension touches Graph: only an active grant
 * nobody holds can be claimed. A revocation never waits for it (ending access must not be held up); it takes the
 * grant over, and the extension finds that out when it tries to apply its new end.
 */
export async function claimForExtension(deps: ClaimDeps, grant: Grant) {
  const now = deps.clock();
  const holder = `${deps.owner}#extend#${randomUUID()}`;
  const until = new Date(now.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
  const taken = await updateGrant(deps.stores.grants, grant, (g) =>
    g.status === 'active' && !(g.lease && Date.parse(g.lease.until) > now.getTime())
      ? { ...asChange(g), lease: { owner: holder, until } }
      : undefined,
  );
  if ('skipped' in taken) throw new NotExtended(refusal(taken.skipped));
  const claimed = taken.saved;
  const release = () =>
    updateGrant(deps.stores.grants, claimed, (g) => (g.lease?.owner === holder ? withoutLease(g) : undefined));
  return { claimed, holder, release };
}

/**
 * The grant was taken over while the extension's Graph calls ran. If it was revoked (or is being revoked), a PIM
 * assignment whose end the extension moved must not outlive the revocation: it is removed again. Either way the
 * extension is not applied, and the caller is told why.
 */
export async function undoExtension(deps: ClaimDeps, grant: Grant, found: Grant, by: GrantActor): Promise<never> {
  if (found.status === 'active')
    throw new NotExtended(`Another extension of ${grant.email}'s access ran at the same time; ask again.`);
  let removed = false;
  if (grant.pim) {
    try {
      removed = (await deps.graph.pimRemove(grant.userId, grant.roleDefinitionId, `Extension undone: ${grant.id}`))
        .found;
    } catch (error) {
      if (!(error instanceof GraphRequestError)) throw error;
      throw new NotExtended(
        `${grant.email}'s access was revoked while the extension ran, and removing the role whose end the extension had just moved failed (${error.message}); remove ${grant.email}'s PIM assignment by hand in Entra.`,
      );
    }
  }
  await deps.stores.audit.append({
    actorId: by.id,
    actorName: by.name,
    action: 'grant.extend.undone',
    subject: grant.id,
    detail: { requestId: grant.requestId, email: grant.email, status: found.status, pim: grant.pim, removed },
  });
  throw new NotExtended(
    `${grant.email}'s access was revoked while the extension ran, so it was not extended and the role stays removed.`,
  );
}

function refusal(grant: Grant): string {
  if (grant.status === 'active')
    return `${grant.email}'s access is being extended by another approval right now, so it was not extended twice.`;
  const state = grant.status === 'revoked' ? 'has been revoked' : 'is being revoked';
  return `${grant.email}'s access ${state}, so it was not extended.`;
}
