import { afterEach, describe, expect, it } from 'vitest';
import { INVITE_FORBIDDEN } from '../../src/services/provisioning/failure-sentence';
import { assignmentsOf, usersByEmail } from './graph-checks';
import { ADMIN, approvedRequest, PEOPLE, startWorld, type World } from './saga-harness';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("ProvisioningSaga: one person's trouble is that person's", () => {
  it('fails only the person whose step failed for good; the others get access, and Retry runs only the failed one', async () => {
    const w = (world = await startWorld());
    const [ana, ben, chen] = PEOPLE;
    const request = await approvedRequest(w.db);
    w.tenant.failNext({ status: 403, path: '/invitations', method: 'POST', code: 'Authorization_RequestDenied' });

    const failed = await w.saga().run(request.id);
    expect(failed).toMatchObject({
      status: 'failed',
      progress: { done: 3, total: 3 },
      failure: {
        step: 'find-or-invite',
        people: [{ email: ana.email, step: 'find-or-invite' }],
        granted: [ben.email, chen.email],
      },
    });
    expect(failed?.failure?.people?.[0]?.message).toContain(INVITE_FORBIDDEN);
    expect(failed?.failure?.message).toContain(`Access was granted to ${ben.email}, ${chen.email}.`);
    expect(await usersByEmail(w.graph, ana.email)).toEqual([]);
    for (const p of [ben, chen]) {
      const [user] = await usersByEmail(w.graph, p.email);
      expect(await assignmentsOf(w.graph, user.id)).toHaveLength(1);
    }
    // The delivery goes to those who have access; the failure event names them.
    expect(w.events.log.completed).toEqual([]);
    expect(w.events.log.failed).toHaveLength(1);
    const personFailed = await w.db.audit.list({ subject: request.id, action: 'provisioning.person-failed' });
    expect(personFailed.map((a) => a.detail)).toEqual([expect.objectContaining({ email: ana.email, status: 403 })]);

    const before = w.tenant.requestCount();
    expect(await w.saga().retry(request.id, ADMIN)).toMatchObject({ status: 'completed' });
    // Ana alone: look-up, invitation, names + role batch. Ben and Chen are done and not touched.
    expect(w.tenant.requestCount() - before).toBe(3);
    for (const p of PEOPLE) expect(await usersByEmail(w.graph, p.email)).toHaveLength(1);
    // Ben and Chen were told at the partial failure; the completion says so, so they are not told twice.
    expect(w.events.log.completed[0]?.request.delivered).toEqual([ben.email, chen.email]);
  });

  it('goes on with the next person when a step after the invitation fails for good', async () => {
    const w = (world = await startWorld());
    const [ana, ben] = PEOPLE;
    const request = await approvedRequest(w.db, { people: [ana, ben] });
    // The batch is refused, the names then go through alone and the role alone is refused as invalid.
    w.tenant.failNext({ status: 400, path: '/$batch', method: 'POST', code: 'Request_BadRequest', message: 'Bad.' });
    w.tenant.failNext({
      status: 400,
      path: '/roleManagement',
      method: 'POST',
      code: 'Request_BadRequest',
      message: 'Bad.',
    });

    const failed = await w.saga().run(request.id);
    expect(failed?.failure).toMatchObject({ step: 'role', people: [{ email: ana.email }], granted: [ben.email] });
    const [benUser] = await usersByEmail(w.graph, ben.email);
    expect(await assignmentsOf(w.graph, benUser.id)).toHaveLength(1);
  });
});
