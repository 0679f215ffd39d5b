import { randomBytes } from 'node:crypto';
import { describeGraphError } from '../graph/describe-graph-error';
import { GraphRequestError } from '../graph/graph-error';
import { graphMessage } from '../provisioning/failure-sentence';
import type { Grant, GrantActor } from '../storage/types';
import { claimForExtension, NotExtended, undoExtension, withoutLease } from './extension-claim';
import { updateGrant } from './grant-updater';
import { cancelGrantJobs, scheduleGrantJobs } from './job-keys';
import type { LifecycleGraph } from './lifecycle-graph';
import type { ExtendResult, LifecycleDeps } from './lifecycle-types';

type ExtensionDeps = Pick<LifecycleDeps, 'stores' | 'clock' | 'config' | 'owner' | 'leaseMs'> & {
  readonly graph: LifecycleGraph;
};

/**
 * Moves the end of the active grants of a request to `newExpiresAt`: those of `emails` only, when given (an
 * extension is personal; one of them that is no longer active is reported as failed). A direct role has no end in
 * Entra, so only the date moves; a PIM assignment's end is moved in place (adminUpdate), so a refused extension
 * leaves the current assignment and its end as they were, and the failure says why. Jobs are re-armed for the new
 * end, reminders start afresh.
 */
export async function extendGrants(
  deps: ExtensionDeps,
  requestId: string,
  newExpiresAt: Date | string,
  by: GrantActor,
  emails?: readonly string[],
): Promise<ExtendResult> {
  const end = new Date(newExpiresAt);
  if (Number.isNaN(end.getTime()) || end.getTime() <= deps.clock().getTime())
    throw new RangeError(`extendGrants(): the new end must be a date in the future, not '${String(newExpiresAt)}'`);
  const expiresAt = end.toISOString();
  const extended: Grant[] = [];
  const failed: { grant: Grant; message: string; reference: string }[] = [];
  const only = emails && new Set(emails.map((e) => e.trim().toLowerCase()));
  for (const grant of await deps.stores.grants.listByRequest(requestId)) {
    if (only && !only.has(grant.email.toLowerCase())) continue;
    if (grant.status !== 'active' && !only) continue;
    try {
      extended.push(await extendOne(deps, grant, expiresAt, by));
    } catch (error) {
      if (error instanceof NotExtended) {
        failed.push({ grant, message: error.message, reference: randomBytes(4).toString('hex') });
        continue;
      }
      if (!(error instanceof GraphRequestError)) throw error;
      const reference = error.requestId ?? randomBytes(4).toString('hex');
      const message = extensionFailureSentence(error, grant);
      failed.push({ grant, message, reference });
      await deps.stores.audit.append({
        actorId: by.id,
        actorName: by.name,
        action: 'grant.extend.failed',
        subject: grant.id,
        detail: {
          requestId,
          email: grant.email,
          expiresAt,
          message,
          reference,
          status: error.status,
          code: error.code,
        },
      });
    }
  }
  return { extended, failed };
}

/** Under the grant's lease; the new end is applied only if the grant is still active and ours after Graph. */
async function extendOne(deps: ExtensionDeps, grant: Grant, expiresAt: string, by: GrantActor): Promise<Grant> {
  const { stores, config } = deps;
  // PIM's policy is checked before the claim, so a refused extension leaves even the grant record untouched.
  const pim = grant.pim ? await checkPimEnd(deps.graph, grant, expiresAt) : undefined;
  const { claimed, holder, release } = await claimForExtension(deps, grant);
  let moved: Awaited<ReturnType<LifecycleGraph['pimUpdate']>> | undefined;
  try {
    moved = pim?.change
      ? await deps.graph.pimUpdate(grant.userId, grant.roleDefinitionId, { endDateTime: expiresAt, ...pim.change })
      : undefined;
  } catch (error) {
    // A refusal of the change itself leaves the old assignment and its end exactly as they were.
    await release();
    throw error;
  }
  const gone = moved?.found === false;
  const result = await updateGrant(stores.grants, claimed, (g) =>
    g.status === 'active' && g.lease?.owner === holder && !gone
      ? {
          ...withoutLease(g),
          expiresAt,
          remindersSent: [],
          ...(pim?.scheduleId ? { assignmentId: pim.scheduleId } : {}),
        }
      : undefined,
  );
  if ('skipped' in result) {
    // With the assignment gone the change was never tried on the stored grant, so read it: who moved it on?
    const found = gone ? ((await stores.grants.get(grant.id)) ?? result.skipped) : result.skipped;
    if (gone && found.status === 'active' && found.lease?.owner === holder) {
      await release();
      throw new NotExtended(goneSentence(grant));
    }
    return undoExtension(deps, grant, found, by);
  }
  const saved = result.saved;
  await cancelGrantJobs(stores.jobs, grant, config.reminderDays, false);
  await scheduleGrantJobs(stores.jobs, saved, config.reminderDays, deps.clock(), config.dayMs);
  const graphRequestIds = pim && [...pim.requestIds, ...(moved ? [moved.requestId] : [])];
  await stores.audit.append({
    actorId: by.id,
    actorName: by.name,
    action: 'grant.extended',
    subject: saved.id,
    before: { expiresAt: grant.expiresAt ?? null },
    after: { expiresAt },
    detail: { requestId: saved.requestId, email: saved.email, pim: saved.pim, graphRequestIds },
  });
  return saved;
}

/**
 * Reads the person's PIM schedule and has PIM validate the new end (adminUpdate, validation only). The end is then
 * moved in place by adminUpdate, never by removing and assigning again: a refusal at any point leaves the old
 * assignment, so the person never loses access to an extension. An assignment already ending at the new end (a
 * repeat after a crash) needs no change.
 */
async function checkPimEnd(graph: LifecycleGraph, grant: Grant, expiresAt: string) {
  const justification = `Access extended until ${expiresAt}: Copilot Partner Access grant ${grant.id}`;
  const current = await graph.pimSchedule(grant.userId, grant.roleDefinitionId);
  const schedule = current.schedule;
  if (!schedule) throw new NotExtended(goneSentence(grant));
  const requestIds = [current.requestId];
  const scheduleId = schedule.id;
  if (schedule.endDateTime && Date.parse(schedule.endDateTime) === Date.parse(expiresAt))
    return { scheduleId, requestIds };
  const checked = await graph.pimUpdate(grant.userId, grant.roleDefinitionId, {
    endDateTime: expiresAt,
    justification,
    validationOnly: true,
  });
  if (!checked.found) throw new NotExtended(goneSentence(grant));
  return { scheduleId, requestIds: [...requestIds, checked.requestId], change: { justification } };
}

const goneSentence = (grant: Grant) =>
  `${grant.email}'s PIM assignment is no longer in Microsoft Entra (removed there, or already ended), so there is nothing to extend; ask for access again with a new request.`;

function extensionFailureSentence(e: GraphRequestError, grant: Grant): string {
  if (e.status === 403) {
    return `The bot's app registration lacks RoleManagement.ReadWrite.Directory (or RoleAssignmentSchedule.ReadWrite.Directory), so it cannot move the end of ${grant.email}'s time-bound role in PIM; grant it (with admin consent) and extend again. The access still ends at its old date.`;
  }
  if (e.status === 400) {
    return `Privileged Identity Management refused the new end for ${grant.email}: ${graphMessage(e).replace(/([^.!?])$/, '$1.')} Check the role's PIM settings (maximum duration, justification required), then extend again. The access still ends at its old date.`;
  }
  const bare = new GraphRequestError(e.status, e.code, e.message, undefined, e.operation);
  return `${describeGraphError(bare)} The extension of ${grant.email} did not finish; extend again once it is fixed.`;
}
