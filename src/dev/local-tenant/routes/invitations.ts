import { randomUUID } from 'node:crypto';
import { emailAddressProblem, emailDomain } from '../email-address';
import { badRequest, forbidden } from '../errors';
import { entity } from '../odata';
import { PERMISSIONS } from '../permissions';
import { bodyObject, BodyReader, isObject, type JsonObject } from '../request-body';
import type { GraphResponse, RequestContext, Route } from '../route-types';
import type { TenantState, UserRecord } from '../state';

interface MessageInfo {
  customizedMessageBody: string | null;
  messageLanguage: string | null;
  ccRecipients: Array<{ emailAddress: { address: string; name: string | null } }>;
}

function readMessageInfo(value: unknown): MessageInfo {
  if (value === undefined || value === null)
    return { customizedMessageBody: null, messageLanguage: null, ccRecipients: [] };
  if (!isObject(value)) throw badRequest("Invalid value for 'invitedUserMessageInfo': an object is required.");
  const read = new BodyReader(value, 'InvitedUserMessageInfo', 'BadRequest');
  const cc = value.ccRecipients ?? [];
  if (!Array.isArray(cc))
    throw badRequest("Invalid value for 'invitedUserMessageInfo.ccRecipients': an array is required.");
  if (cc.length > 1)
    throw badRequest(`Only one cc recipient is supported in an invitation message; ${cc.length} were given.`);
  const ccRecipients = cc.map((r: unknown) => {
    const email: unknown = isObject(r) ? r.emailAddress : undefined;
    const address = isObject(email) ? email.address : undefined;
    if (typeof address !== 'string') throw badRequest("Invalid cc recipient: 'emailAddress.address' is required.");
    const problem = emailAddressProblem(address);
    if (problem) throw badRequest(`Invalid cc recipient: ${problem}`);
    const name = isObject(email) && typeof email.name === 'string' ? email.name : null;
    return { emailAddress: { address, name } };
  });
  return {
    customizedMessageBody: read.optionalString('customizedMessageBody') ?? null,
    messageLanguage: read.optionalString('messageLanguage') ?? null,
    ccRecipients,
  };
}

function existingUser(state: TenantState, address: string): UserRecord | undefined {
  const a = address.toLowerCase();
  return state
    .liveUsers()
    .find(
      (u) =>
        u.mail?.toLowerCase() === a ||
        u.userPrincipalName.toLowerCase() === a ||
        u.otherMails.some((m) => m.toLowerCase() === a),
    );
}

/** alias_domain.example#EXT#@contoso.onmicrosoft.com, numbered if a deleted guest still holds the name. */
function guestUpn(state: TenantState, address: string): string {
  const base = address.replace('@', '_');
  const taken = new Set([...state.users.values()].map((u) => u.userPrincipalName.toLowerCase()));
  for (let n = 0; ; n += 1) {
    const upn = `${base}${n === 0 ? '' : n}#EXT#@${state.tenant.defaultDomain}`;
    if (!taken.has(upn.toLowerCase())) return upn;
  }
}

function invite(ctx: RequestContext): GraphResponse {
  const { state } = ctx;
  const body = bodyObject(ctx.body);
  const read = new BodyReader(body, 'Invitation', 'BadRequest');
  const address = read.requiredString('invitedUserEmailAddress').trim();
  const problem = emailAddressProblem(address);
  if (problem) throw badRequest(problem);
  const redirect = read.requiredString('inviteRedirectUrl');
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+/i.test(redirect) || !URL.canParse(redirect)) {
    throw badRequest(`The inviteRedirectUrl '${redirect}' is not an absolute URL.`);
  }
  const displayName = read.optionalString('invitedUserDisplayName')?.trim() || null;
  const sendInvitationMessage = read.optionalBoolean('sendInvitationMessage') ?? false;
  const messageInfo = readMessageInfo(body.invitedUserMessageInfo);
  const invitedUserType = read.optionalString('invitedUserType') ?? 'Guest';
  if (invitedUserType !== 'Guest' && invitedUserType !== 'Member')
    throw badRequest(`The invitedUserType '${invitedUserType}' is not valid; use 'Guest' or 'Member'.`);
  const domain = emailDomain(address);
  if (state.tenant.domains.some((d) => d.toLowerCase() === domain)) {
    throw badRequest(
      `The invited user's domain '${domain}' is a verified domain of this directory; only people from other organizations can be invited.`,
    );
  }
  if (state.tenant.restrictInvitationsToAdmins) {
    throw forbidden(
      'Guest invitations not allowed for your company. Contact your company administrator for more details.',
    );
  }

  let user = existingUser(state, address);
  if (user && user.userType !== 'Guest')
    throw badRequest(`The invited user already exists in the directory as object ID: ${user.id}.`);
  if (!user) {
    user = {
      id: randomUUID(),
      displayName: displayName ?? address.split('@')[0] ?? address,
      givenName: null,
      surname: null,
      mail: address,
      userPrincipalName: guestUpn(state, address),
      userType: invitedUserType,
      accountEnabled: true,
      otherMails: [],
      externalUserState: 'PendingAcceptance',
      externalUserStateChangeDateTime: ctx.now.toISOString(),
      creationType: 'Invitation',
      jobTitle: null,
      createdDateTime: ctx.now.toISOString(),
      deletedDateTime: null,
      invitedAt: ctx.now.getTime(),
    };
    state.users.set(user.id.toLowerCase(), user);
  }

  const id = randomUUID();
  const inviteRedeemUrl = `${ctx.serverUrl}/_local/redeem/${id}`;
  state.invitations.set(id, { userId: user.id, inviteRedirectUrl: redirect });
  if (sendInvitationMessage) {
    state.outbox.push({
      invitationId: id,
      to: address,
      cc: messageInfo.ccRecipients.map((r) => r.emailAddress.address),
      ...messageInfo,
      inviteRedeemUrl,
      sentDateTime: ctx.now.toISOString(),
    });
  }
  const json: JsonObject = {
    id,
    inviteRedeemUrl,
    inviteRedirectUrl: redirect,
    invitedUserDisplayName: displayName,
    invitedUserType: user.userType,
    invitedUserEmailAddress: address,
    sendInvitationMessage,
    resetRedemption: false,
    status: user.externalUserState === 'Accepted' ? 'Completed' : 'PendingAcceptance',
    invitedUserMessageInfo: messageInfo,
    invitedUser: { id: user.id },
  };
  return entity(ctx, 'invitations/$entity', json, 201);
}

export const invitationRoutes: Route[] = [
  { method: 'POST', pattern: '/invitations', permissions: PERMISSIONS.userInvite, handler: invite },
];
