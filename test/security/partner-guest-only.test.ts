import { afterEach, describe, expect, it } from 'vitest';
import type { LocalTenantOptions } from '../../src/dev/local-tenant';
import { externalAddressOf } from '../../src/services/access/partner-account';
import { assignmentsOf } from '../provisioning/graph-checks';
import { approvedRequest, PEOPLE, seedWith, startWorld, type World } from '../provisioning/saga-harness';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});
async function open(options: LocalTenantOptions = {}): Promise<World> {
  world = await startWorld(options);
  return world;
}

const ANA = PEOPLE[0];
const ISAIAH = '00d3a4b1-93f4-4c7b-8a65-3c1f7f0c1a11';
const OTHER_GUEST = '5b0b8f8e-6f57-4c59-9d43-0d7d1c3a7a21';
const ANA_GUEST = '9a4f3c2e-1d6b-4e8a-b0c7-2f5e8d9a1b33';
const NORTHWIND_GUEST = '3c7e9a1b-5d2f-4b8c-a6e0-7f1d3b5c9e44';
/** A home member who (by an admin's hand, or their own) lists a partner person's address among their other mails. */
const memberWithPartnerMail = seedWith((s) => {
  s.users.push({
    id: ISAIAH,
    displayName: 'Isaac Insider',
    givenName: 'Isaac',
    surname: 'Insider',
    mail: 'isaac@contoso.example',
    userPrincipalName: 'isaac@contoso.onmicrosoft.com',
    userType: 'Member',
    accountEnabled: true,
    otherMails: [ANA.email],
  });
});

describe('Only partner guests get roles (issue 9, point 2)', () => {
  it('a home member whose otherMails holds the partner address gets no role; that person fails with a sentence', async () => {
    const w = await open({ seed: memberWithPartnerMail });
    const request = await approvedRequest(w.db, { people: [ANA] });
    const failed = await w.saga().run(request.id);
    expect(await assignmentsOf(w.graph, ISAIAH)).toEqual([]);
    expect(failed).toMatchObject({ status: 'failed', failure: { step: 'find-or-invite' } });
    expect(failed?.failure?.message).toContain(ANA.email);
    expect(failed?.failure?.message).toMatch(/member of this organisation/);
    expect(failed?.failure?.message).toMatch(/not a guest/);
  });
});

/** A seed with one more user; guests default to having accepted, so they look like long-standing accounts. */
const withUser = (u: {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string;
  userType: 'Member' | 'Guest';
  otherMails: string[];
}) => seedWith((s) => void s.users.push({ ...u, accountEnabled: true, externalUserState: 'Accepted' }));

describe('Only partner guests get roles: which accounts are re-used', () => {
  it("refuses another organisation's guest who lists the partner address among its other mails", async () => {
    const w = await open({
      seed: withUser({
        id: OTHER_GUEST,
        displayName: 'Mallory (Northwind)',
        mail: 'mallory@northwind-sec.example',
        userPrincipalName: 'mallory_northwind-sec.example#EXT#@contoso.onmicrosoft.com',
        userType: 'Guest',
        otherMails: [ANA.email],
      }),
    });
    const request = await approvedRequest(w.db, { people: [ANA] });
    const failed = await w.saga().run(request.id);
    expect(await assignmentsOf(w.graph, OTHER_GUEST)).toEqual([]);
    expect(failed).toMatchObject({ status: 'failed', failure: { step: 'find-or-invite' } });
    expect(failed?.failure?.message).toContain('whose own address is mallory@northwind-sec.example');
    expect(failed?.failure?.message).toContain('press Retry');
    const audited = await w.db.audit.list({ subject: request.id, action: 'provisioning.failed' });
    expect(audited[0]?.detail).toMatchObject({ code: 'NotAPartnerGuest', email: ANA.email });
  });

  it("re-uses the partner person's own guest account, found by the address its UPN encodes", async () => {
    const w = await open({
      seed: withUser({
        id: ANA_GUEST,
        displayName: 'Ana Ruiz',
        mail: null,
        userPrincipalName: 'ana_fabrikam-mssp.example#EXT#@contoso.onmicrosoft.com',
        userType: 'Guest',
        otherMails: [ANA.email],
      }),
    });
    const request = await approvedRequest(w.db, { people: [ANA] });
    expect(await w.saga().run(request.id)).toMatchObject({ status: 'completed' });
    expect((await assignmentsOf(w.graph, ANA_GUEST)).map((a) => a.roleDefinitionId)).toHaveLength(1);
  });

  it('refuses a guest at a domain that is not an allow-listed partner', async () => {
    const mallory = 'mallory@northwind-sec.example';
    const w = await open({
      seed: withUser({
        id: NORTHWIND_GUEST,
        displayName: 'Mallory',
        mail: mallory,
        userPrincipalName: 'mallory_northwind-sec.example#EXT#@contoso.onmicrosoft.com',
        userType: 'Guest',
        otherMails: [],
      }),
    });
    const request = await approvedRequest(w.db, {
      people: [{ email: mallory, firstName: 'Mal', lastName: 'Lory', displayName: 'Mal Lory' }],
    });
    const failed = await w.saga().run(request.id);
    expect(await assignmentsOf(w.graph, NORTHWIND_GUEST)).toEqual([]);
    expect(failed?.failure?.message).toContain('northwind-sec.example is not an approved partner domain');
  });

  it('reads the invited address out of a guest UPN, and nothing out of a member UPN', () => {
    expect(externalAddressOf('jane_doe_fabrikam.com#EXT#@contoso.onmicrosoft.com')).toBe('jane_doe@fabrikam.com');
    expect(externalAddressOf('alexw@contoso.onmicrosoft.com')).toBeUndefined();
    expect(externalAddressOf('_fabrikam.com#EXT#@contoso.onmicrosoft.com')).toBeUndefined();
    expect(externalAddressOf(undefined)).toBeUndefined();
  });
});
