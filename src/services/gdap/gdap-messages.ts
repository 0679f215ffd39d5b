import { describeGraphError } from '../graph/describe-graph-error';
import { GraphRequestError } from '../graph/graph-error';
import { graphMessage } from '../provisioning/failure-sentence';
import type { GdapRequest, GdapStep } from './gdap-types';

/** The sentences a partner admin reads when a GDAP request stops; each says what happened and what to do. */

export const GDAP_FORBIDDEN =
  "Microsoft Graph refused the bot access to delegated admin relationships (403). The bot's app registration needs the DelegatedAdminRelationship.ReadWrite.All application permission, with admin consent, in the partner tenant, and the bot must run in the partner's own tenant: GDAP relationships can only be managed from there. Fix that, then retry.";
export const GROUP_FORBIDDEN =
  "Microsoft Graph refused to find or create the partner's security group for this customer (403). The bot's app registration needs Group.ReadWrite.All (or Group.Create with GroupMember.Read.All), with admin consent, in the partner tenant. Fix that, then retry.";
export const DELIVERY_NOTE =
  "Open Security Copilot with this link: it carries the customer's tenant id. Security Copilot's tenant switcher does not recognise GDAP sign-ins, so without the link a partner person lands in the partner's own tenant.";

export const nameUsed = (name: string): string =>
  `The relationship name "${name}" is already used by another delegated admin relationship of this partner; choose a different name and start a new request.`;

/** What `gdap new` says when the name is not free; an ended holder is named, since people expect that name back. */
export const nameTakenMessage = (name: string, ended: boolean): string =>
  ended
    ? `This partner had a relationship called "${name}" that has ended (expired or terminated). Microsoft keeps the names of ended relationships reserved, so it cannot be used again. Choose another name.`
    : `This partner already has a live relationship called "${name}"; relationship names must be unique. Choose another name.`;

export const assignmentError = (groupId: string): string =>
  `Microsoft reported an error on the access assignment for the partner's security group ${groupId}, so the group did not get the roles. Check the group in the partner tenant and the relationship in Partner Center, then retry.`;

export const assignmentDeleted = (groupId: string): string =>
  `The access assignment for the partner's security group ${groupId} was deleted before it became active. Retry to create it again.`;

const STEP_LABEL: Record<GdapStep, string> = {
  create: 'new delegated admin relationship',
  lock: 'lock for approval',
  handoff: 'hand-off',
  'await-approval': 'status check',
  group: "partner's security group",
  assign: 'access assignment',
  'await-assignment': 'access assignment check',
  deliver: 'delivery',
};

export function failureSentence(step: GdapStep, e: GraphRequestError, req: GdapRequest): string {
  if (e.status === 403) return step === 'group' ? GROUP_FORBIDDEN : GDAP_FORBIDDEN;
  if (e.status === 409 && step === 'create') return nameUsed(req.displayName);
  if (e.status === 400)
    return `Microsoft Graph refused the ${STEP_LABEL[step]} as invalid: ${graphMessage(e).replace(/([^.!?])$/, '$1.')} Correct it and start a new request.`;
  if (e.status === 404 && step !== 'group')
    return `The delegated admin relationship ${req.relationshipId ?? ''} no longer exists in Partner Center (someone may have deleted it); start a new request.`;
  if (e.isTransient) {
    const what = e.status === 0 ? 'could not be reached' : `kept answering ${e.status} (${e.code})`;
    return `Microsoft Graph ${what} at the ${STEP_LABEL[step]}, several times over a few minutes. The steps already done are kept; retry later.`;
  }
  // describeGraphError appends the request id; the failure carries it as the reference instead.
  return `${describeGraphError(new GraphRequestError(e.status, e.code, e.message, undefined, e.operation))} Retry once it is fixed.`;
}

export function endedMessage(status: 'expired' | 'terminated', req: GdapRequest, approved: boolean): string {
  const name = `"${req.displayName}"`;
  if (status === 'terminated')
    return `The GDAP relationship ${name} was terminated (by the customer or the partner) before the partner's access was set up. Nothing more will happen; create a new request if access is still needed.`;
  return approved
    ? `The GDAP relationship ${name} expired before the partner's access was set up. Create a new request if access is still needed.`
    : `The customer did not approve the GDAP relationship ${name} in time, so Microsoft expired it (an unapproved request expires after 90 days). Nothing more will happen; create a new request if the partner still needs access.`;
}
