import { AccountRefused } from '../access/partner-account';
import { describeGraphError } from '../graph/describe-graph-error';
import { GraphRequestError } from '../graph/graph-error';
import type { ProvisioningStep } from './provisioning-types';
import { notReplicatedYet } from './replication-wait';

export interface FailureContext {
  readonly email: string;
  readonly pim: boolean;
  readonly groupId?: string;
}

export const INVITE_FORBIDDEN =
  "The bot's app registration lacks User.Invite.All, or this tenant lets only admins invite guests; grant it (or allow the bot to invite) and press Retry.";
export const LOOKUP_FORBIDDEN =
  "The bot's app registration lacks User.Read.All, so it cannot check whether the person is already in this tenant; grant it (with admin consent) and press Retry.";
export const NAMES_FORBIDDEN =
  "The bot's app registration lacks User.ReadWrite.All (or the guest already holds an admin role, which only a higher admin may edit), so it cannot set the guest's names; grant it (with admin consent) and press Retry.";
export const ROLE_FORBIDDEN =
  "The bot's app registration lacks RoleManagement.ReadWrite.Directory, so it cannot assign the Security Copilot role; grant it (with admin consent) and press Retry.";
export const PIM_FORBIDDEN =
  "The bot's app registration lacks RoleManagement.ReadWrite.Directory (or RoleAssignmentSchedule.ReadWrite.Directory), so it cannot create the time-bound role assignment in PIM; grant it (with admin consent) and press Retry.";
export const GROUP_FORBIDDEN =
  "The bot's app registration lacks GroupMember.ReadWrite.All (or Group.ReadWrite.All), so it cannot add the guest to the partner group; grant it (with admin consent) and press Retry.";

/**
 * The sentence an admin reads on the failure card: what is wrong and what to do, then whom it concerns. The
 * reference (Graph's request id, or ours) travels separately in `failure.reference`.
 */
export function failureSentence(step: ProvisioningStep, error: GraphRequestError, ctx: FailureContext): string {
  return `${sentence(step, error, ctx)} (For ${ctx.email}.)`;
}

/** Graph's own message, without the "operation: Graph answered …:" prefix GraphRequestError adds. */
export function graphMessage(e: GraphRequestError): string {
  const prefix = `${e.operation}: Graph answered ${e.status} ${e.code}: `;
  return e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
}

const STEP_LABEL: Record<ProvisioningStep, string> = {
  'find-or-invite': 'invitation',
  names: 'name change',
  role: 'role assignment',
  group: 'group membership',
};

/** A write naming the just-invited guest still refused as not replicated (replication-wait.ts), not a missing group. */
function replicating(step: ProvisioningStep, e: GraphRequestError, ctx: FailureContext): boolean {
  return step !== 'find-or-invite' && notReplicatedYet(e, step === 'group' ? ctx.groupId : undefined);
}

function sentence(step: ProvisioningStep, e: GraphRequestError, ctx: FailureContext): string {
  if (e instanceof AccountRefused) return e.sentence;
  const lookup = e.operation.endsWith('findUserByEmail');
  const said = graphMessage(e).replace(/([^.!?])$/, '$1.');
  if (e.status === 403) {
    if (step === 'find-or-invite') return lookup ? LOOKUP_FORBIDDEN : INVITE_FORBIDDEN;
    if (step === 'names') return NAMES_FORBIDDEN;
    if (step === 'role') return ctx.pim ? PIM_FORBIDDEN : ROLE_FORBIDDEN;
    return GROUP_FORBIDDEN;
  }
  if (replicating(step, e, ctx)) {
    return `Microsoft Entra had not finished creating the guest ${ctx.email} when the bot stopped waiting for it (this usually takes seconds, for PIM up to a few minutes). The steps already done are kept; press Retry in a few minutes.`;
  }
  if (step === 'group' && e.status === 404) {
    return `The partner guests group ${ctx.groupId ?? ''} does not exist in this tenant; correct the group id in the settings (or create the group) and press Retry.`;
  }
  if (step === 'role' && ctx.pim && e.status === 400) {
    return `Privileged Identity Management refused the time-bound role assignment: ${said} Check the role's PIM settings (maximum duration, justification required) or the request, then press Retry.`;
  }
  if (step === 'find-or-invite' && !lookup && e.status === 400) {
    return `Microsoft Entra refused to invite ${ctx.email}: ${said} Correct the address (or the tenant's external collaboration settings) and press Retry.`;
  }
  if (e.isTransient) {
    const what = e.status === 0 ? 'could not be reached' : `kept answering ${e.status} (${e.code})`;
    return `Microsoft Graph ${what} after several retries; this is usually temporary. The steps already done are kept; press Retry in a few minutes.`;
  }
  if (e.status === 400) {
    return `Microsoft Graph refused the ${STEP_LABEL[step]} as invalid: ${said} Correct the request or the tenant setting it names, then press Retry.`;
  }
  // describeGraphError appends the request id; the card shows it as the reference instead.
  const bare = new GraphRequestError(e.status, e.code, e.message, undefined, e.operation);
  return `${describeGraphError(bare)} Press Retry once it is fixed.`;
}
