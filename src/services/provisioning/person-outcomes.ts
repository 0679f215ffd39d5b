import { randomBytes } from 'node:crypto';
import type { AccessRequest, PersonFailure } from '../requests/types';
import { failureSentence } from './failure-sentence';
import {
  SYSTEM_ACTOR,
  type ProvisionedPerson,
  type ProvisioningSagaDeps,
  type StepFailure,
} from './provisioning-types';

type Deps = Pick<ProvisioningSagaDeps, 'audit' | 'pimEnabled' | 'groupId'>;

/** One person's step failed for good: their sentence and reference, audited at once; the others go on. */
export interface FailedPerson extends PersonFailure {
  /** What Graph answered, for the audit and the log (not shown on the card). */
  readonly graph: { readonly status: number; readonly code: string; readonly graphRequestId?: string };
}

export async function personFailed(deps: Deps, requestId: string, failure: StepFailure): Promise<FailedPerson> {
  const { step, email, error } = failure;
  const message = failureSentence(step, error, { email, pim: deps.pimEnabled, groupId: deps.groupId });
  const reference = error.requestId ?? randomBytes(4).toString('hex');
  const graph = { status: error.status, code: error.code, graphRequestId: error.requestId };
  await deps.audit.append({
    ...SYSTEM_ACTOR,
    action: 'provisioning.person-failed',
    subject: requestId,
    detail: { email, step, reference, message, ...graph },
  });
  return { email, step, message, reference, graph };
}

/**
 * The request's failure when some people failed. The request as a whole is 'failed' (so the admins' Retry, which
 * runs only the steps not done, i.e. only the failed people, stays where it was), while `granted` lists who has
 * access anyway: their grants are recorded and they get their delivery.
 */
export function requestFailure(
  failures: readonly FailedPerson[],
  granted: readonly ProvisionedPerson[],
): NonNullable<AccessRequest['failure']> {
  const [first] = failures;
  if (!first) throw new Error('requestFailure(): no person failed');
  const message =
    failures.length === 1
      ? first.message
      : `${failures.length} people could not be given access: ${failures.map((f) => `${f.email}: ${f.message}`).join(' ')}`;
  const others = granted.length > 0 ? ` Access was granted to ${granted.map((p) => p.email).join(', ')}.` : '';
  return {
    message: `${message}${others}`,
    reference: first.reference,
    step: first.step,
    people: failures.map(({ graph: _graph, ...f }) => f),
    granted: granted.map((p) => p.email),
  };
}

/** The request's 'provisioning.failed' audit: the first failure in full (with Graph's answer), then who and who not. */
export function failedDetail(failures: readonly FailedPerson[], granted: readonly string[] | undefined) {
  const { graph, ...first } = failures[0] ?? { graph: {} };
  return { ...first, ...graph, failed: failures.map((f) => f.email), granted };
}
