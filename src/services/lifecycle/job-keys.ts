import type { Grant, JobStore } from '../storage/types';
import { JOB_KINDS } from './lifecycle-types';

const DAY_MS = 86_400_000;

/** Payloads of the lifecycle jobs, as stored in the jobs table. */
export interface ExpirePayload {
  readonly grantId: string;
}
export interface RemindPayload {
  readonly grantId: string;
  readonly daysBefore: number;
  /** The expiry this reminder is about; a reminder for an older expiry (before an extension) is stale. */
  readonly expiresAt: string;
}

/** One expiry job per grant: re-scheduling it (an extension) moves its time. */
export const expireKey = (grantId: string): string => `${JOB_KINDS.expire}:${grantId}`;
/** Reminders are keyed by the expiry they announce, so an extension arms fresh ones. */
export const remindKey = (grantId: string, daysBefore: number, expiresAt: string): string =>
  `${JOB_KINDS.remind}:${grantId}:${daysBefore}:${expiresAt}`;
export const DRIFT_KEY = JOB_KINDS.drift;

/** The expiry job and every reminder still in the future; idempotent (jobs are keyed). */
export async function scheduleGrantJobs(
  jobs: JobStore,
  grant: Grant,
  reminderDays: readonly number[],
  now: Date,
  dayMs: number = DAY_MS,
): Promise<void> {
  if (grant.expiresAt === undefined || grant.status !== 'active') return;
  const end = Date.parse(grant.expiresAt);
  const expire: ExpirePayload = { grantId: grant.id };
  await jobs.schedule({
    kind: JOB_KINDS.expire,
    runAt: grant.expiresAt,
    payload: { ...expire },
    dedupeKey: expireKey(grant.id),
  });
  for (const daysBefore of new Set(reminderDays)) {
    const runAt = end - daysBefore * dayMs;
    if (daysBefore <= 0 || runAt <= now.getTime() || grant.remindersSent.includes(daysBefore)) continue;
    const payload: RemindPayload = { grantId: grant.id, daysBefore, expiresAt: grant.expiresAt };
    await jobs.schedule({
      kind: JOB_KINDS.remind,
      runAt: new Date(runAt),
      payload: { ...payload },
      dedupeKey: remindKey(grant.id, daysBefore, grant.expiresAt),
    });
  }
}

/** Drops the reminders still pending for the grant's current expiry (and, with `withExpiry`, its expiry job). */
export async function cancelGrantJobs(
  jobs: JobStore,
  grant: Grant,
  reminderDays: readonly number[],
  withExpiry: boolean,
): Promise<void> {
  if (grant.expiresAt === undefined) return;
  for (const daysBefore of new Set(reminderDays)) await jobs.cancel(remindKey(grant.id, daysBefore, grant.expiresAt));
  if (withExpiry) await jobs.cancel(expireKey(grant.id));
}

export function readExpirePayload(payload: Record<string, unknown>): ExpirePayload {
  const { grantId } = payload;
  if (typeof grantId !== 'string') throw new Error(`${JOB_KINDS.expire}: payload has no grantId`);
  return { grantId };
}

export function readRemindPayload(payload: Record<string, unknown>): RemindPayload {
  const { grantId, daysBefore, expiresAt } = payload;
  if (typeof grantId !== 'string' || typeof daysBefore !== 'number' || typeof expiresAt !== 'string')
    throw new Error(`${JOB_KINDS.remind}: payload needs grantId, daysBefore and expiresAt`);
  return { grantId, daysBefore, expiresAt };
}
