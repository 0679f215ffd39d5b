import { project } from './odata';
import type { JsonObject } from './request-body';
import type { RequestContext } from './route-types';
import type { GroupRecord, UserRecord } from './state';

/** What GET /users/{id} returns on v1.0 without $select (beta returns everything). */
const V1_DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

export function userJson(u: UserRecord): JsonObject {
  return {
    id: u.id,
    businessPhones: [],
    displayName: u.displayName,
    givenName: u.givenName,
    jobTitle: u.jobTitle,
    mail: u.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: u.surname,
    userPrincipalName: u.userPrincipalName,
    accountEnabled: u.accountEnabled,
    userType: u.userType,
    otherMails: u.otherMails,
    externalUserState: u.externalUserState,
    externalUserStateChangeDateTime: u.externalUserStateChangeDateTime,
    creationType: u.creationType,
    createdDateTime: u.createdDateTime,
    deletedDateTime: u.deletedDateTime,
  };
}

/** A user as Graph would show it: the v1.0 default property set unless $select asks for more. */
export function projectUser(ctx: RequestContext, u: UserRecord, withType = false): JsonObject {
  const json = withType ? { '@odata.type': '#microsoft.graph.user', ...userJson(u) } : userJson(u);
  return project(ctx, 'microsoft.graph.user', json, ctx.version === 'v1.0' ? V1_DEFAULT_USER_PROPERTIES : undefined);
}

export function groupJson(g: GroupRecord): JsonObject {
  return {
    id: g.id,
    createdDateTime: g.createdDateTime,
    deletedDateTime: null,
    description: g.description,
    displayName: g.displayName,
    groupTypes: g.groupTypes,
    isAssignableToRole: g.isAssignableToRole,
    mail: null,
    mailEnabled: g.mailEnabled,
    mailNickname: g.mailNickname,
    securityEnabled: g.securityEnabled,
    visibility: null,
  };
}

export function projectGroup(ctx: RequestContext, g: GroupRecord, withType = false): JsonObject {
  const json = withType ? { '@odata.type': '#microsoft.graph.group', ...groupJson(g) } : groupJson(g);
  return project(ctx, 'microsoft.graph.group', json);
}
