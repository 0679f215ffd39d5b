import { randomUUID } from 'node:crypto';
import { badRequest, conflict, notFound } from '../errors';
import { accessAssignmentJson, etag, type GdapAccessAssignment } from '../gdap-model';
import { isGuid, readUnifiedRoles } from '../gdap-validation';
import { collection, entity, filterRecords } from '../odata';
import { PERMISSIONS } from '../permissions';
import { bodyObject, BodyReader, isObject } from '../request-body';
import type { GraphResponse, RequestContext, Route } from '../route-types';
import { checkIfMatch, findRelationship, GDAP_BASE } from './gdap';

const ENTITY = 'tenantRelationships/delegatedAdminRelationships/accessAssignments/$entity';

function findAssignment(ctx: RequestContext): GdapAccessAssignment {
  const found = findRelationship(ctx).accessAssignments.find((a) => a.id === ctx.params.assignmentId);
  if (!found) throw notFound(ctx.params.assignmentId ?? '');
  return found;
}

/** Roles go to a partner security group; they must be a subset of what the customer approved. */
function create(ctx: RequestContext): GraphResponse {
  const rel = findRelationship(ctx);
  if (rel.status !== 'active')
    throw badRequest(
      `Access assignments can only be created while the relationship is 'active'; it is '${rel.status}'.`,
    );
  const body = bodyObject(ctx.body);
  const container = body.accessContainer;
  if (!isObject(container))
    throw badRequest(
      'accessContainer is required: { "accessContainerId": "<partner security group id>", "accessContainerType": "securityGroup" }.',
    );
  const read = new BodyReader(container, 'delegatedAdminAccessContainer', 'BadRequest');
  const containerId = read.requiredString('accessContainerId');
  if (!isGuid(containerId)) throw badRequest(`accessContainer.accessContainerId '${containerId}' is not a GUID.`);
  if (read.requiredString('accessContainerType') !== 'securityGroup')
    throw badRequest("accessContainer.accessContainerType must be 'securityGroup'.");
  const roles = readUnifiedRoles(body.accessDetails, ctx.state, 'accessDetails');
  const outside = roles.find((r) => !rel.unifiedRoles.some((x) => x.toLowerCase() === r.toLowerCase()));
  if (outside) throw badRequest(`The role '${outside}' is not part of the relationship, so it cannot be assigned.`);
  const live = rel.accessAssignments.find(
    (a) => a.accessContainerId.toLowerCase() === containerId.toLowerCase() && a.status !== 'deleted',
  );
  if (live)
    throw conflict(
      `The security group '${containerId}' already has an access assignment (${live.id}) in this relationship.`,
    );
  const now = ctx.now.toISOString();
  const assignment: GdapAccessAssignment = {
    id: randomUUID(),
    status: 'pending',
    accessContainerId: containerId,
    unifiedRoles: roles,
    createdDateTime: now,
    lastModifiedDateTime: now,
    activeAt: ctx.now.getTime() + ctx.state.gdapTiming.accessAssignmentActivationMs,
    version: 1,
  };
  rel.accessAssignments.push(assignment);
  return entity(ctx, ENTITY, accessAssignmentJson(assignment), 201);
}

function remove(ctx: RequestContext): GraphResponse {
  const assignment = findAssignment(ctx);
  checkIfMatch(ctx, etag(assignment.id, assignment.version));
  if (assignment.status === 'deleted') throw notFound(assignment.id);
  Object.assign(assignment, {
    status: 'deleted',
    lastModifiedDateTime: ctx.now.toISOString(),
    version: assignment.version + 1,
  });
  return { status: 202 };
}

export const gdapAccessRoutes: Route[] = [
  {
    method: 'GET',
    pattern: `${GDAP_BASE}/:id/accessAssignments`,
    permissions: PERMISSIONS.gdapRead,
    handler: (ctx) =>
      collection(
        ctx,
        'tenantRelationships/delegatedAdminRelationships/accessAssignments',
        filterRecords(ctx, findRelationship(ctx).accessAssignments, accessAssignmentJson, {
          resource: 'delegatedAdminAccessAssignment',
          eq: ['id', 'status'],
        }).map(accessAssignmentJson),
      ),
  },
  {
    method: 'POST',
    pattern: `${GDAP_BASE}/:id/accessAssignments`,
    permissions: PERMISSIONS.gdapWrite,
    handler: create,
  },
  {
    method: 'GET',
    pattern: `${GDAP_BASE}/:id/accessAssignments/:assignmentId`,
    permissions: PERMISSIONS.gdapRead,
    handler: (ctx) => entity(ctx, ENTITY, accessAssignmentJson(findAssignment(ctx))),
  },
  {
    method: 'DELETE',
    pattern: `${GDAP_BASE}/:id/accessAssignments/:assignmentId`,
    permissions: PERMISSIONS.gdapWrite,
    handler: remove,
  },
];
