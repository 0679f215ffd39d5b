import { badRequest } from './errors';
import { isoDurationMs } from './iso-duration';
import { BodyReader, isObject, type JsonObject } from './request-body';
import type { AssignmentRecord } from './state';

/** PIM scheduleInfo: reading a request's, and showing an assignment's. */
const EXPIRATION_TYPES = ['afterDateTime', 'afterDuration', 'noExpiration'];

export interface Schedule {
  readonly start: Date;
  readonly end: Date | null;
  readonly json: JsonObject;
}

export function readSchedule(value: unknown, now: Date): Schedule {
  if (value !== undefined && value !== null && !isObject(value))
    throw badRequest("Invalid value for 'scheduleInfo': an object is required.");
  const info = value ?? {};
  const read = new BodyReader(info, 'RequestSchedule', 'BadRequest');
  const startText = read.optionalString('startDateTime');
  const start = startText === undefined ? now : new Date(startText);
  if (Number.isNaN(start.getTime())) throw read.invalid('startDateTime');
  const expirationValue = info.expiration ?? {};
  if (!isObject(expirationValue))
    throw badRequest("Invalid value for 'scheduleInfo.expiration': an object is required.");
  const exp = new BodyReader(expirationValue, 'ExpirationPattern', 'BadRequest');
  const type = exp.optionalString('type') ?? 'noExpiration';
  if (!EXPIRATION_TYPES.includes(type)) throw exp.invalid('type', `Use one of ${EXPIRATION_TYPES.join(', ')}.`);
  let end: Date | null = null;
  if (type === 'afterDateTime') {
    end = new Date(exp.requiredString('endDateTime'));
    if (Number.isNaN(end.getTime()) || end <= start)
      throw exp.invalid('endDateTime', 'It must be a date-time after startDateTime.');
  } else if (type === 'afterDuration') {
    const ms = isoDurationMs(exp.requiredString('duration'));
    if (!ms) throw exp.invalid('duration', 'Use an ISO 8601 duration such as PT8H or P30D.');
    end = new Date(start.getTime() + ms);
  }
  const expiration = {
    type,
    endDateTime: end?.toISOString() ?? null,
    duration: exp.optionalString('duration') ?? null,
  };
  return { start, end, json: { startDateTime: start.toISOString(), recurrence: null, expiration } };
}

export function scheduleJson(a: AssignmentRecord): JsonObject {
  return {
    id: a.id,
    principalId: a.principalId,
    roleDefinitionId: a.roleDefinitionId,
    directoryScopeId: a.directoryScopeId,
    appScopeId: null,
    createdUsing: a.id,
    createdDateTime: a.createdDateTime,
    modifiedDateTime: null,
    status: 'Provisioned',
    assignmentType: 'Assigned',
    memberType: 'Direct',
    scheduleInfo: {
      startDateTime: a.startDateTime,
      recurrence: null,
      expiration: {
        type: a.endDateTime ? 'afterDateTime' : 'noExpiration',
        endDateTime: a.endDateTime,
        duration: null,
      },
    },
  };
}
