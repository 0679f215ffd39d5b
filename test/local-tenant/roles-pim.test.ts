import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, failure, HOUR, invitation, manualClock, ROLES, seedCopy, startHarness, type Harness } from './helpers';

const ASSIGNMENTS = '/roleManagement/directory/roleAssignments';
const SCHEDULE_REQUESTS = '/roleManagement/directory/roleAssignmentScheduleRequests';
interface Assignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
}

describe('local tenant: directory roles and PIM (through the Graph SDK)', () => {
  const time = manualClock();
  let h: Harness;
  let guestId: string;

  beforeAll(async () => {
    h = await startHarness({ clock: time.clock });
    const invite = (await h.graph.api('/invitations').post(invitation('analyst@fabrikam-mssp.example'))) as {
      invitedUser: { id: string };
    };
    guestId = invite.invitedUser.id;
  });
  afterAll(async () => {
    await h.tenant.close();
  });

  it('lists the built-in role templates with their real ids and names', async () => {
    const list = (await h.graph.api('/roleManagement/directory/roleDefinitions').get()) as {
      value: Array<{ id: string; displayName: string; templateId: string; isBuiltIn: boolean }>;
    };
    expect(list.value.find((r) => r.id === ROLES.securityReader)).toMatchObject({
      displayName: 'Security Reader',
      templateId: ROLES.securityReader,
      isBuiltIn: true,
    });
    const one = (await h.graph.api(`/roleManagement/directory/roleDefinitions/${ROLES.globalAdministrator}`).get()) as {
      displayName: string;
    };
    expect(one.displayName).toBe('Global Administrator');
    const filtered = (await h.graph
      .api('/roleManagement/directory/roleDefinitions')
      .filter("displayName eq 'Security Operator'")
      .get()) as { value: unknown[] };
    expect(filtered.value).toHaveLength(1);
    expect(
      (
        await failure(
          h.graph.api('/roleManagement/directory/roleDefinitions/00000000-0000-4000-8000-000000000000').get(),
        )
      ).status,
    ).toBe(404);
  });

  it('assigns a role (201), refuses a duplicate with 400 "A conflicting object…", deletes (204) and then 404s', async () => {
    const body = {
      '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
      roleDefinitionId: ROLES.securityReader,
      principalId: guestId,
      directoryScopeId: '/',
    };
    const created = (await h.graph.api(ASSIGNMENTS).post(body)) as Assignment;
    expect(created).toMatchObject({
      principalId: guestId,
      roleDefinitionId: ROLES.securityReader,
      directoryScopeId: '/',
    });
    const dup = await failure(h.graph.api(ASSIGNMENTS).post(body));
    expect([dup.status, dup.code]).toEqual([400, 'Request_BadRequest']);
    expect(dup.message).toContain(
      'A conflicting object with one or more of the specified property values is present in the directory.',
    );
    const both = (await h.graph
      .api(ASSIGNMENTS)
      .filter(`principalId eq '${guestId}' and roleDefinitionId eq '${ROLES.securityReader}'`)
      .get()) as { value: Assignment[] };
    expect(both.value.map((a) => a.id)).toEqual([created.id]);
    const got = (await h.graph.api(`${ASSIGNMENTS}/${created.id}`).get()) as Assignment;
    expect(got.id).toBe(created.id);
    await h.graph.api(`${ASSIGNMENTS}/${created.id}`).delete();
    const gone = await failure(h.graph.api(`${ASSIGNMENTS}/${created.id}`).get());
    expect([gone.status, gone.code]).toEqual([404, 'Request_ResourceNotFound']);
    expect((await failure(h.graph.api(`${ASSIGNMENTS}/${created.id}`).delete())).status).toBe(404);
  });

  it('validates role assignments: unknown principal 404, unknown role 404, missing scope 400, group not role-assignable 400', async () => {
    const unknownPrincipal = await failure(
      h.graph.api(ASSIGNMENTS).post({
        roleDefinitionId: ROLES.securityReader,
        principalId: '00000000-0000-4000-8000-000000000001',
        directoryScopeId: '/',
      }),
    );
    expect([unknownPrincipal.status, unknownPrincipal.code]).toEqual([404, 'Request_ResourceNotFound']);
    const unknownRole = await failure(
      h.graph.api(ASSIGNMENTS).post({
        roleDefinitionId: '00000000-0000-4000-8000-000000000002',
        principalId: guestId,
        directoryScopeId: '/',
      }),
    );
    expect(unknownRole.status).toBe(404);
    const noScope = await failure(
      h.graph.api(ASSIGNMENTS).post({ roleDefinitionId: ROLES.securityReader, principalId: guestId }),
    );
    expect([noScope.status, noScope.code]).toEqual([400, 'Request_BadRequest']);
    const group = await failure(
      h.graph.api(ASSIGNMENTS).post({
        roleDefinitionId: ROLES.securityReader,
        principalId: 'dc1c3bd2-d68e-48cd-b1cd-5219f0631879',
        directoryScopeId: '/',
      }),
    );
    expect(group.status).toBe(400);
  });

  it('PIM adminAssign: 201 Provisioned, visible in schedules and assignments, duplicate 400 RoleAssignmentExists, gone after endDateTime', async () => {
    const start = time.clock();
    const request = {
      action: 'adminAssign',
      principalId: guestId,
      roleDefinitionId: ROLES.securityOperator,
      directoryScopeId: '/',
      justification: 'Incident 4711',
      scheduleInfo: {
        startDateTime: start.toISOString(),
        expiration: { type: 'afterDateTime', endDateTime: new Date(start.getTime() + 8 * HOUR).toISOString() },
      },
    };
    const created = (await h.graph.api(SCHEDULE_REQUESTS).post(request)) as {
      id: string;
      status: string;
      action: string;
      targetScheduleId: string;
    };
    expect(created).toMatchObject({ status: 'Provisioned', action: 'adminAssign' });
    const schedules = (await h.graph
      .api('/roleManagement/directory/roleAssignmentSchedules')
      .filter(`principalId eq '${guestId}'`)
      .get()) as {
      value: Array<{ roleDefinitionId: string; scheduleInfo: { expiration: { endDateTime: string } } }>;
    };
    expect(schedules.value).toHaveLength(1);
    expect(schedules.value[0]?.scheduleInfo.expiration.endDateTime).toBe(request.scheduleInfo.expiration.endDateTime);
    const active = (await h.graph.api(ASSIGNMENTS).filter(`principalId eq '${guestId}'`).get()) as {
      value: Assignment[];
    };
    expect(active.value.map((a) => a.roleDefinitionId)).toEqual([ROLES.securityOperator]);
    const dup = await failure(h.graph.api(SCHEDULE_REQUESTS).post(request));
    expect([dup.status, dup.code]).toEqual([400, 'RoleAssignmentExists']);

    time.advance(8 * HOUR + 1);
    const later = (await h.graph.api(ASSIGNMENTS).filter(`principalId eq '${guestId}'`).get()) as {
      value: Assignment[];
    };
    expect(later.value).toEqual([]);
  });

  it('PIM policy: missing justification and a too-long duration are 400 RoleAssignmentRequestPolicyValidationFailed', async () => {
    const base = {
      action: 'adminAssign',
      principalId: guestId,
      roleDefinitionId: ROLES.globalReader,
      directoryScopeId: '/',
    };
    const noReason = await failure(
      h.graph
        .api(SCHEDULE_REQUESTS)
        .post({ ...base, scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT8H' } } }),
    );
    expect([noReason.status, noReason.code]).toEqual([400, 'RoleAssignmentRequestPolicyValidationFailed']);
    expect(noReason.message).toContain('JustificationRule');
    const tooLong = await failure(
      h.graph.api(SCHEDULE_REQUESTS).post({
        ...base,
        justification: 'x',
        scheduleInfo: { expiration: { type: 'afterDuration', duration: 'P366D' } },
      }),
    );
    expect([tooLong.status, tooLong.code]).toEqual([400, 'RoleAssignmentRequestPolicyValidationFailed']);
    expect(tooLong.message).toContain('ExpirationRule');
    const ok = (await h.graph.api(SCHEDULE_REQUESTS).post({
      ...base,
      justification: 'x',
      scheduleInfo: { expiration: { type: 'afterDuration', duration: 'P30D' } },
    })) as { status: string };
    expect(ok.status).toBe('Provisioned');
  });

  it('PIM adminRemove: removes the assignment (Revoked); removing nothing is a 400', async () => {
    const base = { principalId: guestId, roleDefinitionId: ROLES.globalReader, directoryScopeId: '/' };
    const removed = (await h.graph.api(SCHEDULE_REQUESTS).post({ ...base, action: 'adminRemove' })) as {
      status: string;
    };
    expect(removed.status).toBe('Revoked');
    const again = await failure(h.graph.api(SCHEDULE_REQUESTS).post({ ...base, action: 'adminRemove' }));
    expect([again.status, again.code]).toEqual([400, 'RoleAssignmentDoesNotExist']);
  });

  it('honours the seed policy maxDurationDays', async () => {
    const short = await startHarness({ seed: seedCopy((s) => void (s.pim.maxDurationDays = 7)), clock: time.clock });
    try {
      const invite = (await short.graph.api('/invitations').post(invitation('short@fabrikam-mssp.example'))) as {
        invitedUser: { id: string };
      };
      const end = new Date(time.clock().getTime() + 8 * DAY).toISOString();
      const e = await failure(
        short.graph.api(SCHEDULE_REQUESTS).post({
          action: 'adminAssign',
          principalId: invite.invitedUser.id,
          roleDefinitionId: ROLES.securityReader,
          directoryScopeId: '/',
          justification: 'x',
          scheduleInfo: { expiration: { type: 'afterDateTime', endDateTime: end } },
        }),
      );
      expect(e.code).toBe('RoleAssignmentRequestPolicyValidationFailed');
    } finally {
      await short.tenant.close();
    }
  });
});
