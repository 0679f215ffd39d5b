import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalLink, securityGroupNickname } from '../../src/services/gdap/gdap-client';
import type { GdapRelationshipInput } from '../../src/services/gdap/gdap-json';
import { CUSTOMER_TENANT, ROLES, seedWith, startGdapWorld, type GdapWorld } from './support';

const input = (displayName: string, over: Partial<GdapRelationshipInput> = {}): GdapRelationshipInput => ({
  displayName,
  durationDays: 90,
  customer: { tenantId: CUSTOMER_TENANT },
  roleIds: [ROLES.securityReader, ROLES.securityOperator],
  autoExtend: false,
  ...over,
});

describe('GdapClient against the local tenant', () => {
  let w: GdapWorld;
  beforeAll(async () => {
    w = await startGdapWorld(seedWith());
  });
  afterAll(async () => w?.close());

  it('creates with the Graph body shape and returns request ids', async () => {
    const created = await w.client.create(input('Client create', { autoExtend: true, durationDays: 730 }));
    expect(created.requestId).toEqual(expect.any(String));
    expect(created.relationship).toMatchObject({
      displayName: 'Client create',
      status: 'created',
      duration: 'P730D',
      autoExtendDuration: 'P180D',
      customer: { tenantId: CUSTOMER_TENANT, displayName: 'Fabrikam MSSP (simulated)' },
      roleIds: [ROLES.securityReader, ROLES.securityOperator],
    });
    expect((await w.client.get(created.relationship.id)).relationship.id).toBe(created.relationship.id);
  });

  it('follows @odata.nextLink through every page', async () => {
    for (let i = 0; i < 5; i += 1) await w.client.create(input(`Paged ${i}`));
    const all = await w.client.list({ pageSize: 2 });
    expect(all.requestIds.length).toBeGreaterThanOrEqual(3);
    expect(
      all.relationships
        .filter((r) => r.displayName.startsWith('Paged '))
        .map((r) => r.displayName)
        .sort(),
    ).toEqual(['Paged 0', 'Paged 1', 'Paged 2', 'Paged 3', 'Paged 4']);
    const filtered = await w.client.list({ filter: "displayName eq 'Paged 3'", pageSize: 1 });
    expect(filtered.relationships.map((r) => r.displayName)).toEqual(['Paged 3']);
  });

  it('nameTaken: ignores case, and counts ended relationships as Graph does', async () => {
    const r = await w.client.create(input("O'Brien SOC"));
    expect(await w.client.nameTaken("o'brien soc")).toMatchObject({ taken: true, ended: false });
    await w.hook(r.relationship.id, 'terminate');
    expect(await w.client.nameTaken("O'Brien SOC")).toMatchObject({
      taken: true,
      ended: true,
      relationship: { id: r.relationship.id, status: 'terminated' },
    });
    // Graph agrees: the ended relationship's name cannot be created again.
    await expect(w.client.create(input("O'Brien SOC"))).rejects.toMatchObject({ status: 409 });
    const expiring = await w.client.create(input('Expired SOC'));
    await w.hook(expiring.relationship.id, 'expire');
    expect(await w.client.nameTaken('expired soc')).toMatchObject({ taken: true, ended: true });
    expect(await w.client.nameTaken('Never used')).toMatchObject({ taken: false, ended: false });
  });

  it('lockForApproval and terminate are safe to repeat', async () => {
    const { relationship } = await w.client.create(input('Repeatable'));
    expect(await w.client.lockForApproval(relationship.id)).toMatchObject({
      status: 'approvalPending',
      already: false,
    });
    expect(await w.client.lockForApproval(relationship.id)).toMatchObject({ status: 'approvalPending', already: true });
    await expect(w.client.terminate(relationship.id)).rejects.toMatchObject({ status: 400 });
    await w.hook(relationship.id, 'approve');
    expect(await w.client.terminate(relationship.id)).toMatchObject({ status: 'terminationRequested', already: false });
    expect((await w.client.terminate(relationship.id)).already).toBe(true);
    await expect(w.client.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
  });

  it('ensureSecurityGroup creates once and re-uses; createAccessAssignment returns the existing one on repeat', async () => {
    const first = await w.client.ensureSecurityGroup('Fabrikam  MSSP', CUSTOMER_TENANT);
    expect(first).toMatchObject({
      created: true,
      displayName: 'Security Copilot – Fabrikam MSSP',
      mailNickname: securityGroupNickname(CUSTOMER_TENANT),
    });
    const again = await w.client.ensureSecurityGroup('Other name', CUSTOMER_TENANT);
    expect(again).toMatchObject({ created: false, groupId: first.groupId });

    const { relationship } = await w.client.create(input('Assign twice'));
    await w.client.lockForApproval(relationship.id);
    await w.hook(relationship.id, 'approve');
    const made = await w.client.createAccessAssignment(relationship.id, first.groupId, [ROLES.securityReader]);
    expect(made).toMatchObject({
      existing: false,
      assignment: { groupId: first.groupId, roleIds: [ROLES.securityReader] },
    });
    const repeat = await w.client.createAccessAssignment(relationship.id, first.groupId, [ROLES.securityReader]);
    expect(repeat).toMatchObject({ existing: true, assignment: { id: made.assignment.id } });
    expect((await w.client.getAccessAssignment(relationship.id, made.assignment.id)).assignment.status).toBe('active');
  });

  it('builds the admin center approval link', () => {
    expect(w.client.approvalLink('abc')).toBe(approvalLink('abc'));
    expect(approvalLink('abc')).toBe(
      'https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/abc',
    );
  });
});
