import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ISAIAH,
  failure,
  GUESTS_GROUP,
  HOUR,
  invitation,
  manualClock,
  ROLES,
  startHarness,
  type Harness,
} from './helpers';

const ASSIGNMENTS = '/roleManagement/directory/roleAssignments';
const SCHEDULE_REQUESTS = '/roleManagement/directory/roleAssignmentScheduleRequests';

describe('local tenant: replication lag after POST /invitations (mode)', () => {
  const time = manualClock();
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await startHarness({
      clock: time.clock,
      modes: { replicationLag: { enabled: true, ms: 30_000, pimMs: 90_000 } },
    });
  });
  afterAll(async () => {
    await h.tenant.close();
  });
  beforeEach(() => {
    h.tenant.reset();
  });

  async function invite(): Promise<string> {
    n += 1;
    const created = (await h.graph.api('/invitations').post(invitation(`lag${n}@fabrikam-mssp.example`))) as {
      invitedUser: { id: string };
    };
    return created.invitedUser.id;
  }

  const roleAssignment = (principalId: string) => ({
    '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
    roleDefinitionId: ROLES.securityReader,
    principalId,
    directoryScopeId: '/',
  });
  const pimRequest = (principalId: string) => ({
    action: 'adminAssign',
    principalId,
    roleDefinitionId: ROLES.securityOperator,
    directoryScopeId: '/',
    justification: 'Incident 4711',
    scheduleInfo: {
      startDateTime: time.clock().toISOString(),
      expiration: { type: 'afterDateTime', endDateTime: new Date(time.clock().getTime() + 8 * HOUR).toISOString() },
    },
  });
  const memberRef = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });

  it('refuses writes that reference a just-invited user as Graph does, then lets them through after the lag', async () => {
    const id = await invite();
    const patch = await failure(h.graph.api(`/users/${id}`).patch({ givenName: 'Ada' }));
    expect([patch.status, patch.code]).toEqual([404, 'Request_ResourceNotFound']);
    const member = await failure(h.graph.api(`/groups/${GUESTS_GROUP}/members/$ref`).post(memberRef(id)));
    expect([member.status, member.code]).toEqual([404, 'Request_ResourceNotFound']);
    const role = await failure(h.graph.api(ASSIGNMENTS).post(roleAssignment(id)));
    expect([role.status, role.code]).toEqual([400, 'Request_BadRequest']);
    expect(role.message).toContain('Not a valid reference update.');
    const bound = await failure(
      h.graph.api('/groups').post({
        displayName: 'Bound',
        mailEnabled: false,
        mailNickname: 'bound',
        securityEnabled: true,
        'members@odata.bind': [memberRef(id)['@odata.id']],
      }),
    );
    expect(bound.status).toBe(404);
    const pim = await failure(h.graph.api(SCHEDULE_REQUESTS).post(pimRequest(id)));
    expect([pim.status, pim.code]).toEqual([404, 'Request_ResourceNotFound']);
    // Reads are not delayed: the invitation's own user object is there at once.
    expect(((await h.graph.api(`/users/${id}`).get()) as { id: string }).id).toBe(id);

    time.advance(30_001);
    await h.graph.api(`/users/${id}`).patch({ givenName: 'Ada' });
    await h.graph.api(`/groups/${GUESTS_GROUP}/members/$ref`).post(memberRef(id));
    await h.graph.api(ASSIGNMENTS).post(roleAssignment(id));
    const stillPim = await failure(h.graph.api(SCHEDULE_REQUESTS).post(pimRequest(id)));
    expect(stillPim.status).toBe(404);

    time.advance(60_000);
    expect(((await h.graph.api(SCHEDULE_REQUESTS).post(pimRequest(id))) as { status: string }).status).toBe(
      'Provisioned',
    );
  });

  it('answers the same inside $batch, item by item', async () => {
    const id = await invite();
    const json = { 'Content-Type': 'application/json' };
    const result = (await h.graph.api('/$batch').post({
      requests: [
        { id: '1', method: 'PATCH', url: `/users/${id}`, headers: json, body: { surname: 'Lovelace' } },
        { id: '2', method: 'POST', url: ASSIGNMENTS, headers: json, body: roleAssignment(id) },
        { id: '3', method: 'POST', url: SCHEDULE_REQUESTS, headers: json, body: pimRequest(id) },
        { id: '4', method: 'PATCH', url: `/users/${ISAIAH}`, headers: json, body: { jobTitle: 'Analyst' } },
      ],
    })) as { responses: Array<{ id: string; status: number; body?: { error?: { code: string } } }> };
    const byId = new Map(result.responses.map((r) => [r.id, [r.status, r.body?.error?.code]]));
    expect(byId.get('1')).toEqual([404, 'Request_ResourceNotFound']);
    expect(byId.get('2')).toEqual([400, 'Request_BadRequest']);
    expect(byId.get('3')).toEqual([404, 'Request_ResourceNotFound']);
    expect(byId.get('4')).toEqual([204, undefined]);
  });

  it('re-inviting an existing guest does not start the lag again; seeded users never lag', async () => {
    const id = await invite();
    time.advance(30_001);
    await h.graph.api('/invitations').post(invitation(`lag${n}@fabrikam-mssp.example`));
    await h.graph.api(`/users/${id}`).patch({ givenName: 'Again' });
    await h.graph.api(`/users/${ISAIAH}`).patch({ jobTitle: 'Lead' });
  });

  it('is switched at run time through PUT /_local/modes, and off by default', async () => {
    const off = await fetch(`${h.tenant.url}/_local/modes`, {
      method: 'PUT',
      body: JSON.stringify({ replicationLag: { enabled: false } }),
    });
    expect(off.status).toBe(200);
    expect(((await off.json()) as { replicationLag: { enabled: boolean } }).replicationLag.enabled).toBe(false);
    await h.graph.api(`/users/${await invite()}`).patch({ givenName: 'Now' });

    h.tenant.setModes({ replicationLag: { enabled: true, ms: 5_000 } });
    const id = await invite();
    expect((await failure(h.graph.api(`/users/${id}`).patch({ givenName: 'Soon' }))).status).toBe(404);
    time.advance(5_001);
    await h.graph.api(`/users/${id}`).patch({ givenName: 'Soon' });

    const plain = await startHarness();
    try {
      expect(plain.tenant.modes().replicationLag.enabled).toBe(false);
      const created = (await plain.graph.api('/invitations').post(invitation('fresh@fabrikam-mssp.example'))) as {
        invitedUser: { id: string };
      };
      await plain.graph.api(`/users/${created.invitedUser.id}`).patch({ givenName: 'Fresh' });
    } finally {
      await plain.tenant.close();
    }
  });

  it('refuses a malformed mode change with 400 and keeps the modes in force', async () => {
    const res = await fetch(`${h.tenant.url}/_local/modes`, {
      method: 'PUT',
      body: JSON.stringify({ replicationLag: { enabled: true, ms: -1 }, colour: 'blue' }),
    });
    expect(res.status).toBe(400);
    expect(h.tenant.modes().replicationLag).toEqual({ enabled: true, ms: 30_000, pimMs: 90_000 });
  });
});
