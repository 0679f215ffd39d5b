import { randomBytes } from 'node:crypto';
import type { LifecycleService } from '../lifecycle';
import type { ProvisioningSaga } from '../provisioning/provisioning-saga';
import type { ProvisioningEvents } from '../provisioning/provisioning-types';
import type { AuditLog, RequestStore } from '../storage/types';
import type { AccessRequest, RequestActor } from './types';

/**
 * What an approved request turns into: new access (the B2B provisioning saga) or, for an extension, a later end for
 * the grants of the request it extends. Both are idempotent, so running one twice (a resume, a second instance)
 * changes nothing the second time; the final status is a compare-and-set.
 */
export class RequestFulfiller {
  constructor(
    private readonly deps: {
      saga: ProvisioningSaga;
      lifecycle: LifecycleService;
      requests: RequestStore;
      audit: AuditLog;
      events: ProvisioningEvents;
      clock: () => Date;
    },
  ) {}

  async run(requestId: string): Promise<unknown> {
    const request = await this.deps.requests.get(requestId);
    if (request?.kind === 'extension') return this.extend(request);
    return this.deps.saga.run(requestId);
  }

  async retry(requestId: string, actor: RequestActor): Promise<AccessRequest | { error: string }> {
    const request = await this.deps.requests.get(requestId);
    if (request?.kind !== 'extension') return this.deps.saga.retry(requestId, actor);
    if (request.status !== 'failed') return { error: 'Only a failed extension can be retried.' };
    const reopened = await this.save(request, { status: 'approved', failure: undefined });
    if (!reopened) return { error: 'Someone else changed this request meanwhile; look at the card again.' };
    await this.deps.audit.append({
      actorId: actor.aadObjectId,
      actorName: actor.name,
      action: 'provisioning.retried',
      subject: requestId,
    });
    return (await this.extend(reopened)) ?? reopened;
  }

  async resumeAll(): Promise<void> {
    await this.deps.saga.resumeAll();
    for (const r of await this.deps.requests.listByStatus(['approved'], 100))
      if (r.kind === 'extension') await this.extend(r);
  }

  private async extend(request: AccessRequest): Promise<AccessRequest | undefined> {
    if (request.status !== 'approved' || !request.extends || !request.expiresAt || !request.decision) return undefined;
    const by = { id: request.decision.by.aadObjectId, name: request.decision.by.name };
    const result = await this.deps.lifecycle.extendGrants(request.extends.requestId, request.expiresAt, by);
    if (result.failed.length > 0) {
      const first = result.failed[0];
      const failed = await this.save(request, {
        status: 'failed',
        failure: {
          message: first.message,
          reference: first.reference || randomBytes(4).toString('hex'),
          step: 'extend',
        },
      });
      if (failed) {
        await this.deps.audit.append({
          actorId: 'system',
          actorName: 'Lifecycle',
          action: 'provisioning.failed',
          subject: request.id,
          detail: { step: 'extend', message: first.message },
        });
        await this.deps.events.failed(failed);
      }
      return failed;
    }
    const done = await this.save(request, {
      status: 'completed',
      progress: { done: result.extended.length, total: result.extended.length },
    });
    if (done) {
      await this.deps.audit.append({
        actorId: 'system',
        actorName: 'Lifecycle',
        action: 'provisioning.completed',
        subject: request.id,
        detail: { extended: result.extended.length, until: request.expiresAt },
      });
      await this.deps.events.completed(done, []);
    }
    return done;
  }

  private save(request: AccessRequest, change: Partial<AccessRequest>): Promise<AccessRequest | undefined> {
    const { id: _id, version: _v, ...rest } = request;
    return this.deps.requests.update(request.id, request.version, {
      ...rest,
      ...change,
      updatedAt: this.deps.clock().toISOString(),
    });
  }
}
