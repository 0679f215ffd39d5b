import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalTenant } from '../../src/dev/local-tenant';
import { ALEX, failure, invitation, ISAIAH, MEGAN, ROLES, seedCopy, startHarness, type Harness } from './helpers';

interface Invitation {
  id: string;
  status: string;
  inviteRedeemUrl: string;
  invitedUser: { id: string };
  invitedUserMessageInfo: { ccRecipients: unknown[] };
}
interface User {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userPrincipalName: string;
  userType?: string;
  externalUserState?: string;
  creationType?: string;
  accountEnabled?: boolean;
}
const GUEST_FIELDS =
  'id,displayName,givenName,surname,mail,userPrincipalName,userType,externalUserState,creationType,accountEnabled';

describe('local tenant: users and invitations (through the Graph SDK)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.tenant.close();
  });

  it('invites a guest: 201, a PendingAcceptance guest that GET /users?$filter finds', async () => {
    const invite = (await h.graph
      .api('/invitations')
      .post(invitation('pattif@fabrikam-mssp.example', { invitedUserDisplayName: 'Patti Fernandez' }))) as Invitation;
    expect(invite.status).toBe('PendingAcceptance');
    expect(invite.inviteRedeemUrl).toContain('/_local/redeem/');
    const email = 'PattiF@Fabrikam-MSSP.example';
    const filter = `mail eq '${email}' or otherMails/any(x:x eq '${email}') or userPrincipalName eq '${email}'`;
    const found = (await h.graph.api('/users').filter(filter).select(GUEST_FIELDS).get()) as { value: User[] };
    expect(found.value).toHaveLength(1);
    expect(found.value[0]).toMatchObject({
      id: invite.invitedUser.id,
      displayName: 'Patti Fernandez',
      userType: 'Guest',
      externalUserState: 'PendingAcceptance',
      creationType: 'Invitation',
      userPrincipalName: 'pattif_fabrikam-mssp.example#EXT#@contoso.onmicrosoft.com',
    });
  });

  it('re-inviting the same address returns the same user id and creates no second user', async () => {
    const first = (await h.graph.api('/invitations').post(invitation('lynner@fabrikam-mssp.example'))) as Invitation;
    const again = (await h.graph.api('/invitations').post(invitation('LYNNER@fabrikam-mssp.example'))) as Invitation;
    expect(again.invitedUser.id).toBe(first.invitedUser.id);
    const found = (await h.graph.api('/users').filter("mail eq 'lynner@fabrikam-mssp.example'").get()) as {
      value: User[];
    };
    expect(found.value).toHaveLength(1);
    expect(found.value[0]?.displayName).toBe('lynner');
  });

  it('finds a guest by its #EXT# userPrincipalName in the path', async () => {
    const invite = (await h.graph.api('/invitations').post(invitation('upn.test@northwind-sec.example'))) as Invitation;
    const upn = encodeURIComponent('upn.test_northwind-sec.example#EXT#@contoso.onmicrosoft.com');
    const user = (await h.graph.api(`/users/${upn}`).get()) as User;
    expect(user.id).toBe(invite.invitedUser.id);
  });

  it('refuses a forbidden character, naming it', async () => {
    const e = await failure(h.graph.api('/invitations').post(invitation('bad#name@fabrikam-mssp.example')));
    expect(e.status).toBe(400);
    expect(e.code).toBe('BadRequest');
    expect(e.message).toContain("'#'");
    expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses addresses in its own domains, missing fields, a relative redirect and two cc recipients', async () => {
    const own = await failure(h.graph.api('/invitations').post(invitation('someone@contoso.example')));
    expect([own.status, own.code]).toEqual([400, 'BadRequest']);
    expect(own.message).toContain('contoso.example');
    expect((await failure(h.graph.api('/invitations').post({ inviteRedirectUrl: 'https://x.example' }))).status).toBe(
      400,
    );
    expect(
      (
        await failure(
          h.graph.api('/invitations').post(invitation('a@fabrikam-mssp.example', { inviteRedirectUrl: '/relative' })),
        )
      ).status,
    ).toBe(400);
    const cc = {
      ccRecipients: [{ emailAddress: { address: 'a@x.example' } }, { emailAddress: { address: 'b@x.example' } }],
    };
    const twoCc = await failure(
      h.graph.api('/invitations').post(invitation('c@fabrikam-mssp.example', { invitedUserMessageInfo: cc })),
    );
    expect(twoCc.status).toBe(400);
  });

  it('records a sent invitation message in the /_local outbox', async () => {
    const info = {
      customizedMessageBody: 'Welcome',
      ccRecipients: [{ emailAddress: { address: 'soc@fabrikam-mssp.example', name: 'SOC' } }],
    };
    await h.graph
      .api('/invitations')
      .post(invitation('mail.me@fabrikam-mssp.example', { sendInvitationMessage: true, invitedUserMessageInfo: info }));
    const outbox = (await (await fetch(`${h.tenant.url}/_local/outbox`)).json()) as {
      value: Array<{ to: string; cc: string[] }>;
    };
    expect(outbox.value.at(-1)).toMatchObject({
      to: 'mail.me@fabrikam-mssp.example',
      cc: ['soc@fabrikam-mssp.example'],
    });
  });

  it('PATCHes names (204) and rejects unknown or read-only properties', async () => {
    const invite = (await h.graph.api('/invitations').post(invitation('names@fabrikam-mssp.example'))) as Invitation;
    const id = invite.invitedUser.id;
    await h.graph
      .api(`/users/${id}`)
      .patch({ givenName: 'Nora', surname: 'Ames', displayName: 'Nora Ames (Fabrikam MSSP)' });
    const user = (await h.graph.api(`/users/${id}`).get()) as User;
    expect(user).toMatchObject({ givenName: 'Nora', surname: 'Ames', displayName: 'Nora Ames (Fabrikam MSSP)' });
    expect(user.userType).toBeUndefined();
    expect((await failure(h.graph.api(`/users/${id}`).patch({ favouriteColour: 'blue' }))).status).toBe(400);
    expect((await failure(h.graph.api(`/users/${id}`).patch({ creationType: 'x' }))).code).toBe('Request_BadRequest');
    expect((await failure(h.graph.api(`/users/${id}`).patch({ displayName: '' }))).status).toBe(400);
  });

  it('refuses to edit or delete a user holding a privileged role (403), allows it after the role is removed', async () => {
    const invite = (await h.graph.api('/invitations').post(invitation('priv@fabrikam-mssp.example'))) as Invitation;
    const id = invite.invitedUser.id;
    const assignment = (await h.graph
      .api('/roleManagement/directory/roleAssignments')
      .post({ roleDefinitionId: ROLES.securityReader, principalId: id, directoryScopeId: '/' })) as { id: string };
    const e = await failure(h.graph.api(`/users/${id}`).patch({ accountEnabled: false }));
    expect([e.status, e.code]).toEqual([403, 'Authorization_RequestDenied']);
    await h.graph.api(`/roleManagement/directory/roleAssignments/${assignment.id}`).delete();
    await h.graph.api(`/users/${id}`).patch({ accountEnabled: false });
    await h.graph.api(`/users/${id}`).delete();
  });

  it('soft-deletes: a deleted user answers 404 Request_ResourceNotFound', async () => {
    const invite = (await h.graph.api('/invitations').post(invitation('gone@fabrikam-mssp.example'))) as Invitation;
    await h.graph.api(`/users/${invite.invitedUser.id}`).delete();
    const e = await failure(h.graph.api(`/users/${invite.invitedUser.id}`).get());
    expect([e.status, e.code]).toEqual([404, 'Request_ResourceNotFound']);
    expect(e.message).toContain(invite.invitedUser.id);
  });

  it('answers $select, $top with a nextLink, and refuses unsupported filters', async () => {
    const page = (await h.graph.api('/users').select('id,mail').top(2).get()) as {
      value: Array<Record<string, unknown>>;
      '@odata.nextLink'?: string;
    };
    expect(page.value).toHaveLength(2);
    expect(Object.keys(page.value[0] ?? {}).sort()).toEqual(['id', 'mail']);
    const nextLink = page['@odata.nextLink'] ?? '';
    expect(nextLink).toContain('$skiptoken=2');
    const rest = (await h.graph.api(nextLink).get()) as { value: unknown[] };
    expect(rest.value.length).toBeGreaterThan(0);
    const e = await failure(h.graph.api('/users').filter("startswith(displayName,'A')").get());
    expect([e.status, e.code]).toEqual([400, 'Request_UnsupportedQuery']);
    const quoted = (await h.graph.api('/users').filter("displayName eq 'O''Brien'").get()) as { value: unknown[] };
    expect(quoted.value).toEqual([]);
    const badSelect = await failure(h.graph.api(`/users/${ALEX}`).select('nope').get());
    expect(badSelect.status).toBe(400);
  });

  it('checkMemberGroups and transitiveMemberOf are transitive; more than 20 ids is a 400', async () => {
    await h.graph
      .api(`/groups/${'dc1c3bd2-d68e-48cd-b1cd-5219f0631879'}/members/$ref`)
      .post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ISAIAH}` });
    const nested = (await h.graph
      .api('/groups')
      .post({ displayName: 'Outer', mailEnabled: false, mailNickname: 'outer', securityEnabled: true })) as {
      id: string;
    };
    await h.graph
      .api(`/groups/${nested.id}/members/$ref`)
      .post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/dc1c3bd2-d68e-48cd-b1cd-5219f0631879` });
    const check = (await h.graph
      .api(`/users/${ISAIAH}/checkMemberGroups`)
      .post({ groupIds: [nested.id, 'e720e7c9-bb86-4f41-9d6e-6a21385ceb80'] })) as { value: string[] };
    expect(check.value).toEqual([nested.id]);
    const megan = (await h.graph
      .api(`/users/${MEGAN}/checkMemberGroups`)
      .post({ groupIds: ['e720e7c9-bb86-4f41-9d6e-6a21385ceb80'] })) as { value: string[] };
    expect(megan.value).toEqual(['e720e7c9-bb86-4f41-9d6e-6a21385ceb80']);
    const transitive = (await h.graph.api(`/users/${ISAIAH}/transitiveMemberOf`).get()) as {
      value: Array<{ id: string; '@odata.type': string }>;
    };
    expect(transitive.value.map((g) => g.id).sort()).toEqual(
      [nested.id, 'dc1c3bd2-d68e-48cd-b1cd-5219f0631879'].sort(),
    );
    expect(transitive.value[0]?.['@odata.type']).toBe('#microsoft.graph.group');
    const direct = (await h.graph.api(`/users/${ISAIAH}/memberOf`).get()) as { value: unknown[] };
    expect(direct.value).toHaveLength(1);
    const tooMany = Array.from({ length: 21 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect((await failure(h.graph.api(`/users/${ISAIAH}/checkMemberGroups`).post({ groupIds: tooMany }))).status).toBe(
      400,
    );
  });
});

describe('local tenant: permissions and policy', () => {
  it('answers 403 Authorization_RequestDenied when the app has no permission that allows invitations', async () => {
    const seed = seedCopy((s) => {
      // User.ReadWrite.All also allows invitations, as in Graph's permission table.
      s.app.permissions = s.app.permissions.filter((p) => p !== 'User.Invite.All' && p !== 'User.ReadWrite.All');
    });
    const h = await startHarness({ seed });
    try {
      const e = await failure(h.graph.api('/invitations').post(invitation('x@fabrikam-mssp.example')));
      expect([e.status, e.code]).toEqual([403, 'Authorization_RequestDenied']);
      expect(e.message).toMatch(/Insufficient privileges to complete the operation\.$/);
      expect(e.requestId).toBeTruthy();
    } finally {
      await h.tenant.close();
    }
  });

  it('answers 403 when the tenant restricts invitations to admins', async () => {
    const h = await startHarness({ seed: seedCopy((s) => void (s.tenant.restrictInvitationsToAdmins = true)) });
    try {
      const e = await failure(h.graph.api('/invitations').post(invitation('x@fabrikam-mssp.example')));
      expect([e.status, e.code]).toEqual([403, 'Authorization_RequestDenied']);
    } finally {
      await h.tenant.close();
    }
  });

  it('refuses a seed that is not marked simulated, listing the problems', async () => {
    const bad = seedCopy((s) => {
      s.tenant.displayName = 'Contoso';
      s.groups[0].members.push('11111111-2222-4333-8444-555555555555');
    });
    await expect(startLocalTenant({ seed: bad })).rejects.toThrow(
      /tenant\.displayName: must contain "\(simulated\)"[\s\S]*groups\.0\.members/,
    );
  });
});
