import { directoryBadRequest, forbidden, notFound } from '../errors';
import { collection, entity, filterRecords, NO_CONTENT } from '../odata';
import { PERMISSIONS } from '../permissions';
import { assertReplicated } from '../replication';
import { bodyObject, BodyReader } from '../request-body';
import type { GraphResponse, RequestContext, Route } from '../route-types';
import type { UserRecord } from '../state';
import { projectGroup, projectUser, userJson } from '../user-json';

const USER_FILTER = {
  resource: 'User',
  eq: [
    'id',
    'mail',
    'userPrincipalName',
    'displayName',
    'givenName',
    'surname',
    'userType',
    'accountEnabled',
    'jobTitle',
    'creationType',
    'externalUserState',
  ],
  any: ['otherMails'],
};

const MAX_LENGTH: Record<string, number> = { displayName: 256, givenName: 64, surname: 64, jobTitle: 128 };
const READ_ONLY = [
  'id',
  'createdDateTime',
  'deletedDateTime',
  'creationType',
  'externalUserState',
  'externalUserStateChangeDateTime',
];
const NOT_SIMULATED = ['mail', 'userPrincipalName', 'otherMails', 'userType'];

function liveUser(ctx: RequestContext): UserRecord {
  const user = ctx.state.user(ctx.params.id ?? '');
  if (!user) throw notFound(ctx.params.id ?? '');
  return user;
}

/** Entra refuses edits of a user who holds a privileged role unless the caller is a higher admin. */
function assertEditable(ctx: RequestContext, user: UserRecord): void {
  if (ctx.state.holdsPrivilegedRole(user.id, ctx.now) && !ctx.state.appCanEditPrivilegedUsers()) throw forbidden();
}

function listUsers(ctx: RequestContext): GraphResponse {
  const matching = filterRecords(ctx, ctx.state.liveUsers(), userJson, USER_FILTER);
  return collection(
    ctx,
    'users',
    matching.map((u) => projectUser(ctx, u)),
  );
}

function checkedText(read: BodyReader, key: string, text: string): string {
  if (text.trim() === '' || text.length > (MAX_LENGTH[key] ?? 256)) throw read.invalid(key);
  return text;
}

function patchUser(ctx: RequestContext): GraphResponse {
  const user = liveUser(ctx);
  assertReplicated(ctx, user.id, 'directory');
  const body = bodyObject(ctx.body);
  const read = new BodyReader(body, 'User');
  const changes: Partial<Pick<UserRecord, 'displayName' | 'givenName' | 'surname' | 'jobTitle' | 'accountEnabled'>> =
    {};
  for (const key of Object.keys(body)) {
    if (key === '@odata.type') continue;
    if (READ_ONLY.includes(key)) throw directoryBadRequest(`Property '${key}' is read-only and cannot be set.`);
    if (NOT_SIMULATED.includes(key))
      throw directoryBadRequest(`Property '${key}' cannot be updated in the simulated tenant.`);
    if (key === 'accountEnabled') {
      changes.accountEnabled = read.requiredBoolean(key);
    } else if (key === 'displayName') {
      changes.displayName = checkedText(read, key, read.requiredString(key));
    } else if (key === 'givenName' || key === 'surname' || key === 'jobTitle') {
      const text = read.optionalString(key);
      changes[key] = text === undefined ? null : checkedText(read, key, text);
    } else {
      throw directoryBadRequest(`Property '${key}' does not exist as a declared property or extension property.`);
    }
  }
  assertEditable(ctx, user);
  Object.assign(user, changes);
  return NO_CONTENT;
}

function deleteUser(ctx: RequestContext): GraphResponse {
  const user = liveUser(ctx);
  assertEditable(ctx, user);
  user.deletedDateTime = ctx.now.toISOString();
  return NO_CONTENT;
}

function memberOf(transitive: boolean) {
  return (ctx: RequestContext): GraphResponse => {
    const user = liveUser(ctx);
    const groups = transitive ? ctx.state.transitiveGroupsOf(user.id) : ctx.state.directGroupsOf(user.id);
    return collection(
      ctx,
      'directoryObjects',
      groups.map((g) => projectGroup(ctx, g, true)),
    );
  };
}

function checkMemberGroups(ctx: RequestContext): GraphResponse {
  const user = liveUser(ctx);
  const groupIds = bodyObject(ctx.body).groupIds;
  if (!Array.isArray(groupIds) || groupIds.some((g) => typeof g !== 'string')) {
    throw directoryBadRequest("Invalid value specified for property 'groupIds': an array of group ids is required.");
  }
  if (groupIds.length > 20)
    throw directoryBadRequest(`Too many group ids: at most 20 may be checked at once, got ${groupIds.length}.`);
  const memberOfIds = new Set(ctx.state.transitiveGroupsOf(user.id).map((g) => g.id.toLowerCase()));
  const value = (groupIds as string[]).filter((g) => memberOfIds.has(g.toLowerCase()));
  return {
    status: 200,
    body: { '@odata.context': `${ctx.serverUrl}/${ctx.version}/$metadata#Collection(Edm.String)`, value },
  };
}

function getMemberGroups(ctx: RequestContext): GraphResponse {
  const user = liveUser(ctx);
  const value = ctx.state.transitiveGroupsOf(user.id).map((g) => g.id);
  return {
    status: 200,
    body: { '@odata.context': `${ctx.serverUrl}/${ctx.version}/$metadata#Collection(Edm.String)`, value },
  };
}

export const userRoutes: Route[] = [
  { method: 'GET', pattern: '/users', permissions: PERMISSIONS.userRead, handler: listUsers },
  {
    method: 'GET',
    pattern: '/users/:id',
    permissions: PERMISSIONS.userRead,
    handler: (ctx) => entity(ctx, 'users/$entity', projectUser(ctx, liveUser(ctx))),
  },
  { method: 'PATCH', pattern: '/users/:id', permissions: PERMISSIONS.userWrite, handler: patchUser },
  { method: 'DELETE', pattern: '/users/:id', permissions: PERMISSIONS.userDelete, handler: deleteUser },
  { method: 'GET', pattern: '/users/:id/memberOf', permissions: PERMISSIONS.membershipRead, handler: memberOf(false) },
  {
    method: 'GET',
    pattern: '/users/:id/transitiveMemberOf',
    permissions: PERMISSIONS.membershipRead,
    handler: memberOf(true),
  },
  {
    method: 'POST',
    pattern: '/users/:id/checkMemberGroups',
    permissions: PERMISSIONS.membershipRead,
    handler: checkMemberGroups,
  },
  {
    method: 'POST',
    pattern: '/users/:id/getMemberGroups',
    permissions: PERMISSIONS.membershipRead,
    handler: getMemberGroups,
  },
];
