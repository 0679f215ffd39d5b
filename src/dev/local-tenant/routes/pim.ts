import { randomUUID } from 'node:crypto';
import { badRequest, GraphHttpError, notFound } from '../errors';
import { DAY_MS } from '../iso-duration';
import { collection, entity, filterItems } from '../odata';
import { PERMISSIONS } from '../permissions';
import { readSchedule, scheduleJson } from '../pim-schedule';
import { assertReplicated } from '../replication';
import { bodyObject, BodyReader, type JsonObject } from '../request-body';
import type { GraphResponse, RequestContext, Route } from '../route-types';
import type { AssignmentRecord } from '../state';
import { assertAssignablePrincipal, sameAssignment } from './roles';

const BASE = '/roleManagement/directory';
interface Outcome {
  readonly scheduleInfo: unknown;
  readonly status: string;
  readonly targetScheduleId: string;
}

function remove(ctx: RequestContext, existing: AssignmentRecord | undefined, validationOnly: boolean): Outcome {
  if (!existing) throw new GraphHttpError(400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.');
  if (!validationOnly) ctx.state.assignments.delete(existing.id);
  return { scheduleInfo: scheduleJson(existing).scheduleInfo, status: 'Revoked', targetScheduleId: existing.id };
}

interface AssignInput {
  readonly principalId: string;
  readonly roleDefinitionId: string;
  readonly directoryScopeId: string;
  readonly justification: string | null;
  readonly validationOnly: boolean;
  readonly existing: AssignmentRecord | undefined;
  readonly scheduleInfo: unknown;
}

/** PIM policy first (all failing rules at once, as PIM lists them), then the duplicate check. */
function assign(ctx: RequestContext, input: AssignInput): Outcome {
  const { state, now } = ctx;
  const schedule = readSchedule(input.scheduleInfo, now);
  const failed: string[] = [];
  const policy = state.pim;
  const tooLong = schedule.end
    ? schedule.end.getTime() - schedule.start.getTime() > policy.maxDurationDays * DAY_MS
    : !policy.allowPermanentActive;
  if (tooLong) failed.push('ExpirationRule');
  if (policy.requireJustification && !input.justification) failed.push('JustificationRule');
  if (failed.length > 0) {
    throw new GraphHttpError(
      400,
      'RoleAssignmentRequestPolicyValidationFailed',
      `The following policy rules failed: [${failed.map((r) => `"${r}"`).join(',')}]`,
    );
  }
  if (input.existing) throw new GraphHttpError(400, 'RoleAssignmentExists', 'The Role assignment already exists.');
  const record: AssignmentRecord = {
    id: state.newAssignmentId(),
    roleDefinitionId: state.role(input.roleDefinitionId)?.id ?? input.roleDefinitionId,
    principalId: input.principalId,
    directoryScopeId: input.directoryScopeId,
    createdDateTime: now.toISOString(),
    startDateTime: schedule.start.toISOString(),
    endDateTime: schedule.end?.toISOString() ?? null,
    createdUsing: 'pim',
  };
  if (!input.validationOnly) state.assignments.set(record.id, record);
  return { scheduleInfo: schedule.json, status: 'Provisioned', targetScheduleId: record.id };
}

function createRequest(ctx: RequestContext): GraphResponse {
  const { state, now } = ctx;
  const body = bodyObject(ctx.body);
  const read = new BodyReader(body, 'UnifiedRoleAssignmentScheduleRequest', 'BadRequest');
  const action = read.requiredString('action');
  if (action !== 'adminAssign' && action !== 'adminRemove') {
    throw badRequest(
      `The action '${action}' is not supported by the simulated tenant; use adminAssign or adminRemove.`,
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
  const outcome =
    action === 'adminRemove'
      ? remove(ctx, existing, validationOnly)
      : assign(ctx, {
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
