import type { RequestPolicy } from './validate-request';
import type { AccessRequest, PartnerPerson, RequestActor } from './types';

const DAY_MS = 86_400_000;

const utc = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The end an approval at `at` gives: the days added to now, or, for an extension, to the current end if later. */
export function accessEnd(request: AccessRequest, at: string, policy: RequestPolicy): number | undefined {
  if (request.durationDays === null) return undefined;
  const from = Math.max(Date.parse(at), Date.parse(request.extends?.previousExpiresAt ?? '') || 0);
  return from + request.durationDays * (policy.dayMs ?? DAY_MS);
}

/**
 * Why `actor` may not decide on an extension, or undefined when they may. The person who arranged the access
 * (the original requester) is as much "self" as the one who asked for the extension. Approving an end more than
 * the policy's maximum days after the access first began (chained extensions add up) needs an admin: an ordinary
 * approver is refused with the reason, and the request stays pending for an admin to decide.
 */
export function extensionRefusal(
  request: AccessRequest,
  original: AccessRequest | undefined,
  decision: { readonly actor: RequestActor; readonly isAdmin: boolean; readonly outcome: string; readonly at: string },
  policy: RequestPolicy,
): { readonly reason: string; readonly message: string } | undefined {
  if (request.kind !== 'extension') return undefined;
  if (original && original.requester.aadObjectId === decision.actor.aadObjectId)
    return {
      reason: 'self-approval (arranged the access)',
      message: 'You arranged the access this extension would lengthen, so another approver has to decide on it.',
    };
  if (decision.outcome !== 'approved' || decision.isAdmin || !original) return undefined;
  const end = accessEnd(request, decision.at, policy);
  const start = Date.parse(original.decision?.at ?? original.createdAt);
  const limit = start + policy.maxDurationDays * (policy.dayMs ?? DAY_MS);
  if (end === undefined || end <= limit) return undefined;
  const who = request.people.map((p) => p.email).join(', ');
  return {
    reason: 'beyond the maximum duration',
    message: `This extension would keep ${who}'s access until ${utc(end)}, more than ${policy.maxDurationDays} days after it began on ${utc(start)}. Only an admin can approve that.`,
  };
}

/** The one person of `original` whose grant is extended (from the grant's own address if the list lacks it). */
export function forGrant(original: AccessRequest, email: string): PartnerPerson[] {
  const mine = original.people.find((p) => p.email.toLowerCase() === email.toLowerCase());
  return [mine ?? { email, firstName: '', lastName: '', displayName: email }];
}
