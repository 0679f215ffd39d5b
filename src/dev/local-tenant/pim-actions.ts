import { GraphHttpError } from './errors';
import { DAY_MS } from './iso-duration';
import { readSchedule, scheduleJson, type Schedule } from './pim-schedule';
import type { RequestContext } from './route-types';
import type { AssignmentRecord } from './state';

/**
 * The admin actions of POST /roleManagement/directory/roleAssignmentScheduleRequests, as the unifiedRoleAssignment-
 * ScheduleRequest resource page (Microsoft Learn) defines them: adminAssign assigns, adminRemove removes, adminUpdate
 * "changes existing role assignments", adminExtend "extends expiring assignments". An update or extension changes the
 * end of the SAME schedule (same id): the principal holds the role throughout.
 */
export interface Outcome {
  readonly scheduleInfo: unknown;
  readonly status: string;
  readonly targetScheduleId: string;
}

export interface ActionInput {
  readonly principalId: string;
  readonly roleDefinitionId: string;
  readonly directoryScopeId: string;
  readonly justification: string | null;
  readonly validationOnly: boolean;
  readonly existing: AssignmentRecord | undefined;
  readonly scheduleInfo: unknown;
}

/**
 * adminExtend is for "expiring" assignments. Microsoft Learn's "Extend or renew Microsoft Entra role assignments in
 * PIM" (pim-how-to-renew-extend) counts an assignment as expiring from 14 days before its end, when PIM starts
 * notifying; the local tenant takes that as adminExtend's window. Any other change of the end is an adminUpdate.
 */
export const EXTEND_WINDOW_MS = 14 * DAY_MS;

const noAssignment = () => new GraphHttpError(400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.');

export function adminRemove(ctx: RequestContext, input: ActionInput): Outcome {
  const { existing } = input;
  if (!existing) throw noAssignment();
  if (!input.validationOnly) ctx.state.assignments.delete(existing.id);
  return { scheduleInfo: scheduleJson(existing).scheduleInfo, status: 'Revoked', targetScheduleId: existing.id };
}

/** PIM policy first (all failing rules at once, as PIM lists them), then the duplicate check. */
export function adminAssign(ctx: RequestContext, input: ActionInput): Outcome {
  const { state, now } = ctx;
  const schedule = readSchedule(input.scheduleInfo, now);
  checkPolicy(ctx, schedule, input.justification);
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

/**
 * adminUpdate (and adminExtend, once its window is checked): the existing assignment gets the request's end; its id
 * and start stay. The policy is checked on the request's schedule (from its start, now when absent), so a refused
 * change leaves the assignment exactly as it was.
 */
export function adminUpdate(ctx: RequestContext, input: ActionInput): Outcome {
  const { existing } = input;
  if (!existing) throw noAssignment();
  const schedule = readSchedule(input.scheduleInfo, ctx.now);
  checkPolicy(ctx, schedule, input.justification);
  const changed: AssignmentRecord = { ...existing, endDateTime: schedule.end?.toISOString() ?? null };
  if (!input.validationOnly) ctx.state.assignments.set(existing.id, changed);
  return { scheduleInfo: schedule.json, status: 'Provisioned', targetScheduleId: existing.id };
}

export function adminExtend(ctx: RequestContext, input: ActionInput): Outcome {
  const { existing } = input;
  if (!existing) throw noAssignment();
  const end = existing.endDateTime ? Date.parse(existing.endDateTime) : undefined;
  if (end === undefined || end - ctx.now.getTime() > EXTEND_WINDOW_MS) {
    // The wording is the local tenant's own; Graph's code for this case is not documented.
    throw new GraphHttpError(
      400,
      'BadRequest',
      'adminExtend applies only to an assignment that expires within 14 days; use adminUpdate to change its end.',
    );
  }
  return adminUpdate(ctx, input);
}

/** The role's policy: the seed's, with the refusing-policy mode's maximum in its place while that mode is on. */
function checkPolicy(ctx: RequestContext, schedule: Schedule, justification: string | null): void {
  const policy = ctx.state.pim;
  const refusing = ctx.modes.pimPolicy;
  const maxDays = refusing.enabled ? refusing.maxDurationDays : policy.maxDurationDays;
  const failed: string[] = [];
  const tooLong = schedule.end
    ? schedule.end.getTime() - schedule.start.getTime() > maxDays * DAY_MS
    : refusing.enabled || !policy.allowPermanentActive;
  if (tooLong) failed.push('ExpirationRule');
  if (policy.requireJustification && !justification) failed.push('JustificationRule');
  if (failed.length > 0) {
    throw new GraphHttpError(
      400,
      'RoleAssignmentRequestPolicyValidationFailed',
      `The following policy rules failed: [${failed.map((r) => `"${r}"`).join(',')}]`,
    );
  }
}
