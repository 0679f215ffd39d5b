import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ALEX,
  APPROVERS,
  FABRIKAM_TENANT,
  failure,
  GUESTS_GROUP,
  invitation,
  ISAIAH,
  ROLES,
  startHarness,
  type Harness,
} from './helpers';

const REF = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
const GDAP = '/tenantRelationships/delegatedAdminRelationships';

describe('local tenant: strict request bodies (graph-v1-schemas.json, on by default)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.tenant.close();
  });
  beforeEach(() => {
    h.tenant.reset();
  });

  it('is on by default', () => {
    expect(h.tenant.modes().strictBodies).toBe(true);
  });

  it('directory writes answer 400 Request_BadRequest for an undeclared property', async () => {
    const patch = await failure(h.graph.api(`/users/${ISAIAH}`).patch({ givenName: 'Isaiah', favouriteColour: 'red' }));
    expect([patch.status, patch.code]).toEqual([400, 'Request_BadRequest']);
    expect(patch.message).toContain("Property 'favouriteColour' does not exist as a declared property");
    const role = await failure(
      h.graph.api('/roleManagement/directory/roleAssignments').post({
        roleDefinitionId: ROLES.securityReader,
        principalId: ISAIAH,
        directoryScopeId: '/',
        expiresOn: '2027-01-01',
      }),
    );
    expect([role.status, role.code]).toEqual([400, 'Request_BadRequest']);
    const group = await failure(
      h.graph.api('/groups').post({
        displayName: 'G',
        mailEnabled: false,
        mailNickname: 'g',
        securityEnabled: true,
        'friends@odata.bind': [],
      }),
    );
    expect(group.message).toContain("'friends'");
    const check = await failure(
      h.graph.api(`/users/${ALEX}/checkMemberGroups`).post({ groupIds: [APPROVERS], transitive: true }),
    );
    expect([check.status, check.code]).toEqual([400, 'Request_BadRequest']);
  });

  it('a $ref body is exactly {"@odata.id"}', async () => {
    const extra = await failure(
      h.graph.api(`/groups/${GUESTS_GROUP}/members/$ref`).post({ ...REF(ISAIAH), roles: ['owner'] }),
    );
    expect([extra.status, extra.code]).toEqual([400, 'Request_BadRequest']);
    await h.graph.api(`/groups/${GUESTS_GROUP}/members/$ref`).post(REF(ISAIAH));
  });

  it('invitations, PIM and GDAP answer 400 BadRequest naming the type, nested complex values included', async () => {
    const top = await failure(h.graph.api('/invitations').post(invitation('a@fabrikam-mssp.example', { vip: true })));
    expect([top.status, top.code]).toEqual([400, 'BadRequest']);
    expect(top.message).toContain("'vip' does not exist on type 'microsoft.graph.invitation'");
    const nested = await failure(
      h.graph.api('/invitations').post(
        invitation('b@fabrikam-mssp.example', {
          invitedUserMessageInfo: { ccRecipients: [{ emailAddress: { address: 'c@fabrikam-mssp.example', x: 1 } }] },
        }),
      ),
    );
    expect(nested.message).toContain("'x' does not exist on type 'microsoft.graph.emailAddress'");
    const pim = await failure(
      h.graph.api('/roleManagement/directory/roleAssignmentScheduleRequests').post({
        action: 'adminAssign',
        principalId: ISAIAH,
        roleDefinitionId: ROLES.securityReader,
        directoryScopeId: '/',
        justification: 'x',
        scheduleInfo: { startDateTime: new Date().toISOString(), expiration: { type: 'noExpiration', days: 3 } },
      }),
    );
    expect(pim.message).toContain("'days' does not exist on type 'microsoft.graph.expirationPattern'");
    const gdap = await failure(
      h.graph.api(GDAP).post({
        displayName: 'Strict',
        duration: 'P30D',
        customer: { tenantId: FABRIKAM_TENANT },
        accessDetails: { unifiedRoles: [{ roleDefinitionId: ROLES.securityReader }] },
        notes: 'x',
      }),
    );
    expect([gdap.status, gdap.code]).toEqual([400, 'BadRequest']);
  });

  it('inside $batch each item is checked on its own', async () => {
    const json = { 'Content-Type': 'application/json' };
    const result = (await h.graph.api('/$batch').post({
      requests: [
        { id: '1', method: 'PATCH', url: `/users/${ISAIAH}`, headers: json, body: { nickname: 'Zay' } },
        { id: '2', method: 'PATCH', url: `/users/${ISAIAH}`, headers: json, body: { jobTitle: 'Analyst' } },
      ],
    })) as { responses: Array<{ id: string; status: number }> };
    expect(result.responses.map((r) => [r.id, r.status])).toEqual([
      ['1', 400],
      ['2', 204],
    ]);
  });

  it('can be switched off (start option or PUT /_local/modes), e.g. to reproduce an old lenient tenant', async () => {
    const res = await fetch(`${h.tenant.url}/_local/modes`, {
      method: 'PUT',
      body: JSON.stringify({ strictBodies: false }),
    });
    expect(res.status).toBe(200);
    await h.graph.api(`/groups/${GUESTS_GROUP}/members/$ref`).post({ ...REF(ISAIAH), roles: ['owner'] });
    const lenient = await startHarness({ modes: { strictBodies: false } });
    try {
      await lenient.graph.api('/invitations').post(invitation('lenient@fabrikam-mssp.example', { vip: true }));
    } finally {
      await lenient.tenant.close();
    }
  });
});

describe('local tenant: GDAP names are unique across all of the partner’s relationships', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.tenant.close();
  });

  const body = (displayName: string) => ({
    displayName,
    duration: 'P30D',
    customer: { tenantId: FABRIKAM_TENANT },
    accessDetails: { unifiedRoles: [{ roleDefinitionId: ROLES.securityReader }] },
  });

  it('refuses the name of a terminated or expired relationship too', async () => {
    for (const end of ['terminate', 'expire'] as const) {
      const name = `Ended by ${end}`;
      const created = (await h.graph.api(GDAP).post(body(name))) as { id: string };
      await h.graph.api(`${GDAP}/${created.id}/requests`).post({ action: 'lockForApproval' });
      expect((await fetch(`${h.tenant.url}/_local/gdap/${created.id}/${end}`, { method: 'POST' })).status).toBe(200);
      const again = await failure(h.graph.api(GDAP).post(body(name.toUpperCase())));
      expect(again.status).toBe(409);
    }
  });
});
