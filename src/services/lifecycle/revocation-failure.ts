import { describeGraphError } from '../graph/describe-graph-error';
import { GraphRequestError } from '../graph/graph-error';
import { graphMessage } from '../provisioning/failure-sentence';
import type { OffboardingPolicy } from './lifecycle-config';

/** The steps of a revocation, as recorded in the saga store (item = grant id). */
export type RevocationStep = 'remove-role' | 'offboard';

export interface RevocationFailureContext {
  readonly email: string;
  readonly pim: boolean;
  readonly policy: OffboardingPolicy;
}

export const REMOVE_ROLE_FORBIDDEN =
  "The bot's app registration lacks RoleManagement.ReadWrite.Directory, so it cannot remove the Security Copilot role; grant it (with admin consent) and press Retry. Until then the guest keeps the role.";
export const PIM_REMOVE_FORBIDDEN =
  "The bot's app registration lacks RoleManagement.ReadWrite.Directory (or RoleAssignmentSchedule.ReadWrite.Directory), so it cannot end the time-bound role assignment in PIM; grant it (with admin consent) and press Retry. Until then the guest keeps the role.";
export const BLOCK_FORBIDDEN =
  "The role was removed, but the bot's app registration lacks User.ReadWrite.All (or the guest holds another admin role, which only a higher admin may change), so it cannot block the guest's sign-in; grant it, or block the guest in the Entra admin center, and press Retry.";
export const DELETE_FORBIDDEN =
  "The role was removed, but the bot's app registration lacks User.ReadWrite.All (or the guest holds another admin role, which only a higher admin may change), so it cannot delete the guest; grant it, or delete the guest in the Entra admin center, and press Retry.";

/** What an admin reads when a revocation stopped: what is wrong, what to do, and whose access it was. */
export function revocationFailureSentence(
  step: RevocationStep,
  e: GraphRequestError,
  ctx: RevocationFailureContext,
): string {
  return `${sentence(step, e, ctx)} (Access of ${ctx.email}.)`;
}

function sentence(step: RevocationStep, e: GraphRequestError, ctx: RevocationFailureContext): string {
  if (e.status === 403) {
    if (step === 'remove-role') return ctx.pim ? PIM_REMOVE_FORBIDDEN : REMOVE_ROLE_FORBIDDEN;
    return ctx.policy === 'delete' ? DELETE_FORBIDDEN : BLOCK_FORBIDDEN;
  }
  if (e.isTransient) {
    const what = e.status === 0 ? 'could not be reached' : `kept answering ${e.status} (${e.code})`;
    return `Microsoft Graph ${what} while ending the access; this is usually temporary. The bot tries again by itself; the steps already done are kept, and Retry finishes the rest.`;
  }
  if (step === 'remove-role' && ctx.pim && e.status === 400) {
    const said = graphMessage(e).replace(/([^.!?])$/, '$1.');
    return `Privileged Identity Management refused to end the role assignment: ${said} End it in the Entra admin center (Privileged Identity Management) or fix the PIM setting it names, then press Retry.`;
  }
  const bare = new GraphRequestError(e.status, e.code, e.message, undefined, e.operation);
  return `${describeGraphError(bare)} The access was not fully ended; press Retry once it is fixed.`;
}
