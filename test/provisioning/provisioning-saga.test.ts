import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/services/storage/open-database';
import { ProvisioningSaga } from '../../src/services/provisioning/provisioning-saga';
import { assignmentsOf, invitationsTo, memberIds, schedulesOf, usersByEmail } from './graph-checks';
import {
  approvedRequest,
  GUESTS_GROUP,
  PEOPLE,
  person,
  SECURITY_OPERATOR,
  SECURITY_READER,
  startWorld,
  type World,
} from './saga-harness';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => world.close());

describe('ProvisioningSaga against the local tenant', () => {
  it('turns three people into named guests with Security Reader and group membership', async () => {
    const { db, graph, events } = world;
    const request = await approvedRequest(db, { message: 'Welcome to Contoso', ccEmail: 'lead@fabrikam-mssp.example' });
    const done = await world.saga({ groupId: GUESTS_GROUP }).run(request.id);
    // Per person: look-up, invitation, one $batch for names + role, group: 4 round trips, not 5.
    expect(world.tenant.requestCount()).toBe(12);

    expect(done).toMatchObject({ status: 'completed', progress: { done: 3, total: 3 } });
    expect((await db.requests.get(request.id))?.status).toBe('completed');
    const members = await memberIds(graph, GUESTS_GROUP);
    for (const p of PEOPLE) {
      const users = await usersByEmail(graph, p.email);
      expect(users).toHaveLength(1);
      expect(users[0]).toMatchObject({
        userType: 'Guest',
        givenName: p.firstName,
        surname: p.lastName,
        displayName: p.displayName,
      });
      const roles = await assignmentsOf(graph, users[0].id);
      expect(roles.map((r) => r.roleDefinitionId)).toEqual([SECURITY_READER]);
      expect(members).toContain(users[0].id);
      const mail = await invitationsTo(world.tenant, p.email);
      expect(mail).toHaveLength(1);
      expect(mail[0]).toMatchObject({
        cc: ['lead@fabrikam-mssp.example'],
        customizedMessageBody: 'Welcome to Contoso',
      });
    }

    expect(events.log.progress.map((r) => r.progress)).toEqual([1, 2, 3].map((d) => ({ done: d, total: 3 })));
    expect(events.log.failed).toEqual([]);
    expect(events.log.completed).toHaveLength(1);
    const people = events.log.completed[0].people;
    expect(people.map((p) => p.email)).toEqual(PEOPLE.map((p) => p.email));
    for (const p of people) {
      expect(p.invited).toBe(true);
      expect(p.inviteRedeemUrl).toContain('/_local/redeem/');
      expect(p.roleAssignmentId).toBeTruthy();
    }

    // The simulated redeem link tells where the guest lands: the tenant-explicit Security Copilot link.
    const redeemed = (await (await fetch(people[0].inviteRedeemUrl!)).json()) as { inviteRedirectUrl: string };
    expect(redeemed.inviteRedirectUrl).toBe(`https://securitycopilot.microsoft.com/?tenantId=${world.tenant.tenantId}`);

    const steps = await db.audit.list({ subject: request.id, action: 'provisioning.step' });
    expect(steps).toHaveLength(12);
    for (const s of steps) {
      expect(s).toMatchObject({ actorId: 'system', actorName: 'Provisioning' });
      expect(s.detail?.graphRequestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(s.detail?.userId).toBeTypeOf('string');
    }
    expect(steps.map((s) => s.detail?.step).slice(0, 4)).toEqual(['find-or-invite', 'names', 'role', 'group']);
    expect(await db.audit.list({ subject: request.id, action: 'provisioning.completed' })).toHaveLength(1);
    const saga = await db.saga.list(request.id);
    expect(saga.every((s) => s.state === 'done')).toBe(true);
    expect(saga.find((s) => s.step === 'names')?.attempt).toBe(1);
  });

  it('re-uses a guest who is already in the tenant instead of inviting a second one', async () => {
    const { db, graph } = world;
    const ana = PEOPLE[0];
    await graph.api('/invitations').post({
      invitedUserEmailAddress: ana.email,
      inviteRedirectUrl: 'https://myapps.microsoft.com',
      sendInvitationMessage: true,
    });
    const request = await approvedRequest(db, { people: [ana], role: 'security-operator' });

    await world.saga().run(request.id);

    const users = await usersByEmail(graph, ana.email);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ givenName: 'Ana', surname: 'Ruiz' });
    expect((await assignmentsOf(graph, users[0].id)).map((r) => r.roleDefinitionId)).toEqual([SECURITY_OPERATOR]);
    expect(await invitationsTo(world.tenant, ana.email)).toHaveLength(1);
    expect(world.events.log.completed[0]?.people).toEqual([
      expect.objectContaining({ userId: users[0].id, invited: false }),
    ]);
  });

  it('keeps the names of an existing guest who already holds an admin role the app cannot edit', async () => {
    const { db, graph } = world;
    const ana = PEOPLE[0];
    const b2b = world.b2b();
    const { userId } = await b2b.invite(
      { ...ana, displayName: 'Ana R.' },
      { redirectUrl: 'https://myapps.microsoft.com' },
    );
    await b2b.assignRole(userId, SECURITY_READER);
    const request = await approvedRequest(db, { people: [ana], role: 'security-operator' });

    expect(await world.saga().run(request.id)).toMatchObject({ status: 'completed' });
    expect((await usersByEmail(graph, ana.email))[0]?.displayName).toBe('Ana R.');
    const roles = (await assignmentsOf(graph, userId)).map((r) => r.roleDefinitionId);
    expect(roles.sort()).toEqual([SECURITY_READER, SECURITY_OPERATOR].sort());
  });

  it('lets only one of two instances do the work when both run the same request at once', async () => {
    const other = await openDatabase(`sqlite:${world.file}`);
    try {
      const request = await approvedRequest(world.db);
      const a = world.saga({ owner: 'instance-a' });
      const b = new ProvisioningSaga({ ...sagaDepsOn(other), owner: 'instance-b' });
      const results = await Promise.all([a.run(request.id), b.run(request.id)]);

      expect(results.filter((r) => r === undefined)).toHaveLength(1);
      expect(results.find((r) => r !== undefined)?.status).toBe('completed');
      for (const p of PEOPLE) {
        expect(await usersByEmail(world.graph, p.email)).toHaveLength(1);
        expect(await invitationsTo(world.tenant, p.email)).toHaveLength(1);
      }
      expect(world.events.log.completed).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('creates a PIM schedule ending at the approved expiry, or none for "until revoked"', async () => {
    const { db, graph } = world;
    const saga = world.saga({ pimEnabled: true });
    const ends = await approvedRequest(db, { people: [PEOPLE[0]] });
    const forever = await approvedRequest(db, {
      people: [person('dee', 'Dee', 'Ng')],
      durationDays: null,
      expiresAt: undefined,
    });
    expect((await saga.run(ends.id))?.status).toBe('completed');
    expect((await saga.run(forever.id))?.status).toBe('completed');

    const [ana] = await usersByEmail(graph, PEOPLE[0].email);
    const schedules = await schedulesOf(graph, ana.id);
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({
      roleDefinitionId: SECURITY_READER,
      scheduleInfo: { expiration: { type: 'afterDateTime' } },
    });
    expect(new Date(schedules[0].scheduleInfo.expiration.endDateTime!).toISOString()).toBe(ends.expiresAt);
    expect(world.events.log.completed[0]?.people[0]?.roleAssignmentId).toBe(schedules[0].id);

    const [dee] = await usersByEmail(graph, 'dee@fabrikam-mssp.example');
    expect(dee).toMatchObject({ givenName: 'Dee', surname: 'Ng' });
    expect((await schedulesOf(graph, dee.id))[0]?.scheduleInfo.expiration).toMatchObject({
      type: 'noExpiration',
      endDateTime: null,
    });
  });

  it('leaves a request that is not approved alone', async () => {
    const request = await approvedRequest(world.db, { status: 'pending' });
    expect(await world.saga().run(request.id)).toMatchObject({ status: 'pending', version: 1 });
    expect(await usersByEmail(world.graph, PEOPLE[0].email)).toEqual([]);
  });
});

function sagaDepsOn(db: Awaited<ReturnType<typeof openDatabase>>) {
  return {
    requests: db.requests,
    saga: db.saga,
    audit: db.audit,
    b2b: world.b2b(),
    partnerDomain: world.partnerDomain,
    clock: () => new Date(),
    owner: 'x',
    pimEnabled: false,
    tenantId: world.tenant.tenantId,
    events: world.events.events,
  };
}
