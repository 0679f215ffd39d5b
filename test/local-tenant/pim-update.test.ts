import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY, failure, invitation, manualClock, ROLES, startHarness, type Harness } from './helpers';

const SCHEDULE_REQUESTS = '/roleManagement/directory/roleAssignmentScheduleRequests';
const SCHEDULES = '/roleManagement/directory/roleAssignmentSchedules';
interface Schedule {
  id: string;
  scheduleInfo: { startDateTime: string; expiration: { endDateTime: string | null } };
}

describe('local tenant: PIM adminUpdate / adminExtend and the refusing policy (through the Graph SDK)', () => {
  const time = manualClock();
  let h: Harness;
  let guestId: string;

  const until = (days: number) => ({
    expiration: { type: 'afterDateTime', endDateTime: new Date(time.clock().getTime() + days * DAY).toISOString() },
  });
  const request = (action: string, days: number, role = ROLES.securityReader) => ({
    action,
    principalId: guestId,
    roleDefinitionId: role,
    directoryScopeId: '/',
    justification: 'Copilot Partner Access',
    scheduleInfo: until(days),
  });
  const schedules = async (role = ROLES.securityReader) =>
    (
      (await h.graph.api(SCHEDULES).filter(`principalId eq '${guestId}' and roleDefinitionId eq '${role}'`).get()) as {
        value: Schedule[];
      }
    ).value;

  beforeAll(async () => {
    h = await startHarness({ clock: time.clock });
    const invite = (await h.graph.api('/invitations').post(invitation('pim.update@fabrikam-mssp.example'))) as {
      invitedUser: { id: string };
    };
    guestId = invite.invitedUser.id;
  });
  beforeEach(() => h.tenant.setModes({ pimPolicy: { enabled: false } }));
  afterAll(async () => h.tenant.close());

  it('adminUpdate moves the end of the same schedule (same id, same start); validation only changes nothing', async () => {
    const assigned = (await h.graph.api(SCHEDULE_REQUESTS).post(request('adminAssign', 10))) as {
      targetScheduleId: string;
    };
    const [before] = await schedules();
    const checked = (await h.graph
      .api(SCHEDULE_REQUESTS)
      .post({ ...request('adminUpdate', 40), isValidationOnly: true })) as { status: string };
    expect(checked.status).toBe('Provisioned');
    expect(await schedules()).toEqual([before]);

    const updated = (await h.graph.api(SCHEDULE_REQUESTS).post(request('adminUpdate', 40))) as {
      action: string;
      status: string;
      targetScheduleId: string;
    };
    expect(updated).toMatchObject({ action: 'adminUpdate', status: 'Provisioned' });
    expect(updated.targetScheduleId).toBe(assigned.targetScheduleId);
    const after = await schedules();
    expect(after.map((s) => s.id)).toEqual([assigned.targetScheduleId]);
    expect(after[0]?.scheduleInfo.startDateTime).toBe(before?.scheduleInfo.startDateTime);
    expect(after[0]?.scheduleInfo.expiration.endDateTime).toBe(request('x', 40).scheduleInfo.expiration.endDateTime);
  });

  it('adminUpdate or adminExtend of an assignment that does not exist is 400 RoleAssignmentDoesNotExist', async () => {
    for (const action of ['adminUpdate', 'adminExtend']) {
      const e = await failure(h.graph.api(SCHEDULE_REQUESTS).post(request(action, 5, ROLES.globalReader)));
      expect([e.status, e.code]).toEqual([400, 'RoleAssignmentDoesNotExist']);
    }
    expect(await schedules(ROLES.globalReader)).toEqual([]);
  });

  it('adminExtend moves the end only of an assignment expiring within 14 days', async () => {
    const assigned = (await h.graph
      .api(SCHEDULE_REQUESTS)
      .post(request('adminAssign', 20, ROLES.securityOperator))) as {
      targetScheduleId: string;
    };
    const early = await failure(
      h.graph.api(SCHEDULE_REQUESTS).post(request('adminExtend', 30, ROLES.securityOperator)),
    );
    expect(early.status).toBe(400);
    expect(early.message).toContain(
      'adminExtend applies only to an assignment that expires within 14 days; use adminUpdate to change its end.',
    );
    time.advance(10 * DAY);
    const extended = (await h.graph
      .api(SCHEDULE_REQUESTS)
      .post(request('adminExtend', 30, ROLES.securityOperator))) as { targetScheduleId: string; action: string };
    expect(extended).toMatchObject({ action: 'adminExtend', targetScheduleId: assigned.targetScheduleId });
    const [after] = await schedules(ROLES.securityOperator);
    expect(after?.scheduleInfo.expiration.endDateTime).toBe(new Date(time.clock().getTime() + 30 * DAY).toISOString());
  });

  it('the refusing policy (set at start or through /_local/modes) answers 400 ExpirationRule and leaves the schedule as it was', async () => {
    const role = ROLES.globalReader;
    await h.graph.api(SCHEDULE_REQUESTS).post(request('adminAssign', 10, role));
    const [before] = await schedules(role);
    const res = await fetch(`${h.tenant.url}/_local/modes`, {
      method: 'PUT',
      body: JSON.stringify({ pimPolicy: { enabled: true, maxDurationDays: 14 } }),
    });
    expect(res.status).toBe(200);
    expect(h.tenant.modes().pimPolicy).toEqual({ enabled: true, maxDurationDays: 14 });
    for (const body of [request('adminUpdate', 15, role), request('adminAssign', 15, ROLES.guestInviter)]) {
      const e = await failure(h.graph.api(SCHEDULE_REQUESTS).post(body));
      expect([e.status, e.code]).toEqual([400, 'RoleAssignmentRequestPolicyValidationFailed']);
      expect(e.message).toMatch(/The following policy rules failed: \["ExpirationRule"\]$/);
    }
    expect(await schedules(role)).toEqual([before]);
    expect(await schedules(ROLES.guestInviter)).toEqual([]);
    const within = (await h.graph.api(SCHEDULE_REQUESTS).post(request('adminUpdate', 14, role))) as { status: string };
    expect(within.status).toBe('Provisioned');

    const started = await startHarness({ clock: time.clock, modes: { pimPolicy: { enabled: true } } });
    try {
      expect(started.tenant.modes().pimPolicy).toEqual({ enabled: true, maxDurationDays: 30 });
      const invite = (await started.graph.api('/invitations').post(invitation('p@fabrikam-mssp.example'))) as {
        invitedUser: { id: string };
      };
      const e = await failure(
        started.graph
          .api(SCHEDULE_REQUESTS)
          .post({ ...request('adminAssign', 31), principalId: invite.invitedUser.id }),
      );
      expect(e.code).toBe('RoleAssignmentRequestPolicyValidationFailed');
    } finally {
      await started.tenant.close();
    }
  });

  it('refuses an unknown setting of the mode with a clear 400 and keeps the modes in force', async () => {
    const res = await fetch(`${h.tenant.url}/_local/modes`, {
      method: 'PUT',
      body: JSON.stringify({ pimPolicy: { enabled: true, maxDurationDays: 0 } }),
    });
    expect(res.status).toBe(400);
    expect(h.tenant.modes().pimPolicy.enabled).toBe(false);
  });
});
