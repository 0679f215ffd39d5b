import { afterEach, describe, expect, it } from 'vitest';
import { GdapClient, securityGroupNickname } from '../../src/services/gdap/gdap-client';
import type { GdapRequestStore } from '../../src/services/storage/gdap-store';
import { CUSTOMER_TENANT, MINUTE, seedWith, startGdapWorld, type GdapWorld } from './support';

let world: GdapWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const LEASE = 5 * MINUTE;

/** Graph did the work, then the process died before the saga could record it. */
class CrashAfter extends GdapClient {
  constructor(
    graph: ConstructorParameters<typeof GdapClient>[0],
    private readonly method: 'create' | 'lockForApproval' | 'ensureSecurityGroup' | 'createAccessAssignment',
  ) {
    super(graph);
  }
  override async create(...args: Parameters<GdapClient['create']>) {
    const r = await super.create(...args);
    return this.method === 'create' ? this.crash() : r;
  }
  override async lockForApproval(id: string) {
    const r = await super.lockForApproval(id);
    return this.method === 'lockForApproval' ? this.crash() : r;
  }
  override async ensureSecurityGroup(name: string, tenantId: string) {
    const r = await super.ensureSecurityGroup(name, tenantId);
    return this.method === 'ensureSecurityGroup' ? this.crash() : r;
  }
  override async createAccessAssignment(...args: Parameters<GdapClient['createAccessAssignment']>) {
    const r = await super.createAccessAssignment(...args);
    return this.method === 'createAccessAssignment' ? this.crash() : r;
  }
  private crash(): never {
    throw new Error('simulated crash');
  }
}

/** A dead process never releases its lease. */
function noRelease(store: GdapRequestStore): GdapRequestStore {
  return {
    create: (r) => store.create(r),
    get: (id) => store.get(id),
    update: (id, v, next) => store.update(id, v, next),
    listByStatus: (s, l) => store.listByStatus(s, l),
    claim: (id, owner, until, now) => store.claim(id, owner, until, now),
    release: async () => undefined,
  };
}

describe('GdapSaga: crash, resume and concurrency', () => {
  it.each([
    ['create', 'before approval'],
    ['lockForApproval', 'before approval'],
    ['ensureSecurityGroup', 'after approval'],
    ['createAccessAssignment', 'after approval'],
  ] as const)('resumes without duplicates after a crash right after %s reached Graph (%s)', async (method, when) => {
    const w = (world = await startGdapWorld(seedWith()));
    const req = await w.request();
    const survivor = () => w.saga({ owner: 'instance-b', store: w.reopenStore(), client: new GdapClient(w.graph) });
    if (when === 'after approval') {
      await survivor().advance(req.id);
      await w.hook((await w.store.get(req.id))?.relationshipId ?? '', 'approve');
    }
    const dying = w.saga({ owner: 'instance-a', store: noRelease(w.store), client: new CrashAfter(w.graph, method) });
    await expect(dying.advance(req.id)).rejects.toThrow('simulated crash');

    // A new instance: the dead one's lease still stands, then it runs out and the work resumes.
    const b = survivor();
    expect(await b.advance(req.id)).toMatchObject({ state: 'waiting', busy: true });
    w.time.advance(LEASE + 1000);
    const resumed = await b.advance(req.id);
    if (when === 'before approval') {
      expect(resumed.state).toBe('waiting');
      await w.hook((await w.store.get(req.id))?.relationshipId ?? '', 'approve');
      w.time.advance(MINUTE);
      expect(await b.advance(req.id)).toEqual({ state: 'done' });
    } else {
      expect(resumed).toEqual({ state: 'done' });
    }

    const done = await w.store.get(req.id);
    const named = await w.client.findByName(req.displayName);
    expect(named.relationships.map((r) => r.id)).toEqual([done?.relationshipId]);
    const assignments = await w.client.listAccessAssignments(done?.relationshipId ?? '');
    expect(assignments.assignments.map((a) => a.id)).toEqual([done?.assignmentId]);
    const groups = (await w.graph
      .api(`/groups?$filter=mailNickname eq '${securityGroupNickname(CUSTOMER_TENANT)}'`)
      .get()) as { value: unknown[] };
    expect(groups.value).toHaveLength(1);
    expect(w.events.log.delivered).toHaveLength(1);
    const steps = await w.db.saga.list(req.id);
    expect(steps.every((s) => s.state === 'done')).toBe(true);
    const crashed = {
      create: 'create',
      lockForApproval: 'lock',
      ensureSecurityGroup: 'group',
      createAccessAssignment: 'assign',
    }[method];
    expect(steps.find((s) => s.step === crashed)?.attempt).toBe(2);
  });

  it('lets exactly one of two instances advance a request at the same time', async () => {
    const w = (world = await startGdapWorld(seedWith()));
    const req = await w.request();
    const a = w.saga({ owner: 'instance-a' });
    const b = w.saga({ owner: 'instance-b', store: w.reopenStore() });
    const results = await Promise.all([a.advance(req.id), b.advance(req.id)]);
    expect(results.filter((r) => r.state === 'waiting' && r.busy)).toHaveLength(1);
    expect((await w.client.findByName(req.displayName)).relationships).toHaveLength(1);
    expect(w.events.log.handoff).toHaveLength(1);
  });

  it('stops after its current step when another instance took over an expired lease', async () => {
    const w = (world = await startGdapWorld(seedWith()));
    const req = await w.request();
    const other = w.reopenStore();
    class SlowLock extends GdapClient {
      override async lockForApproval(id: string) {
        // This instance stalls past its lease; instance-b takes the request over meanwhile.
        w.time.advance(LEASE + 1000);
        expect(
          await other.claim(req.id, 'instance-b', new Date(w.time.clock().getTime() + LEASE), w.time.clock()),
        ).toBe(true);
        return super.lockForApproval(id);
      }
    }
    const slow = w.saga({ owner: 'instance-a', client: new SlowLock(w.graph) });
    expect(await slow.advance(req.id)).toMatchObject({ state: 'waiting', busy: true });
    const steps = await w.db.saga.list(req.id);
    expect(steps.map((s) => s.step)).toEqual(['create', 'lock']);
    expect(w.events.log.handoff).toHaveLength(0);
    await other.release(req.id, 'instance-b');
    expect((await w.saga({ owner: 'instance-b' }).advance(req.id)).state).toBe('waiting');
    expect(w.events.log.handoff).toHaveLength(1);
  });
});
