import { GraphRequestError } from '../graph/graph-error';
import type { AuditLog, Grant, GrantStore, SagaStore } from '../storage/types';
import type { OffboardingPolicy } from './lifecycle-config';
import type { LifecycleGraph } from './lifecycle-graph';
import { SYSTEM_ACTOR } from './lifecycle-types';
import type { RevocationStep } from './revocation-failure';

type StepResult = Record<string, unknown> & { readonly graphRequestId?: string };

export interface RevocationStepContext {
  readonly grants: GrantStore;
  readonly saga: SagaStore;
  readonly audit: AuditLog;
  readonly graph: LifecycleGraph;
  readonly policy: OffboardingPolicy;
  readonly grant: Grant;
  readonly reason: string;
}

/** A step that Graph refused or failed; the grant becomes `failed` with a sentence built from it. */
export class RevocationStepFailed extends Error {
  constructor(
    readonly step: RevocationStep,
    readonly error: GraphRequestError,
  ) {
    super(`Revocation step '${step}' failed: ${error.message}`, { cause: error });
    this.name = 'RevocationStepFailed';
  }
}

const otherActive = async (ctx: RevocationStepContext, sameRole: boolean): Promise<Grant | undefined> =>
  (await ctx.grants.listByUser(ctx.grant.userId)).find(
    (g) =>
      g.id !== ctx.grant.id &&
      g.status === 'active' &&
      (!sameRole || g.roleDefinitionId.toLowerCase() === ctx.grant.roleDefinitionId.toLowerCase()),
  );

/**
 * remove-role, then offboard, each recorded in the saga store (request = the grant's request, item = the grant id)
 * before and after it runs: a resume skips what is done and repeats, harmlessly, what only started.
 */
export async function runRevocationSteps(ctx: RevocationStepContext): Promise<void> {
  const { grant } = ctx;
  const done = new Set(
    (await ctx.saga.list(grant.requestId)).filter((r) => r.item === grant.id && r.state === 'done').map((r) => r.step),
  );
  await step(ctx, done, 'remove-role', () => removeRole(ctx));
  await step(ctx, done, 'offboard', () => offboard(ctx));
}

async function step(
  ctx: RevocationStepContext,
  done: Set<string>,
  name: RevocationStep,
  action: () => Promise<StepResult>,
): Promise<void> {
  if (done.has(name)) return;
  const base = { requestId: ctx.grant.requestId, item: ctx.grant.id, step: name };
  await ctx.saga.record({ ...base, state: 'started' });
  let result: StepResult;
  try {
    result = await action();
  } catch (error) {
    if (!(error instanceof GraphRequestError)) throw error;
    const failure = { status: error.status, code: error.code, graphRequestId: error.requestId };
    await ctx.saga.record({ ...base, state: 'failed', result: failure });
    throw new RevocationStepFailed(name, error);
  }
  await ctx.saga.record({ ...base, state: 'done', result });
  await ctx.audit.append({
    actorId: SYSTEM_ACTOR.id,
    actorName: SYSTEM_ACTOR.name,
    action: 'grant.revoke.step',
    subject: ctx.grant.id,
    detail: { step: name, email: ctx.grant.email, userId: ctx.grant.userId, ...result },
  });
}

/** A role another active grant of the same guest also stands on stays: that grant still needs it. */
async function removeRole(ctx: RevocationStepContext): Promise<StepResult> {
  const { grant, graph } = ctx;
  const sharing = await otherActive(ctx, true);
  if (sharing) return { kept: 'another active grant holds the same role', otherGrantId: sharing.id };
  if (grant.pim) {
    const justification = `Access ended (${ctx.reason}): Copilot Partner Access grant ${grant.id}`;
    const r = await graph.pimRemove(grant.userId, grant.roleDefinitionId, justification);
    return { mode: 'pim', removed: r.found, graphRequestId: r.requestId };
  }
  const requestIds: (string | undefined)[] = [];
  let removed = 0;
  if (grant.assignmentId) {
    const r = await graph.deleteRoleAssignment(grant.assignmentId);
    requestIds.push(r.requestId);
    if (r.found) removed += 1;
  }
  if (removed === 0) {
    // No id, or it was gone: make sure no assignment of this role to this guest is left under another id.
    const found = await graph.findRoleAssignments(grant.userId, grant.roleDefinitionId);
    requestIds.push(found.requestId);
    for (const id of found.ids) {
      const r = await graph.deleteRoleAssignment(id);
      requestIds.push(r.requestId);
      if (r.found) removed += 1;
    }
  }
  return { mode: 'direct', removed: removed > 0, graphRequestId: requestIds.at(-1), graphRequestIds: requestIds };
}

/** Block or delete the guest per policy: only a guest we invited, and only when no other grant still needs them. */
async function offboard(ctx: RevocationStepContext): Promise<StepResult> {
  const { grant, graph, policy } = ctx;
  if (policy === 'keep') return { policy };
  // The bot invited this guest for this grant or an earlier one; a user who was already there is not ours to end.
  const ours = grant.invited || (await ctx.grants.listByUser(grant.userId)).some((g) => g.invited);
  if (!ours) return { policy, skipped: 'the user was in the tenant before the bot invited anyone' };
  const other = await otherActive(ctx, false);
  if (other) return { policy, skipped: 'the guest has another active grant', otherGrantId: other.id };
  const r = policy === 'block' ? await graph.blockUser(grant.userId) : await graph.deleteUser(grant.userId);
  return { policy, userFound: r.found, graphRequestId: r.requestId };
}
