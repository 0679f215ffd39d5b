import { directoryBadRequest, notFound } from '../errors';
import { collection, entity, filterItems, NO_CONTENT } from '../odata';
import { PERMISSIONS } from '../permissions';
import { assertReplicated } from '../replication';
import { bodyObject, BodyReader, type JsonObject } from '../request-body';
import { roleDefinitionJson } from '../role-definitions';
import type { GraphResponse, RequestContext, Route } from '../route-types';
import type { AssignmentRecord, TenantState } from '../state';

const BASE = '/roleManagement/directory';
export const CONFLICTING_OBJECT =
  'A conflicting object with one or more of the specified property values is present in the directory.';

export function assignmentJson(a: AssignmentRecord): JsonObject {
  return {
    id: a.id,
    principalId: a.principalId,
    roleDefinitionId: a.roleDefinitionId,
    directoryScopeId: a.directoryScopeId,
    appScopeId: null,
    condition: null,
  };
}

/** The principal a role may be given to: a live user, or a role-assignable group. */
export function assertAssignablePrincipal(state: TenantState, principalId: string): void {
  const principal = state.directoryObject(principalId);
  if (!principal) throw notFound(principalId);
  if (principal.kind === 'group' && !principal.group.isAssignableToRole) {
    throw directoryBadRequest(
      `The group '${principal.group.displayName}' is not role-assignable (isAssignableToRole is false).`,
    );
  }
}

export function sameAssignment(
  a: AssignmentRecord,
  roleDefinitionId: string,
  principalId: string,
  directoryScopeId: string,
): boolean {
  return (
    a.roleDefinitionId.toLowerCase() === roleDefinitionId.toLowerCase() &&
    a.principalId.toLowerCase() === principalId.toLowerCase() &&
    a.directoryScopeId.toLowerCase() === directoryScopeId.toLowerCase()
  );
}

function findAssignment(ctx: RequestContext): AssignmentRecord {
  const id = ctx.params.id ?? '';
  const found = ctx.state.activeAssignments(ctx.now).find((a) => a.id === id);
  if (!found) throw notFound(id);
  return found;
}

function getRoleDefinition(ctx: RequestContext): GraphResponse {
  const role = ctx.state.role(ctx.params.id ?? '');
  if (!role) throw notFound(ctx.params.id ?? '');
  return entity(ctx, 'roleManagement/directory/roleDefinitions/$entity', roleDefinitionJson(role, ctx.version));
}

function listRoleDefinitions(ctx: RequestContext): GraphResponse {
  const all = [...ctx.state.roles.values()].map((r) => roleDefinitionJson(r, ctx.version));
  const items = filterItems(ctx, all, {
    resource: 'unifiedRoleDefinition',
    eq: ['id', 'displayName', 'templateId', 'isBuiltIn', 'isEnabled'],
  });
  return collection(ctx, 'roleManagement/directory/roleDefinitions', items);
}

function listAssignments(ctx: RequestContext): GraphResponse {
  const all = ctx.state.activeAssignments(ctx.now).map(assignmentJson);
  const items = filterItems(ctx, all, {
    resource: 'unifiedRoleAssignment',
    eq: ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId'],
  });
  return collection(ctx, 'roleManagement/directory/roleAssignments', items);
}

function createAssignment(ctx: RequestContext): GraphResponse {
  const body = bodyObject(ctx.body);
  const type = body['@odata.type'];
  if (type !== undefined && type !== '#microsoft.graph.unifiedRoleAssignment')
    throw directoryBadRequest(
      `The @odata.type ${JSON.stringify(type)} is not valid here; use #microsoft.graph.unifiedRoleAssignment.`,
    );
  const read = new BodyReader(body, 'UnifiedRoleAssignment');
  const roleDefinitionId = read.requiredString('roleDefinitionId');
  const principalId = read.requiredString('principalId');
  const directoryScopeId = read.requiredString('directoryScopeId');
  if (!directoryScopeId.startsWith('/')) throw read.invalid('directoryScopeId', "Use '/' for the whole tenant.");
  if (!ctx.state.role(roleDefinitionId)) throw notFound(roleDefinitionId);
  assertAssignablePrincipal(ctx.state, principalId);
  assertReplicated(ctx, principalId, 'roleAssignment');
  if (
    ctx.state.activeAssignments(ctx.now).some((a) => sameAssignment(a, roleDefinitionId, principalId, directoryScopeId))
  ) {
    throw directoryBadRequest(CONFLICTING_OBJECT);
  }
  const now = ctx.now.toISOString();
  const record: AssignmentRecord = {
    id: ctx.state.newAssignmentId(),
    roleDefinitionId: ctx.state.role(roleDefinitionId)?.id ?? roleDefinitionId,
    principalId,
    directoryScopeId,
    createdDateTime: now,
    startDateTime: now,
    endDateTime: null,
    createdUsing: 'roleAssignment',
  };
  ctx.state.assignments.set(record.id, record);
  return entity(
    ctx,
    'roleManagement/directory/roleAssignments/$entity',
    { '@odata.type': '#microsoft.graph.unifiedRoleAssignment', ...assignmentJson(record) },
    201,
  );
}

function deleteAssignment(ctx: RequestContext): GraphResponse {
  const found = findAssignment(ctx);
  ctx.state.assignments.delete(found.id);
  return NO_CONTENT;
}

export const roleRoutes: Route[] = [
  {
    method: 'GET',
    pattern: `${BASE}/roleDefinitions`,
    permissions: PERMISSIONS.roleRead,
    handler: listRoleDefinitions,
  },
  {
    method: 'GET',
    pattern: `${BASE}/roleDefinitions/:id`,
    permissions: PERMISSIONS.roleRead,
    handler: getRoleDefinition,
  },
  { method: 'GET', pattern: `${BASE}/roleAssignments`, permissions: PERMISSIONS.roleRead, handler: listAssignments },
  { method: 'POST', pattern: `${BASE}/roleAssignments`, permissions: PERMISSIONS.roleWrite, handler: createAssignment },
  {
    method: 'GET',
    pattern: `${BASE}/roleAssignments/:id`,
    permissions: PERMISSIONS.roleRead,
    handler: (ctx) =>
      entity(ctx, 'roleManagement/directory/roleAssignments/$entity', assignmentJson(findAssignment(ctx))),
  },
  {
    method: 'DELETE',
    pattern: `${BASE}/roleAssignments/:id`,
    permissions: PERMISSIONS.roleWrite,
    handler: deleteAssignment,
  },
];
