import { directoryBadRequest, notFound } from './errors';
import type { RequestContext } from './route-types';

/**
 * Replication lag after POST /invitations. The object returned by the invitation is written to one replica; other
 * Graph endpoints may not see it for a while. What callers meet, as reported to Microsoft and answered by it:
 * - msgraph-sdk-dotnet issue 2508 and msgraph-bicep-types issue 193 ("Replication delays: Not a valid reference
 *   update"): an assignment that references a just-created principal answers 400 "Not a valid reference update."
 *   and works minutes later;
 * - msgraph-sdk-dotnet issue 2772: PIM schedule requests for a new user answer Not Found for tens of seconds, up
 *   to 1–2 minutes, while PIM replicates (hence a separate, longer window);
 * - other directory writes naming the object answer Graph's 404 Request_ResourceNotFound meanwhile.
 * Which writes check it: PATCH /users/{id}, POST /groups/{id}/members/$ref (and members@odata.bind on POST
 * /groups), POST roleAssignments and POST roleAssignmentScheduleRequests (principalId), alone or inside $batch
 * (which runs each item through the same path).
 */
export type LaggingWrite = 'directory' | 'roleAssignment' | 'pim';

export const NOT_A_VALID_REFERENCE = 'Not a valid reference update.';

function stillReplicating(ctx: RequestContext, objectId: string, kind: LaggingWrite): boolean {
  const lag = ctx.modes.replicationLag;
  if (!lag.enabled) return false;
  const invitedAt = ctx.state.user(objectId)?.invitedAt;
  if (invitedAt === undefined) return false;
  const window = kind === 'pim' ? lag.pimMs : lag.ms;
  return ctx.now.getTime() - invitedAt < window;
}

/** Throws what Graph answers while `objectId` (a just-invited user) has not reached every replica yet. */
export function assertReplicated(ctx: RequestContext, objectId: string, kind: LaggingWrite): void {
  if (!stillReplicating(ctx, objectId, kind)) return;
  if (kind === 'roleAssignment') throw directoryBadRequest(NOT_A_VALID_REFERENCE);
  throw notFound(objectId);
}
