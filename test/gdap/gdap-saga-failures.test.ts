import { afterEach, describe, expect, it } from 'vitest';
import { GdapClient } from '../../src/services/gdap/gdap-client';
import { GDAP_FORBIDDEN } from '../../src/services/gdap/gdap-messages';
import { rewritingGraph, seedWith, startGdapWorld, type GdapWorld } from './support';

let world: GdapWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function start(change?: Parameters<typeof seedWith>[0]): Promise<GdapWorld> {
  world = await startGdapWorld(seedWith(change));
  return world;
}

describe('GdapSaga: failures and endings', () => {
  it('fails with a sentence when Microsoft reports the access assignment in error', async () => {
    const w = await start();
    const req = await w.request();
    const errorGraph = rewritingGraph(w.tenant.graphBaseUrl, /\/accessAssignments\/[^/?]+$/, (b) => ({
      ...b,
      status: 'error',
    }));
    const saga = w.saga({ client: new GdapClient(errorGraph) });
    await saga.advance(req.id);
    await w.hook((await w.store.get(req.id))?.relationshipId ?? '', 'approve');
    const result = await saga.advance(req.id);
    expect(result).toMatchObject({ state: 'failed', reference: expect.stringMatching(/^[0-9a-f]{8}$/) as unknown });
    if (result.state !== 'failed') return;
    expect(result.message).toMatch(/error on the access assignment .* did not get the roles/);
    expect(await w.store.get(req.id)).toMatchObject({ status: 'failed', failure: { step: 'await-assignment' } });
    expect(w.events.log.failed).toHaveLength(1);
    expect((await w.db.saga.list(req.id)).find((s) => s.step === 'await-assignment')?.state).toBe('failed');
  });

  it('fails naming DelegatedAdminRelationship.ReadWrite.All when Graph answers 403', async () => {
    const w = await start(
      (s) => void (s.app.permissions = s.app.permissions.filter((p) => !p.startsWith('DelegatedAdminRelationship'))),
    );
    const req = await w.request();
    const result = await w.saga().advance(req.id);
    expect(result).toMatchObject({ state: 'failed', message: GDAP_FORBIDDEN });
    expect(GDAP_FORBIDDEN).toContain('DelegatedAdminRelationship.ReadWrite.All');
    if (result.state === 'failed') expect(result.reference).toMatch(/^[0-9a-f-]{8,}$/);
    const audit = await w.db.audit.list({ subject: req.id, action: 'gdap.failed' });
    expect(audit[0]?.detail).toMatchObject({ step: 'create', status: 403, code: 'Authorization_RequestDenied' });
  });

  it('fails with "already used" when another relationship has the display name', async () => {
    const w = await start();
    const taken = await w.request();
    await w.saga().advance(taken.id);
    const req = await w.request({ displayName: taken.displayName.toUpperCase() });
    expect((await w.client.nameTaken(req.displayName)).taken).toBe(true);
    const result = await w.saga().advance(req.id);
    expect(result).toMatchObject({ state: 'failed' });
    if (result.state === 'failed') expect(result.message).toMatch(/already used/);
  });

  it('surfaces a 400 validation answer from Graph in its own words', async () => {
    const w = await start();
    const req = await w.request({ durationDays: 731 });
    const result = await w.saga().advance(req.id);
    expect(result).toMatchObject({ state: 'failed' });
    if (result.state === 'failed')
      expect(result.message).toMatch(/refused the new delegated admin relationship as invalid: The duration must be/);
  });

  it('retries a failed request from the first step not done once Graph lets it through', async () => {
    const w = await start();
    const req = await w.request();
    const saga = w.saga();
    await saga.advance(req.id);
    await w.hook((await w.store.get(req.id))?.relationshipId ?? '', 'approve');
    w.tenant.failNext({
      status: 403,
      path: '/groups',
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
    const failed = await saga.advance(req.id);
    expect(failed).toMatchObject({ state: 'failed' });
    if (failed.state === 'failed') expect(failed.message).toMatch(/Group\.ReadWrite\.All/);
    expect(await saga.advance(req.id)).toEqual(failed);
    expect(await saga.retry(req.id, { aadObjectId: 'admin', name: 'Admin' })).toMatchObject({ status: 'assigning' });
    expect(await saga.advance(req.id)).toEqual({ state: 'done' });
    const steps = await w.db.saga.list(req.id);
    expect(steps.find((s) => s.step === 'create')?.attempt).toBe(1);
    expect(steps.find((s) => s.step === 'group')).toMatchObject({ state: 'done', attempt: 2 });
    expect(await saga.retry(req.id, { aadObjectId: 'admin', name: 'Admin' })).toEqual({
      error: 'Only a failed GDAP request can be retried; this one is completed.',
    });
  });
  it('ends without a hand-off when the relationship was terminated before it could be locked', async () => {
    const w = await start();
    const req = await w.request();
    class TerminatedFirst extends GdapClient {
      override async lockForApproval(id: string) {
        await w.hook(id, 'terminate');
        return super.lockForApproval(id);
      }
    }
    const result = await w.saga({ client: new TerminatedFirst(w.graph) }).advance(req.id);
    expect(result).toMatchObject({ state: 'ended', status: 'terminated' });
    expect(w.events.log.handoff).toHaveLength(0);
    expect((await w.db.saga.list(req.id)).map((s) => [s.step, s.state])).toEqual([
      ['create', 'done'],
      ['lock', 'done'],
    ]);
  });
});
