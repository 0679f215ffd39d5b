import { randomUUID } from 'node:crypto';
import { ROLE_DEFINITION_IDS } from '../graph/b2b-operations';
import type { ProvisionedPerson } from '../provisioning/provisioning-types';
import type { AccessRequest } from '../requests/types';
import type { Grant } from '../storage/types';
import { scheduleGrantJobs } from './job-keys';
import { SYSTEM_ACTOR, type LifecycleDeps } from './lifecycle-types';

/**
 * A new grant's id is random: a card carries it, so it must not be derivable from another grant's (older grants,
 * ids `<request id>:<email>`, keep theirs and are found the same way, by request and email).
 */
export const newGrantId = (): string => randomUUID();

/**
 * One grant per provisioned person, with its expiry job and reminders. Idempotent: a grant that exists is kept as
 * it is (it may have been extended or revoked since), and its jobs are keyed, so a resumed saga may call this again.
 */
export async function recordGrants(
  deps: Pick<LifecycleDeps, 'stores' | 'clock' | 'config'>,
  request: AccessRequest,
  people: readonly ProvisionedPerson[],
  pim: boolean,
): Promise<Grant[]> {
  const { grants, jobs, audit } = deps.stores;
  const now = deps.clock();
  const recorded: Grant[] = [];
  const earlier = await grants.listByRequest(request.id);
  for (const person of people) {
    const email = person.email.trim().toLowerCase();
    const existed = earlier.find((g) => g.email.trim().toLowerCase() === email);
    const grant =
      existed ??
      (await grants.upsert({
        id: newGrantId(),
        requestId: request.id,
        email: person.email,
        userId: person.userId,
        displayName: person.displayName,
        role: request.role,
        roleDefinitionId: ROLE_DEFINITION_IDS[request.role],
        ...(person.roleAssignmentId ? { assignmentId: person.roleAssignmentId } : {}),
        pim,
        invited: person.invited,
        grantedAt: now.toISOString(),
        ...(request.expiresAt && request.durationDays !== null ? { expiresAt: request.expiresAt } : {}),
        status: 'active',
        remindersSent: [],
      }));
    if (!existed) {
      await audit.append({
        actorId: SYSTEM_ACTOR.id,
        actorName: SYSTEM_ACTOR.name,
        action: 'grant.recorded',
        subject: grant.id,
        after: { status: grant.status, expiresAt: grant.expiresAt ?? null },
        detail: { requestId: request.id, email: grant.email, userId: grant.userId, role: grant.role, pim },
      });
    }
    await scheduleGrantJobs(jobs, grant, deps.config.reminderDays, now, deps.config.dayMs);
    recorded.push(grant);
  }
  return recorded;
}
