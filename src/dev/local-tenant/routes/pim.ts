import { randomUUID } from 'node:crypto';
import { badRequest, notFound } from '../errors';
import { collection, entity, filterItems } from '../odata';
import { PERMISSIONS } from '../permissions';
import { adminAssign, adminExtend, adminRemove, adminUpdate } from '../pim-actions';
import { scheduleJson } from '../pim-schedule';
import { assertReplicated } from '../replication';
import { bodyObject, BodyReader, type JsonObject } from '../request-body';
import type { GraphResponse, RequestContext, Route } from '../route-types';
import { assertAssignablePrincipal, sameAssignment } from './roles';

const BASE = '/roleManagement/directory';
/** The admin actions the local tenant answers; the self-service ones need a signed-in principal it does not have. */
const ACTIONS = { adminAssign, adminRemove, adminUpdate, adminExtend } as const;
const isAction = (a: string): a is keyof typeof ACTIONS => Object.hasOwn(ACTIONS, a);

function createRequest(ctx: RequestContext): GraphResponse {
  const { state, now } = ctx;
  const body = bodyObject(ctx.body);
  const read = new BodyReader(body, 'UnifiedRoleAssignmentScheduleRequest', 'BadRequest');
  const action = read.requiredString('action');
  if (!isAction(action)) {
    throw badRequest(
      `The action '${action}' is not supported by the simulated tenant; use ${Object.keys(ACTIONS).join(', ')}.`,
    );
  }
  const principalId = read.requiredString('principalId');
  const roleDefinitionId = read.requiredString('roleDefinitionId');
  const directoryScopeId = read.requiredString('directoryScopeId');
  const justification = read.optionalString('justification')?.trim() || null;
  const validationOnly = read.optionalBoolean('isValidationOnly') ?? false;
  if (!state.role(roleDefinitionId)) throw notFound(roleDefinitionId);
  assertAssignablePrincipal(state, principalId);
  assertReplicated(ctx, principalId, 'pim');
  const existing = state
    .currentAssignments(now)
    .find((a) => sameAssignment(a, roleDefinitionId, principalId, directoryScopeId));
  const outcome = ACTIONS[action](ctx, {
    principalId,
    roleDefinitionId,
    directoryScopeId,
    justification,
    validationOnly,
    existing,
    scheduleInfo: body.scheduleInfo,
  });
  const { scheduleInfo, status, targetScheduleId } = outcome;
  const id = randomUUID();
  const json: JsonObject = {
    id,
    status,
    action,
    principalId,
    roleDefinitionId,
    directoryScopeId,
    appScopeId: null,
    isValidationOnly: validationOnly,
    targetScheduleId,
    justification,
    createdDateTime: now.toISOString(),
    completedDateTime: now.toISOString(),
    approvalId: null,
    customData: null,
    createdBy: {
      application: { id: null, displayName: 'Copilot Partner Access (simulated app)' },
      device: null,
      user: null,
    },
    scheduleInfo,
    ticketInfo: { ticketNumber: null, ticketSystem: null },
  };
  state.pimRequests.set(id, json);
  return entity(ctx, 'roleManagement/directory/roleAssignmentScheduleRequests/$entity', json, 201);
}

const SCHEDULE_FILTER = {
  resource: 'unifiedRoleAssignmentSchedule',
  eq: ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'status'],
};

function findSchedule(ctx: RequestContext): JsonObject {
  const found = ctx.state.currentAssignments(ctx.now).find((a) => a.id === ctx.params.id);
  if (!found) throw notFound(ctx.params.id ?? '');
  return scheduleJson(found);
}

function findRequest(ctx: RequestContext): JsonObject {
  const found = ctx.state.pimRequests.get(ctx.params.id ?? '');
  if (!found) throw notFound(ctx.params.id ?? '');
  return found;
}

export const pimRoutes: Route[] = [
  {
    method: 'POST',
    pattern: `${BASE}/roleAssignmentScheduleRequests`,
    permissions: PERMISSIONS.pimWrite,
    handler: createRequest,
  },
  {
    method: 'GET',
    pattern: `${BASE}/roleAssignmentScheduleRequests/:id`,
    permissions: PERMISSIONS.pimRead,
    handler: (ctx) => entity(ctx, 'roleManagement/directory/roleAssignmentScheduleRequests/$entity', findRequest(ctx)),
  },
  {
    method: 'GET',
    pattern: `${BASE}/roleAssignmentSchedules`,
    permissions: PERMISSIONS.pimRead,
    handler: (ctx) =>
      collection(
        ctx,
        'roleManagement/directory/roleAssignmentSchedules',
        filterItems(ctx, ctx.state.currentAssignments(ctx.now).map(scheduleJson), SCHEDULE_FILTER),
      ),
  },
  {
    method: 'GET',
    pattern: `${BASE}/roleAssignmentSchedules/:id`,
    permissions: PERMISSIONS.pimRead,
    handler: (ctx) => entity(ctx, 'roleManagement/directory/roleAssignmentSchedules/$entity', findSchedule(ctx)),
  },
];
