import type { AccessRequest, RequestActor } from '../requests/types';
import type { ProvisioningSagaDeps } from './provisioning-types';
import { StatusChanged, updateRequest } from './request-updater';

/**
 * An admin's Retry on a failed request: clears the failure and puts it back to 'provisioning' (a compare-and-set,
 * audited). The run that follows skips every step already done, so only the people who failed are tried again.
 */
export async function reopenFailed(
  deps: Pick<ProvisioningSagaDeps, 'requests' | 'audit' | 'clock'>,
  requestId: string,
  actor: RequestActor,
): Promise<AccessRequest | { error: string }> {
  const request = await deps.requests.get(requestId);
  if (!request) return { error: 'There is no access request with that id.' };
  if (request.status !== 'failed')
    return { error: `Only a failed request can be retried; this one is ${request.status}.` };
  let reopened: AccessRequest;
  try {
    reopened = await updateRequest(deps.requests, deps.clock, request, 'failed', ({ failure, ...r }) => ({
      ...r,
      status: 'provisioning',
      ...(failure?.granted?.length ? { delivered: [...new Set([...(r.delivered ?? []), ...failure.granted])] } : {}),
    }));
  } catch (error) {
    if (!(error instanceof StatusChanged)) throw error;
    return { error: `Someone else changed this request first; it is now ${error.request.status}.` };
  }
  await deps.audit.append({
    actorId: actor.aadObjectId,
    actorName: actor.name,
    action: 'provisioning.retried',
    subject: requestId,
    before: { status: 'failed', failure: request.failure },
    after: { status: 'provisioning' },
  });
  return reopened;
}
