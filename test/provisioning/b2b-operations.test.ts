import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { B2bOperations, ROLE_DEFINITION_IDS } from '../../src/services/graph/b2b-operations';
import { GraphRequestError } from '../../src/services/graph/graph-error';
import { startWorld, GUESTS_GROUP, person, seedWith, type World } from './saga-harness';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REDIRECT = { redirectUrl: 'https://securitycopilot.microsoft.com/?tenantId=x' };
/** A member (not a guest) whose address is outside the tenant's verified domains: invitations answer 400. */
const MEMBER_ID = '3d1bb5a4-54f3-4a4b-9d8f-6d3f7e1c2b10';

let world: World;
let b2b: B2bOperations;
beforeEach(async () => {
  const seed = seedWith((s) => {
    s.users.push({
      id: MEMBER_ID,
      displayName: 'Sam Member',
      givenName: 'Sam',
      surname: 'Member',
      mail: 'sam@northwind-sec.example',
      userPrincipalName: 'sam@contoso.onmicrosoft.com',
      userType: 'Member',
      jobTitle: null,
      accountEnabled: true,
      otherMails: [],
    });
  });
  world = await startWorld({ seed });
  b2b = new B2bOperations(world.graph, { tenantId: world.tenant.tenantId });
});
afterEach(async () => world.close());

describe('B2bOperations against the local tenant', () => {
  it('finds a user by an address with a quote, and carries request ids', async () => {
    const quoted = person("o'neil", 'Chen', "O'Neil");
    const missing = await b2b.findUserByEmail(quoted.email);
    expect(missing.user).toBeUndefined();
    expect(missing.requestId).toMatch(GUID);
    const invited = await b2b.invite(quoted, REDIRECT);
    expect(invited.invited).toBe(true);
    expect(invited.userId).toMatch(GUID);
    expect(invited.requestId).toMatch(GUID);
    expect((await b2b.findUserByEmail(quoted.email)).user?.id).toBe(invited.userId);
  });

  it('takes the object id Graph names when the invitee already exists', async () => {
    const sam = { email: 'sam@northwind-sec.example', firstName: 'Sam', lastName: 'Member', displayName: 'Sam' };
    expect(await b2b.invite(sam, REDIRECT)).toMatchObject({ userId: MEMBER_ID, invited: false });
  });

  it('counts an existing role assignment, PIM schedule and group membership as success', async () => {
    const { userId } = await b2b.invite(person('dana', 'Dana', 'Ito'), REDIRECT);
    const reader = ROLE_DEFINITION_IDS['security-reader'];
    const first = await b2b.assignRole(userId, reader);
    expect(await b2b.assignRole(userId, reader)).toMatchObject({ existing: true, assignmentId: first.assignmentId });

    const operator = ROLE_DEFINITION_IDS['security-operator'];
    const pim = { justification: 'retainer', endDateTime: new Date(Date.now() + 86_400_000).toISOString() };
    const scheduled = await b2b.assignRolePim(userId, operator, pim);
    expect(await b2b.assignRolePim(userId, operator, pim)).toMatchObject({
      existing: true,
      assignmentId: scheduled.assignmentId,
    });

    expect(await b2b.addToGroup(GUESTS_GROUP, userId)).toMatchObject({ added: true });
    expect(await b2b.addToGroup(GUESTS_GROUP, userId)).toMatchObject({ added: false });
  });

  it('sets names and the role in one batch, and reports inner failures as GraphRequestErrors', async () => {
    const { userId } = await b2b.invite(person('eli', 'Eli', 'Park'), REDIRECT);
    const names = { givenName: 'Eli', surname: 'Park', displayName: 'Eli Park' };
    const ok = await b2b.setNamesAndAssignRole(userId, names, ROLE_DEFINITION_IDS['security-reader']);
    expect(ok.names.ok && ok.role.ok).toBe(true);

    // Now privileged: the app may no longer change the names, and the role is already there.
    const again = await b2b.setNamesAndAssignRole(
      userId,
      { ...names, displayName: 'Someone else' },
      ROLE_DEFINITION_IDS['security-reader'],
    );
    expect(again.names.ok ? undefined : again.names.error).toBeInstanceOf(GraphRequestError);
    expect(again.names.ok ? 0 : again.names.error.status).toBe(403);
    expect(again.role.ok ? 0 : again.role.error.status).toBe(424);
    expect(await b2b.setNames(userId, names)).toMatchObject({ unchanged: true });
    await expect(b2b.setNames(userId, { ...names, surname: 'Other' })).rejects.toMatchObject({
      status: 403,
      code: 'Authorization_RequestDenied',
    });
  });
});
