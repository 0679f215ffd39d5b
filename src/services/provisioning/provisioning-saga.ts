import type { AccessRequest, RequestActor } from '../requests/types';
import { keepLease, type Lease } from './lease-keeper';
import { failedDetail, personFailed, requestFailure, type FailedPerson } from './person-outcomes';
import { provisionPerson } from './person-steps';
import { reopenFailed } from './retry-failed';
import {
  StepFailure,
  SYSTEM_ACTOR,
  type ProvisionedPerson,
  type ProvisioningSagaDeps,
  type SagaLogger,
} from './provisioning-types';
import { StatusChanged, updateRequest } from './request-updater';
import { StepRunner } from './step-runner';

export * from './provisioning-types';

const DEFAULT_LEASE_MS = 5 * 60_000;
const silent: SagaLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Another instance took the lease over (ours expired): stop, and leave the rest to it. */
class LeaseLost extends Error {}

/**
 * Turns an approved request into B2B guest access, durably: every step is recorded before and after it runs, the
 * work runs only under a lease, and every change to the request is a compare-and-set. Start-up calls resumeAll()
 * to finish what a crash left behind.
 */
export class ProvisioningSaga {
  private readonly log: SagaLogger;
  private readonly leaseMs: number;
  /** Requests this process is working on: a second run() (the resume loop, a retry) joins the one in progress. */
  private readonly inFlight = new Map<string, Promise<AccessRequest | undefined>>();

  constructor(private readonly deps: ProvisioningSagaDeps) {
    this.log = deps.logger ?? silent;
    this.leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** Runs (or resumes) one request; undefined when another instance holds its lease. */
  run(requestId: string): Promise<AccessRequest | undefined> {
    const running = this.inFlight.get(requestId);
    if (running) return running;
    const run = this.runClaimed(requestId).finally(() => this.inFlight.delete(requestId));
    this.inFlight.set(requestId, run);
    return run;
  }

  private async runClaimed(requestId: string): Promise<AccessRequest | undefined> {
    const { requests, owner } = this.deps;
    if (!(await this.claim(requestId))) {
      this.log.info({ requestId, owner }, 'provisioning: another instance holds the lease');
      return undefined;
    }
    const heartbeat = keepLease(requestId, () => this.claim(requestId), this.leaseMs, this.log);
    try {
      let request = await requests.get(requestId);
      if (!request) return undefined;
      if (request.status === 'approved') {
        const total = request.people.length;
        request = await this.update(request, 'approved', (r) => ({
          ...r,
          status: 'provisioning',
          progress: { done: 0, total },
        }));
        await this.deps.audit.append({
          ...SYSTEM_ACTOR,
          action: 'provisioning.started',
          subject: requestId,
          detail: { people: total },
        });
      }
      if (request.status !== 'provisioning') return request;
      return await this.provision(request, heartbeat);
    } catch (error) {
      if (error instanceof StatusChanged) return error.request;
      if (error instanceof LeaseLost) return undefined;
      throw error;
    } finally {
      heartbeat.stop();
      if (!heartbeat.lost) await requests.release(requestId, owner);
    }
  }

  /** Finishes every request a crash (or a restart) left approved or half-provisioned. */
  async resumeAll(): Promise<void> {
    const open = await this.deps.requests.listByStatus(['approved', 'provisioning'], 500);
    for (const request of open) {
      try {
        await this.run(request.id);
      } catch (error) {
        this.log.error(
          { requestId: request.id, err: error },
          'provisioning: resume failed; it will be tried at the next start',
        );
      }
    }
  }

  /** An admin's Retry on a failed request: clears the failure and runs again from the first step not done. */
  async retry(requestId: string, actor: RequestActor): Promise<AccessRequest | { error: string }> {
    const reopened = await reopenFailed(this.deps, requestId, actor);
    if ('error' in reopened) return reopened;
    return (await this.run(requestId)) ?? (await this.deps.requests.get(requestId)) ?? reopened;
  }

  /**
   * Every person in turn; one person's failure is that person's (recorded with their sentence) and the others go on.
   * The request ends 'completed' when everyone has access, else 'failed' with who has access and who does not.
   */
  private async provision(start: AccessRequest, lease: Lease): Promise<AccessRequest> {
    const { deps } = this;
    const current = { request: start };
    const steps = await StepRunner.load(deps, start.id);
    const people: ProvisionedPerson[] = [];
    const failures: FailedPerson[] = [];
    const total = start.people.length;
    for (const [index, person] of start.people.entries()) {
      const onWaiting = this.waiting(current, person.email);
      const replication = { maxWaitMs: deps.replicationWaitMs, sleep: deps.sleep, onWaiting };
      const context = { ...deps, request: current.request, person, steps, now: deps.clock(), logger: this.log };
      try {
        people.push(await provisionPerson({ ...context, replication }));
      } catch (error) {
        if (!(error instanceof StepFailure)) throw error;
        failures.push(await personFailed(deps, start.id, error));
      }
      const request = await this.update(current.request, 'provisioning', (r) => ({
        ...r,
        progress: { done: index + 1, total },
      }));
      current.request = request;
      await this.notify('progress', request.id, () => deps.events.progress(request));
      if (index + 1 < total && (lease.lost || !(await this.claim(request.id)))) throw new LeaseLost();
    }
    if (failures.length > 0) return this.fail(current.request, failures, people);
    const request = await this.update(current.request, 'provisioning', (r) => ({
      ...r,
      status: 'completed',
      progress: { done: total, total },
    }));
    const detail = { people: people.map((p) => ({ email: p.email, userId: p.userId, invited: p.invited })) };
    await deps.audit.append({ ...SYSTEM_ACTOR, action: 'provisioning.completed', subject: request.id, detail });
    this.log.info({ requestId: request.id, people: total }, 'provisioning completed');
    await this.notify('completed', request.id, () => deps.events.completed(request, people));
    return request;
  }

  /** Puts "waiting for Microsoft Entra" on the cards while a just-invited guest replicates. */
  private waiting(current: { request: AccessRequest }, email: string): () => Promise<void> {
    return async () => {
      const request = await this.update(current.request, 'provisioning', (r) => ({
        ...r,
        progress: { done: r.progress?.done ?? 0, total: r.people.length, waiting: email },
      }));
      current.request = request;
      this.log.info({ requestId: request.id, email }, 'provisioning: waiting for the guest to replicate');
      await this.notify('progress', request.id, () => this.deps.events.progress(request));
    };
  }

  private async fail(
    current: AccessRequest,
    failures: FailedPerson[],
    granted: ProvisionedPerson[],
  ): Promise<AccessRequest> {
    const failure = requestFailure(failures, granted);
    const request = await this.update(current, 'provisioning', (r) => ({ ...r, status: 'failed', failure }));
    const detail = failedDetail(failures, failure.granted);
    await this.deps.audit.append({ ...SYSTEM_ACTOR, action: 'provisioning.failed', subject: request.id, detail });
    this.log.error({ requestId: request.id, failed: failures.length, granted: granted.length }, 'provisioning failed');
    await this.notify('failed', request.id, () => this.deps.events.failed(request, granted));
    return request;
  }

  private claim(requestId: string): Promise<boolean> {
    const now = this.deps.clock();
    return this.deps.requests.claim(requestId, this.deps.owner, new Date(now.getTime() + this.leaseMs), now);
  }

  private update(
    request: AccessRequest,
    expected: AccessRequest['status'],
    change: (r: AccessRequest) => AccessRequest,
  ) {
    return updateRequest(this.deps.requests, this.deps.clock, request, expected, change);
  }

  /** Telling people is best effort: the access exists whether or not the message went out. */
  private async notify(event: string, requestId: string, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.log.warn({ requestId, event, err: error }, 'provisioning: event listener failed');
    }
  }
}
