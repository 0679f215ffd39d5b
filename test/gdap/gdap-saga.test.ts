import { afterEach, describe, expect, it } from 'vitest';
import { securityGroupNickname } from '../../src/services/gdap/gdap-client';
import { DELIVERY_NOTE } from '../../src/services/gdap/gdap-messages';
import { CUSTOMER_TENANT, MINUTE, seedWith, startGdapWorld, type GdapWorld } from './support';

let world: GdapWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function start(change?: Parameters<typeof seedWith>[0]): Promise<GdapWorld> {
  world = await startGdapWorld(seedWith(change));
  return world;
}

describe('GdapSaga against the local tenant and a SQLite file', () => {
  it('runs the partner flow end to end: create → lock → hand-off → approve → group → assignment → deliver', async () => {
    const w = await start((s) => void (s.gdap.accessAssignmentActivationMs = 90_000));
    const req = await w.request();
    const saga = w.saga();

    const first = await saga.advance(req.id);
    expect(first).toEqual({ state: 'waiting', nextCheckAt: new Date(w.time.clock().getTime() + MINUTE) });
    const afterLock = await w.store.get(req.id);
    expect(afterLock).toMatchObject({ status: 'awaiting-approval', relationshipStatus: 'approvalPending' });
    const relationshipId = afterLock?.relationshipId ?? '';
    const rel = (await w.client.get(relationshipId)).relationship;
    expect(rel).toMatchObject({
      displayName: req.displayName,
      status: 'approvalPending',
      duration: 'P180D',
      autoExtendDuration: 'PT0S',
    });
    expect(rel.roleIds).toEqual(req.roleIds);
    expect(w.events.log.handoff).toHaveLength(1);
    expect(w.events.log.handoff[0]?.link).toBe(
      `https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/${relationshipId}`,
    );

    await w.hook(relationshipId, 'approve');
    w.time.advance(MINUTE);
    const assigning = await saga.advance(req.id);
    // The assignment is pending for 90 s: one look, then back-off restarts at a minute for the new poll.
    expect(assigning).toEqual({ state: 'waiting', nextCheckAt: new Date(w.time.clock().getTime() + MINUTE) });
    const mid = await w.store.get(req.id);
    expect(mid).toMatchObject({
      status: 'assigning',
      relationshipStatus: 'active',
      poll: { step: 'await-assignment', count: 1 },
    });
    w.time.advance(MINUTE);
    expect((await saga.advance(req.id)).state).toBe('waiting');
    w.time.advance(2 * MINUTE);
    expect(await saga.advance(req.id)).toEqual({ state: 'done' });

    const done = await w.store.get(req.id);
    const link = `https://securitycopilot.microsoft.com/?tenantId=${CUSTOMER_TENANT}`;
    expect(done).toMatchObject({ status: 'completed', delivery: { link, note: DELIVERY_NOTE } });
    expect(done?.poll).toBeUndefined();
    expect(DELIVERY_NOTE).toMatch(/tenant switcher does not recognise GDAP/);
    expect(w.events.log.delivered.map((d) => d.link)).toEqual([link]);
    expect(w.events.log.status).toEqual(['approvalPending', 'active']);
    const assignments = (await w.client.listAccessAssignments(relationshipId)).assignments;
    expect(assignments).toEqual([
      { id: done?.assignmentId, status: 'active', groupId: done?.groupId, roleIds: req.roleIds },
    ]);
    const groups = (await w.graph
      .api(`/groups?$filter=mailNickname eq '${securityGroupNickname(CUSTOMER_TENANT)}'`)
      .get()) as {
      value: { id: string; displayName: string; securityEnabled: boolean }[];
    };
    expect(groups.value).toEqual([
      expect.objectContaining({
        id: done?.groupId,
        displayName: 'Security Copilot – Fabrikam MSSP (simulated)',
        securityEnabled: true,
      }),
    ]);

    const steps = await w.db.saga.list(req.id);
    expect(steps.map((s) => [s.step, s.state])).toEqual(
      ['create', 'lock', 'handoff', 'await-approval', 'group', 'assign', 'await-assignment', 'deliver'].map((s) => [
        s,
        'done',
      ]),
    );
    const audit = await w.db.audit.list({ subject: req.id });
    // Every step that called Graph carries Graph's request id; hand-off and delivery only talk to the bot.
    const graphIds = audit
      .filter((a) => a.action === 'gdap.step')
      .map((a) => [a.detail?.step, typeof a.detail?.graphRequestId]);
    expect(graphIds).toEqual(
      ['create', 'lock', 'handoff', 'await-approval', 'group', 'assign', 'await-assignment', 'deliver'].map((step) => [
        step,
        step === 'handoff' || step === 'deliver' ? 'undefined' : 'string',
      ]),
    );
    expect(audit.map((a) => a.action)).toContain('gdap.completed');
    // Settled: later calls answer the same, touch nothing.
    const count = w.tenant.requestCount();
    expect(await saga.advance(req.id)).toEqual({ state: 'done' });
    expect(w.tenant.requestCount()).toBe(count);
  });

  it('backs off 1, 2, 5, 15 minutes, then hourly, while the customer has not approved', async () => {
    const w = await start();
    const req = await w.request();
    const saga = w.saga();
    const delays: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const before = w.time.clock().getTime();
      const result = await saga.advance(req.id);
      if (result.state !== 'waiting') throw new Error(`expected waiting, got ${result.state}`);
      delays.push((result.nextCheckAt.getTime() - before) / MINUTE);
      w.time.set(result.nextCheckAt);
    }
    expect(delays).toEqual([1, 2, 5, 15, 60, 60, 60]);
    expect((await w.store.get(req.id))?.poll).toMatchObject({ step: 'await-approval', count: 7 });
  });

  it.each(['expire', 'terminate'] as const)(
    'ends the request when the relationship is %sd while waiting for approval',
    async (action) => {
      const w = await start();
      const req = await w.request();
      const saga = w.saga();
      await saga.advance(req.id);
      const id = (await w.store.get(req.id))?.relationshipId ?? '';
      await w.hook(id, action);
      w.time.advance(MINUTE);
      const status = action === 'expire' ? 'expired' : 'terminated';
      const result = await saga.advance(req.id);
      expect(result).toMatchObject({ state: 'ended', status });
      if (result.state !== 'ended') return;
      expect(result.message).toMatch(action === 'expire' ? /did not approve .* in time/ : /was terminated/);
      expect(await w.store.get(req.id)).toMatchObject({
        status: 'ended',
        ended: { status },
        relationshipStatus: status,
      });
      expect(w.events.log.status).toEqual(['approvalPending', status]);
      expect((await w.db.audit.list({ subject: req.id, action: 'gdap.ended' })).length).toBe(1);
      expect(await saga.advance(req.id)).toEqual(result);
    },
  );

  it('ends the request when the relationship is terminated while the access assignment is pending', async () => {
    const w = await start((s) => void (s.gdap.accessAssignmentActivationMs = 10 * MINUTE));
    const req = await w.request();
    const saga = w.saga();
    await saga.advance(req.id);
    const id = (await w.store.get(req.id))?.relationshipId ?? '';
    await w.hook(id, 'approve');
    expect((await saga.advance(req.id)).state).toBe('waiting');
    await w.hook(id, 'terminate');
    w.time.advance(MINUTE);
    expect(await saga.advance(req.id)).toMatchObject({ state: 'ended', status: 'terminated' });
  });
});
