import { randomBytes } from 'node:crypto';
import type { GdapRequestStore } from '../storage/gdap-types';
import type { AdvanceResult, GdapSaga } from '../gdap/gdap-saga';
import { newGdapRequest } from '../gdap/gdap-types';
import type { JobHandler, LifecycleService } from '../lifecycle';
import type { ProvisioningSaga } from '../provisioning/provisioning-saga';
import type { ProvisioningEvents } from '../provisioning/provisioning-types';
import type { AuditLog, JobStore, RequestStore } from '../storage/types';
import type { AccessRequest, RequestActor } from './types';

export const GDAP_ADVANCE_JOB = 'gdap.advance';

/** The partner-side GDAP machinery, present in every deployment but used only when GDAP_PARTNER is on. */
export interface GdapFulfilment {
  readonly store: GdapRequestStore;
  readonly saga: Pick<GdapSaga, 'advance' | 'retry'>;
  readonly jobs: JobStore;
  /** The partner: this deployment's own tenant. */
  readonly partner: { readonly name: string; readonly tenantId: string };
}

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
      gdap?: GdapFulfilment;
    },
  ) {}

  async run(requestId: string): Promise<unknown> {
    const request = await this.deps.requests.get(requestId);
    if (request?.kind === 'extension') return this.extend(request);
    if (request?.kind === 'gdap') return this.startGdap(request);
    return this.deps.saga.run(requestId);
  }

  /** The scheduler's handlers: a GDAP request is advanced again at the time its saga asked for, until it settles. */
  jobHandlers(): Record<string, JobHandler> {
    return {
      [GDAP_ADVANCE_JOB]: async (job) => {
        const id = typeof job.payload.id === 'string' ? job.payload.id : '';
        const gdap = this.deps.gdap;
        if (!gdap || !id) return;
        const result = await gdap.saga.advance(id);
        await this.settleGdap(id, result);
        return result.state === 'waiting' ? { nextRunAt: result.nextCheckAt } : undefined;
      },
    };
  }

  async retry(requestId: string, actor: RequestActor): Promise<AccessRequest | { error: string }> {
    const request = await this.deps.requests.get(requestId);
    if (request?.kind === 'gdap') return this.retryGdap(request, actor);
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
    for (const r of await this.deps.requests.listByStatus(['approved'], 100)) {
      if (r.kind === 'extension') await this.extend(r);
      // A GDAP request still 'approved' never reached its first advance; later ones wait for their scheduled job.
      if (r.kind === 'gdap') await this.startGdap(r);
    }
  }

  /** Stores the GDAP request (once; its id is the access request's), advances it, and schedules the next look. */
  private async startGdap(request: AccessRequest): Promise<AccessRequest | undefined> {
    const gdap = this.deps.gdap;
    if (!gdap || !request.gdap || !['approved', 'provisioning'].includes(request.status)) return undefined;
    if (!(await gdap.store.get(request.id))) {
      const details = request.gdap;
      const fresh = newGdapRequest(
        {
          id: request.id,
          displayName: details.displayName,
          customer: details.customer,
          partner: gdap.partner,
          requestedBy: { aadObjectId: request.requester.aadObjectId, name: request.requester.name },
          durationDays: details.durationDays,
          autoExtend: details.autoExtend,
          roleIds: details.roleIds,
        },
        this.deps.clock(),
      );
      // Another instance may have stored it a moment earlier: that copy is as good as ours.
      await gdap.store.create(fresh).catch(async (error: unknown) => {
        if (!(await gdap.store.get(request.id))) throw error;
      });
    }
    const result = await gdap.saga.advance(request.id);
    const settled = await this.settleGdap(request.id, result);
    if (result.state === 'waiting')
      await gdap.jobs.schedule({
        kind: GDAP_ADVANCE_JOB,
        runAt: result.nextCheckAt,
        payload: { id: request.id },
        dedupeKey: `${GDAP_ADVANCE_JOB}:${request.id}`,
        rearm: true,
      });
    return settled;
  }

  /** Mirrors the saga's answer on the access request (and its cards): provisioning, completed or failed. */
  private async settleGdap(id: string, result: AdvanceResult): Promise<AccessRequest | undefined> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const request = await this.deps.requests.get(id);
      if (!request || !['approved', 'provisioning'].includes(request.status)) return request;
      const change: Partial<AccessRequest> =
        result.state === 'waiting'
          ? { status: 'provisioning' }
          : result.state === 'done'
            ? { status: 'completed' }
            : result.state === 'failed'
              ? { status: 'failed', failure: { message: result.message, reference: result.reference, step: 'gdap' } }
              : {
                  status: 'failed',
                  failure: { message: result.message, reference: result.status, step: 'gdap' },
                };
      if (change.status === request.status) return request;
      const saved = await this.save(request, change);
      if (!saved) continue;
      await this.deps.events.progress(saved);
      return saved;
    }
    return undefined;
  }

  private async retryGdap(request: AccessRequest, actor: RequestActor): Promise<AccessRequest | { error: string }> {
    const gdap = this.deps.gdap;
    if (!gdap) return { error: 'This installation does not manage GDAP relationships (GDAP_PARTNER is off).' };
    if (request.status !== 'failed') return { error: 'Only a failed GDAP request can be retried.' };
    const reopened = await gdap.saga.retry(request.id, actor);
    if ('error' in reopened) return reopened;
    const again = await this.save(request, { status: 'approved', failure: undefined });
    if (!again) return { error: 'Someone else changed this request meanwhile; look at the card again.' };
    return (await this.startGdap(again)) ?? again;
  }

  private async extend(request: AccessRequest): Promise<AccessRequest | undefined> {
    if (request.status !== 'approved' || !request.extends || !request.expiresAt || !request.decision) return undefined;
    const by = { id: request.decision.by.aadObjectId, name: request.decision.by.name };
    // Only the grants of the people the extension names: the one person it was asked for.
    const emails = request.people.map((p) => p.email);
    const result = await this.deps.lifecycle.extendGrants(request.extends.requestId, request.expiresAt, by, emails);
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
