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
 * Entra, so only the date moves; a PIM assignment is re-made with the new end (PIM's policy is checked first, so a
 * refused extension leaves the current assignment in place). Jobs are re-armed for the new end, reminders start
 * afresh.
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
  // Taken after PIM's policy check (a refused extension leaves the grant untouched) and before any change.
  let claim: Awaited<ReturnType<typeof claimForExtension>> | undefined;
  const take = async () => (claim ??= await claimForExtension(deps, grant));
  let graph: Awaited<ReturnType<typeof movePimEnd>> | undefined;
  try {
    graph = grant.pim ? await movePimEnd(deps.graph, grant, expiresAt, take) : undefined;
    await take();
  } catch (error) {
    await claim?.release();
    throw error;
  }
  const { claimed, holder } = await take();
  const result = await updateGrant(stores.grants, claimed, (g) =>
    g.status === 'active' && g.lease?.owner === holder
      ? {
          ...withoutLease(g),
          expiresAt,
          remindersSent: [],
          ...(graph?.scheduleId ? { assignmentId: graph.scheduleId } : {}),
        }
      : undefined,
  );
  if ('skipped' in result) return undoExtension(deps, grant, result.skipped, by);
  const saved = result.saved;
  await cancelGrantJobs(stores.jobs, grant, config.reminderDays, false);
  await scheduleGrantJobs(stores.jobs, saved, config.reminderDays, deps.clock(), config.dayMs);
  await stores.audit.append({
    actorId: by.id,
    actorName: by.name,
    action: 'grant.extended',
    subject: saved.id,
    before: { expiresAt: grant.expiresAt ?? null },
    after: { expiresAt },
    detail: { requestId: saved.requestId, email: saved.email, pim: saved.pim, graphRequestIds: graph?.requestIds },
  });
  return saved;
}

/**
 * PIM has no "change the end" action the bot can rely on, so: check the policy (validation only), take the claim,
 * end the current assignment, assign again until the new end. Repeating it after a crash converges: an assignment already ending
 * at the new end is kept.
 */
async function movePimEnd(
  graph: LifecycleGraph,
  grant: Grant,
  expiresAt: string,
  claim: () => Promise<unknown>,
): Promise<{ scheduleId?: string; requestIds: (string | undefined)[] }> {
  const justification = `Access extended until ${expiresAt}: Copilot Partner Access grant ${grant.id}`;
  const current = await graph.pimSchedule(grant.userId, grant.roleDefinitionId);
  const requestIds = [current.requestId];
  const currentEnd = current.schedule?.endDateTime;
  if (current.schedule && currentEnd && Date.parse(currentEnd) === Date.parse(expiresAt)) {
    return { scheduleId: current.schedule.id, requestIds };
  }
  const options = { endDateTime: expiresAt, justification };
  requestIds.push(
    (await graph.pimAssign(grant.userId, grant.roleDefinitionId, { ...options, validationOnly: true })).requestId,
  );
  await claim();
  if (current.schedule)
    requestIds.push((await graph.pimRemove(grant.userId, grant.roleDefinitionId, justification)).requestId);
  const assigned = await graph.pimAssign(grant.userId, grant.roleDefinitionId, options);
  requestIds.push(assigned.requestId);
  return { ...(assigned.scheduleId ? { scheduleId: assigned.scheduleId } : {}), requestIds };
}

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
