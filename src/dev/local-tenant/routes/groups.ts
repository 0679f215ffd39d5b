import { randomUUID } from 'node:crypto';
import { badRequest, directoryBadRequest, forbidden, notFound } from '../errors';
import { collection, entity, filterRecords, idFromODataUrl, NO_CONTENT } from '../odata';
import { PERMISSIONS } from '../permissions';
import { assertReplicated } from '../replication';
import { bodyObject, BodyReader } from '../request-body';
import type { GraphResponse, RequestContext, Route } from '../route-types';
import type { GroupRecord, TenantState } from '../state';
import { groupJson, projectGroup, projectUser } from '../user-json';

const MEMBER_EXISTS =
  "One or more added object references already exist for the following modified properties: 'members'.";
const KNOWN_CREATE_PROPERTIES = [
  '@odata.type',
  'displayName',
  'description',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
  'isAssignableToRole',
  'groupTypes',
  'visibility',
  'members@odata.bind',
  'owners@odata.bind',
];

function findGroup(ctx: RequestContext, id = ctx.params.id ?? ''): GroupRecord {
  const group = ctx.state.group(id);
  if (!group) throw notFound(id);
  return group;
}

/** Membership of a role-assignable group is itself a privileged operation. */
function assertCanChangeMembers(state: TenantState, group: GroupRecord): void {
  if (group.isAssignableToRole && !state.hasAnyPermission(PERMISSIONS.roleWrite)) throw forbidden();
}

function addMember(state: TenantState, group: GroupRecord, memberId: string): void {
  const member = state.directoryObject(memberId);
  if (!member) throw notFound(memberId);
  if (member.kind === 'group' && (member.group.id === group.id || group.isAssignableToRole)) {
    throw directoryBadRequest(
      group.isAssignableToRole
        ? 'Groups cannot be nested in a role-assignable group.'
        : 'A group cannot be a member of itself.',
    );
  }
  const id = member.kind === 'user' ? member.user.id : member.group.id;
  if (group.members.some((m) => m.toLowerCase() === id.toLowerCase())) throw directoryBadRequest(MEMBER_EXISTS);
  group.members.push(id);
}

function createGroup(ctx: RequestContext): GraphResponse {
  const { state } = ctx;
  const body = bodyObject(ctx.body);
  const read = new BodyReader(body, 'Group');
  for (const key of Object.keys(body)) {
    if (!KNOWN_CREATE_PROPERTIES.includes(key))
      throw directoryBadRequest(`Property '${key}' does not exist as a declared property or extension property.`);
  }
  const displayName = read.requiredString('displayName');
  if (displayName.length > 256) throw read.invalid('displayName');
  const mailNickname = read.requiredString('mailNickname');
  // Entra allows printable ASCII only, without these characters.
  if (mailNickname.length > 64 || /[@()\\[\]";:<>,\s]|[^\x20-\x7e]/.test(mailNickname))
    throw read.invalid('mailNickname');
  const mailEnabled = read.requiredBoolean('mailEnabled');
  const securityEnabled = read.requiredBoolean('securityEnabled');
  const isAssignableToRole = read.optionalBoolean('isAssignableToRole') ?? false;
  const groupTypes = body.groupTypes ?? [];
  if (!Array.isArray(groupTypes) || groupTypes.some((t) => typeof t !== 'string')) throw read.invalid('groupTypes');
  const unified = (groupTypes as string[]).some((t) => t.toLowerCase() === 'unified');
  if (!unified && mailEnabled)
    throw directoryBadRequest(
      'Mail-enabled security groups and distribution lists cannot be created through Microsoft Graph; set mailEnabled to false.',
    );
  if (!unified && !securityEnabled)
    throw directoryBadRequest(
      'A group that is neither mail-enabled nor security-enabled is not supported; set securityEnabled to true.',
    );
  if (isAssignableToRole) {
    if (!securityEnabled) throw directoryBadRequest('A role-assignable group must have securityEnabled set to true.');
    if (!state.hasAnyPermission(PERMISSIONS.roleWrite)) throw forbidden();
  }
  const binds = body['members@odata.bind'] ?? [];
  if (!Array.isArray(binds)) throw badRequest("'members@odata.bind' must be an array of directoryObjects URLs.");
  const group: GroupRecord = {
    id: randomUUID(),
    displayName,
    description: read.optionalString('description') ?? null,
    mailNickname,
    mailEnabled,
    securityEnabled,
    isAssignableToRole,
    groupTypes: groupTypes as string[],
    createdDateTime: ctx.now.toISOString(),
    members: [],
  };
  for (const bind of binds as unknown[]) {
    const memberId = idFromODataUrl(bind);
    if (!memberId) throw badRequest(`Invalid URL format specified in members@odata.bind: ${JSON.stringify(bind)}.`);
    assertReplicated(ctx, memberId, 'directory');
    addMember(state, group, memberId);
  }
  state.groups.set(group.id.toLowerCase(), group);
  return entity(ctx, 'groups/$entity', groupJson(group), 201);
}

function listMembers(ctx: RequestContext): GraphResponse {
  const group = findGroup(ctx);
  const members = group.members.flatMap((id) => {
    const member = ctx.state.directoryObject(id);
    if (!member) return [];
    return [member.kind === 'user' ? projectUser(ctx, member.user, true) : projectGroup(ctx, member.group, true)];
  });
  return collection(ctx, 'directoryObjects', members);
}

function addMemberRef(ctx: RequestContext): GraphResponse {
  const group = findGroup(ctx);
  assertCanChangeMembers(ctx.state, group);
  const ref = bodyObject(ctx.body)['@odata.id'];
  if (ref === undefined)
    throw badRequest(
      "The request body must contain '@odata.id', e.g. https://graph.microsoft.com/v1.0/directoryObjects/{id}.",
    );
  const memberId = idFromODataUrl(ref);
  if (!memberId) throw badRequest(`Invalid URL format specified in @odata.id: ${JSON.stringify(ref)}.`);
  assertReplicated(ctx, memberId, 'directory');
  addMember(ctx.state, group, memberId);
  return NO_CONTENT;
}

function removeMemberRef(ctx: RequestContext): GraphResponse {
  const group = findGroup(ctx);
  assertCanChangeMembers(ctx.state, group);
  const memberId = ctx.params.memberId ?? '';
  const index = group.members.findIndex((m) => m.toLowerCase() === memberId.toLowerCase());
  if (index < 0) throw notFound(memberId);
  group.members.splice(index, 1);
  return NO_CONTENT;
}

function deleteGroup(ctx: RequestContext): GraphResponse {
  const group = findGroup(ctx);
  ctx.state.groups.delete(group.id.toLowerCase());
  for (const g of ctx.state.groups.values())
    g.members = g.members.filter((m) => m.toLowerCase() !== group.id.toLowerCase());
  return NO_CONTENT;
}

const GROUP_FILTER = {
  resource: 'Group',
  eq: ['id', 'displayName', 'mailNickname', 'securityEnabled', 'mailEnabled', 'isAssignableToRole'],
};

export const groupRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/groups',
    permissions: PERMISSIONS.membershipRead,
    handler: (ctx) =>
      collection(
        ctx,
        'groups',
        filterRecords(ctx, [...ctx.state.groups.values()], groupJson, GROUP_FILTER).map((g) => projectGroup(ctx, g)),
      ),
  },
  { method: 'POST', pattern: '/groups', permissions: PERMISSIONS.groupCreate, handler: createGroup },
  {
    method: 'GET',
    pattern: '/groups/:id',
    permissions: PERMISSIONS.membershipRead,
    handler: (ctx) => entity(ctx, 'groups/$entity', projectGroup(ctx, findGroup(ctx))),
  },
  { method: 'DELETE', pattern: '/groups/:id', permissions: PERMISSIONS.groupWrite, handler: deleteGroup },
  { method: 'GET', pattern: '/groups/:id/members', permissions: PERMISSIONS.membershipRead, handler: listMembers },
  { method: 'POST', pattern: '/groups/:id/members/$ref', permissions: PERMISSIONS.memberWrite, handler: addMemberRef },
  {
    method: 'DELETE',
    pattern: '/groups/:id/members/:memberId/$ref',
    permissions: PERMISSIONS.memberWrite,
    handler: removeMemberRef,
  },
];
