import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, APPROVERS, failure, GUESTS_GROUP, ISAIAH, seedCopy, startHarness, type Harness } from './helpers';

const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });

describe('local tenant: groups (through the Graph SDK)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.tenant.close();
  });

  it('gets a group and finds it by displayName and mailNickname', async () => {
    const group = (await h.graph.api(`/groups/${APPROVERS}`).get()) as {
      displayName: string;
      securityEnabled: boolean;
    };
    expect(group).toMatchObject({ displayName: 'Copilot Partner Access Approvers', securityEnabled: true });
    const byName = (await h.graph.api('/groups').filter("displayName eq 'Copilot Partner Access Admins'").get()) as {
      value: Array<{ id: string }>;
    };
    expect(byName.value.map((g) => g.id)).toEqual(['8cb9d9bd-3d72-48e1-9d9b-8e18cd791b0a']);
    const byNick = (await h.graph.api('/groups').filter("mailNickname eq 'sc-partner-guests'").get()) as {
      value: Array<{ id: string }>;
    };
    expect(byNick.value.map((g) => g.id)).toEqual([GUESTS_GROUP]);
  });

  it('creates a security group (201) and validates the body', async () => {
    const created = (await h.graph.api('/groups').post({
      displayName: 'SOC partners',
      mailEnabled: false,
      mailNickname: 'soc-partners',
      securityEnabled: true,
      description: 'Partner analysts',
    })) as { id: string; isAssignableToRole: boolean };
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.isAssignableToRole).toBe(false);
    const noNick = await failure(
      h.graph.api('/groups').post({ displayName: 'x', mailEnabled: false, securityEnabled: true }),
    );
    expect([noNick.status, noNick.code]).toEqual([400, 'Request_BadRequest']);
    expect(noNick.message).toContain("'mailNickname'");
    const mailSecurity = await failure(
      h.graph.api('/groups').post({ displayName: 'x', mailEnabled: true, mailNickname: 'x', securityEnabled: true }),
    );
    expect(mailSecurity.status).toBe(400);
    const badNick = await failure(
      h.graph
        .api('/groups')
        .post({ displayName: 'x', mailEnabled: false, mailNickname: 'has space', securityEnabled: true }),
    );
    expect(badNick.status).toBe(400);
  });

  it('adds a member with members/$ref (204), refuses a duplicate (400), lists and removes it', async () => {
    await h.graph.api(`/groups/${GUESTS_GROUP}/members/$ref`).post(ref(ISAIAH));
    const dup = await failure(h.graph.api(`/groups/${GUESTS_GROUP}/members/$ref`).post(ref(ISAIAH)));
    expect([dup.status, dup.code]).toEqual([400, 'Request_BadRequest']);
    expect(dup.message).toContain(
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
    const members = (await h.graph.api(`/groups/${GUESTS_GROUP}/members`).get()) as {
      value: Array<{ id: string; '@odata.type': string }>;
    };
    expect(members.value).toEqual([expect.objectContaining({ id: ISAIAH, '@odata.type': '#microsoft.graph.user' })]);
    await h.graph.api(`/groups/${GUESTS_GROUP}/members/${ISAIAH}/$ref`).delete();
    expect((await failure(h.graph.api(`/groups/${GUESTS_GROUP}/members/${ISAIAH}/$ref`).delete())).status).toBe(404);
    const unknown = await failure(
      h.graph.api(`/groups/${GUESTS_GROUP}/members/$ref`).post(ref('00000000-0000-4000-8000-000000000009')),
    );
    expect([unknown.status, unknown.code]).toEqual([404, 'Request_ResourceNotFound']);
  });

  it('needs RoleManagement.ReadWrite.Directory for a role-assignable group', async () => {
    const created = (await h.graph.api('/groups').post({
      displayName: 'Role group',
      mailEnabled: false,
      mailNickname: 'role-group',
      securityEnabled: true,
      isAssignableToRole: true,
    })) as { id: string };
    await h.graph.api(`/groups/${created.id}/members/$ref`).post(ref(ALEX));
    const nested = await failure(h.graph.api(`/groups/${created.id}/members/$ref`).post(ref(APPROVERS)));
    expect(nested.status).toBe(400);

    const limited = await startHarness({
      seed: seedCopy(
        (s) => void (s.app.permissions = s.app.permissions.filter((p) => p !== 'RoleManagement.ReadWrite.Directory')),
      ),
    });
    try {
      const e = await failure(
        limited.graph.api('/groups').post({
          displayName: 'R',
          mailEnabled: false,
          mailNickname: 'r',
          securityEnabled: true,
          isAssignableToRole: true,
        }),
      );
      expect([e.status, e.code]).toEqual([403, 'Authorization_RequestDenied']);
    } finally {
      await limited.tenant.close();
    }
  });
});
