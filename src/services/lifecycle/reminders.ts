import { asChange, updateGrant } from './grant-updater';
import { silentLogger, SYSTEM_ACTOR, type LifecycleDeps, type ReminderOutcome } from './lifecycle-types';

const DAY_MS = 86_400_000;

/**
 * Sends the reminder `daysBefore` the grant's expiry, at most once: the day is recorded in remindersSent (a
 * compare-and-set) before the bot is asked to tell anyone, so a repeat or a racing instance finds it already sent.
 * `expiresAt` (from the job) guards against a reminder armed for an end that an extension has since moved.
 */
export async function reminderDue(
  deps: Pick<LifecycleDeps, 'stores' | 'clock' | 'notifications' | 'logger' | 'config'>,
  grantId: string,
  daysBefore: number,
  expiresAt?: string,
): Promise<ReminderOutcome> {
  const { grants, requests, audit } = deps.stores;
  const found = await grants.get(grantId);
  if (!found) return { sent: false, why: 'not-found' };
  if (found.status !== 'active' || found.expiresAt === undefined) return { sent: false, why: 'not-active' };
  if (expiresAt !== undefined && Date.parse(expiresAt) !== Date.parse(found.expiresAt))
    return { sent: false, why: 'stale' };
  // A reminder that comes due only at or after the end (the bot was down) would announce what already happened.
  if (Date.parse(found.expiresAt) <= deps.clock().getTime()) return { sent: false, why: 'too-late' };
  const marked = await updateGrant(grants, found, (g) =>
    g.status === 'active' && g.expiresAt === found.expiresAt && !g.remindersSent.includes(daysBefore)
      ? { ...asChange(g), remindersSent: [...g.remindersSent, daysBefore] }
      : undefined,
  );
  if ('skipped' in marked) {
    const g = marked.skipped;
    return g.status !== 'active'
      ? { sent: false, why: 'not-active' }
      : g.remindersSent.includes(daysBefore)
        ? { sent: false, why: 'already-sent' }
        : { sent: false, why: 'stale' };
  }
  const grant = marked.saved;
  const daysLeft = Math.max(
    0,
    Math.ceil((Date.parse(found.expiresAt) - deps.clock().getTime()) / (deps.config.dayMs ?? DAY_MS)),
  );
  let reached = false;
  try {
    reached = await deps.notifications.reminder(grant, await requests.get(grant.requestId), daysLeft);
  } catch (error) {
    (deps.logger ?? silentLogger).warn({ grantId, daysBefore, err: error }, 'lifecycle: reminder failed');
  }
  await audit.append({
    actorId: SYSTEM_ACTOR.id,
    actorName: SYSTEM_ACTOR.name,
    action: 'grant.reminded',
    subject: grant.id,
    detail: {
      requestId: grant.requestId,
      email: grant.email,
      daysBefore,
      daysLeft,
      expiresAt: grant.expiresAt,
      reached,
    },
  });
  return { sent: true, reached, daysLeft };
}
