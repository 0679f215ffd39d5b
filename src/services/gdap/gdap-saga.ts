import { randomBytes } from 'node:crypto';
import { GraphRequestError } from '../graph/graph-error';
import { endedMessage, failureSentence } from './gdap-messages';
import { backoffDelay, GdapRun, StatusChanged, StepProblem, type GdapSagaDeps } from './gdap-run';
import { GDAP_ACTOR } from './gdap-step-log';
import { GDAP_STEPS } from './gdap-steps';
import type { GdapRequest, GdapRequestStatus, GdapStep } from './gdap-types';

export { BACKOFF_MS, backoffDelay, type GdapEvents, type GdapSagaDeps } from './gdap-run';

export type AdvanceResult =
  | { readonly state: 'waiting'; readonly nextCheckAt: Date; readonly busy?: true }
  | { readonly state: 'done' }
  | { readonly state: 'failed'; readonly message: string; readonly reference: string }
  | { readonly state: 'ended'; readonly status: 'expired' | 'terminated'; readonly message: string };

const DEFAULT_LEASE_MS = 5 * 60_000;
/** When another instance holds the lease, look again after this long. */
const BUSY_RETRY_MS = 60_000;

/** Another instance took the lease over (ours expired): stop, and leave the rest to it. */
class LeaseLost extends Error {}

/** What a settled request answers to every later advance(). */
function settled(req: GdapRequest): AdvanceResult | undefined {
  if (req.status === 'completed') return { state: 'done' };
  if (req.status === 'failed' && req.failure)
    return { state: 'failed', message: req.failure.message, reference: req.failure.reference };
  if (req.status === 'ended' && req.ended) return { state: 'ended', ...req.ended };
  return undefined;
}

/**
 * The partner side of GDAP for one request, as a durable saga: create → lock → hand-off → await approval →
 * security group → access assignment → await assignment → deliver. Each advance() runs under a lease, goes as far
 * as it can, and polls at most once; the caller (a scheduler job) calls again at `nextCheckAt`.
 */
export class GdapSaga {
  constructor(private readonly deps: GdapSagaDeps) {}

  async advance(gdapRequestId: string): Promise<AdvanceResult> {
    const busy: AdvanceResult = {
      state: 'waiting',
      nextCheckAt: new Date(this.deps.clock().getTime() + BUSY_RETRY_MS),
      busy: true,
    };
    if (!(await this.claim(gdapRequestId))) return busy;
    try {
      const req = await this.deps.store.get(gdapRequestId);
      if (!req) throw new Error(`GdapSaga.advance(): there is no GDAP request ${gdapRequestId}`);
      return settled(req) ?? (await this.run(await GdapRun.load(this.deps, req)));
    } catch (error) {
      if (error instanceof LeaseLost) return busy;
      if (error instanceof StatusChanged) return settled(error.request) ?? busy;
      throw error;
    } finally {
      await this.deps.store.release(gdapRequestId, this.deps.owner);
    }
  }

  /** A failed request goes again from its first step not done (after, say, the missing permission was granted). */
  async retry(
    gdapRequestId: string,
    actor: { aadObjectId: string; name: string },
  ): Promise<GdapRequest | { error: string }> {
    const req = await this.deps.store.get(gdapRequestId);
    if (!req) return { error: 'There is no GDAP request with that id.' };
    if (req.status !== 'failed')
      return { error: `Only a failed GDAP request can be retried; this one is ${req.status}.` };
    const status: GdapRequestStatus = !req.relationshipId
      ? 'new'
      : req.groupId || req.relationshipStatus === 'active'
        ? 'assigning'
        : 'awaiting-approval';
    const { failure: _f, transientFailures: _t, poll: _p, id: _id, version: _v, ...rest } = req;
    const reopened = await this.deps.store.update(req.id, req.version, {
      ...rest,
      status,
      updatedAt: this.deps.clock().toISOString(),
    });
    if (!reopened) return { error: 'Someone else changed this request first; look at it again.' };
    await this.deps.audit.append({
      actorId: actor.aadObjectId,
      actorName: actor.name,
      action: 'gdap.retried',
      subject: req.id,
      before: { status: 'failed', failure: req.failure },
      after: { status },
    });
    return reopened;
  }

  private async run(run: GdapRun): Promise<AdvanceResult> {
    for (const [step, action] of GDAP_STEPS) {
      if (run.log.done(step)) continue;
      let outcome;
      try {
        outcome = await action(run);
      } catch (error) {
        if (error instanceof StepProblem) return this.fail(run, step, error.message);
        if (!(error instanceof GraphRequestError)) throw error;
        if (error.isTransient) return this.transient(run, step, error);
        return this.fail(run, step, failureSentence(step, error, run.req), error);
      }
      if (outcome.kind === 'wait') return { state: 'waiting', nextCheckAt: outcome.nextCheckAt };
      if (outcome.kind === 'end') return this.end(run, step, outcome.status);
      if (run.req.transientFailures) await run.update(({ transientFailures: _t, ...r }) => r);
      if (!(await this.claim(run.req.id))) throw new LeaseLost();
    }
    await run.update(({ poll: _poll, ...r }) => ({ ...r, status: 'completed' }));
    await this.deps.audit.append({
      ...GDAP_ACTOR,
      action: 'gdap.completed',
      subject: run.req.id,
      detail: { relationshipId: run.req.relationshipId, groupId: run.req.groupId, assignmentId: run.req.assignmentId },
    });
    this.deps.logger?.info({ gdapRequestId: run.req.id, relationshipId: run.req.relationshipId }, 'gdap: completed');
    return { state: 'done' };
  }

  private async transient(run: GdapRun, step: GdapStep, error: GraphRequestError): Promise<AdvanceResult> {
    const failures = (run.req.transientFailures ?? 0) + 1;
    if (failures > (this.deps.maxTransientFailures ?? 5))
      return this.fail(run, step, failureSentence(step, error, run.req), error);
    await run.update((r) => ({ ...r, transientFailures: failures }));
    this.deps.logger?.warn(
      { gdapRequestId: run.req.id, step, status: error.status, failures },
      'gdap: transient Graph failure',
    );
    return { state: 'waiting', nextCheckAt: new Date(this.deps.clock().getTime() + backoffDelay(failures - 1)) };
  }

  private async end(run: GdapRun, step: GdapStep, status: 'expired' | 'terminated'): Promise<AdvanceResult> {
    const message = endedMessage(status, run.req, run.log.done('await-approval') !== undefined);
    await run.log.finish(step, { ended: status });
    await run.update(({ poll: _poll, ...r }) => ({ ...r, status: 'ended', ended: { status, message } }));
    await this.deps.audit.append({
      ...GDAP_ACTOR,
      action: 'gdap.ended',
      subject: run.req.id,
      detail: { step, status, relationshipId: run.req.relationshipId },
    });
    return { state: 'ended', status, message };
  }

  private async fail(run: GdapRun, step: GdapStep, message: string, error?: GraphRequestError): Promise<AdvanceResult> {
    const reference = error?.requestId ?? randomBytes(4).toString('hex');
    const graph = error ? { status: error.status, code: error.code, graphRequestId: error.requestId } : {};
    await run.log.failed(step, { ...graph, reference });
    const req = await run.update(({ poll: _poll, ...r }) => ({
      ...r,
      status: 'failed',
      failure: { message, reference, step },
    }));
    await this.deps.audit.append({
      ...GDAP_ACTOR,
      action: 'gdap.failed',
      subject: req.id,
      detail: { step, reference, message, relationshipId: req.relationshipId, ...graph },
    });
    this.deps.logger?.error({ gdapRequestId: req.id, step, reference, ...graph }, 'gdap: failed');
    await run.notify('failed', () => this.deps.events.failed(req));
    return { state: 'failed', message, reference };
  }

  private claim(id: string): Promise<boolean> {
    const now = this.deps.clock();
    return this.deps.store.claim(
      id,
      this.deps.owner,
      new Date(now.getTime() + (this.deps.leaseMs ?? DEFAULT_LEASE_MS)),
      now,
    );
  }
}
