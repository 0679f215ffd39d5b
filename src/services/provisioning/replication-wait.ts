import { setTimeout as delay } from 'node:timers/promises';
import { GraphRequestError } from '../graph/graph-error';

/** How long, by default, a step waits for a just-invited guest to reach every replica (PIM takes the longest). */
export const DEFAULT_REPLICATION_WAIT_MS = 180_000;
const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 15_000;

export interface ReplicationWait {
  /** The bound on the total wait per step; past it the step fails like any other. */
  readonly maxWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told once per step, before the first wait, so the cards can say what the bot waits for. */
  readonly onWaiting?: () => Promise<void>;
}

/**
 * What Graph answers while a just-invited user has not replicated yet: 404 Request_ResourceNotFound, or, for a
 * direct role assignment, 400 "Not a valid reference update." A 404 that names `otherId` (the group of a member
 * add) is about that object, not the guest, and is not waited for.
 */
export function notReplicatedYet(error: unknown, otherId?: string): boolean {
  if (!(error instanceof GraphRequestError)) return false;
  if (error.status === 400) return /not a valid reference update/i.test(error.message);
  if (error.status !== 404 || !/ResourceNotFound/i.test(error.code)) return false;
  return otherId === undefined || !error.message.includes(otherId);
}

/**
 * Runs a write that references a just-invited user, and runs it again, with a growing wait (1 s doubling up to
 * 15 s), while Graph has not replicated the user yet — documented to take seconds for the directory and up to a
 * couple of minutes for PIM. Any other answer, or the lag outlasting `maxWaitMs`, goes to the caller unchanged.
 */
export async function awaitReplication<T>(
  wait: ReplicationWait,
  action: () => Promise<T>,
  otherId?: string,
): Promise<T> {
  const bound = wait.maxWaitMs ?? DEFAULT_REPLICATION_WAIT_MS;
  let waited = 0;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      if (!notReplicatedYet(error, otherId) || waited >= bound) throw error;
      if (attempt === 0) await wait.onWaiting?.();
      const ms = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** attempt, bound - waited);
      await (wait.sleep ?? delay)(ms);
      waited += ms;
    }
  }
}
