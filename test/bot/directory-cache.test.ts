import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalTenant, type LocalTenant } from '../../src/dev/local-tenant';
import { DirectoryService } from '../../src/services/directory/directory-service';
import { createGraphClient } from '../../src/services/graph/graph-client';
import { ADMIN_GROUP, APPROVER_GROUP, ALEX, HOME_TENANT, MEGAN, PARTNER_TENANT } from '../support/seed';

let tenant: LocalTenant;
beforeAll(async () => {
  tenant = await startLocalTenant({ port: 0 });
});
afterAll(async () => {
  await tenant.close();
});

describe('DirectoryService', () => {
  it('asks Graph for the approver list once per cache period, and again after it', async () => {
    let now = 0;
    const directory = new DirectoryService(createGraphClient({ baseUrl: tenant.graphBaseUrl }), {
      homeTenantId: HOME_TENANT,
      adminGroupId: ADMIN_GROUP,
      approverGroupId: APPROVER_GROUP,
      cacheTtlMs: 60_000,
      clock: () => new Date(now),
    });
    const before = tenant.requestCount();
    const first = await Promise.all([directory.approverIds(), directory.approverIds(), directory.approverIds()]);
    expect(first[0].sort()).toEqual([ALEX.aadObjectId, MEGAN.aadObjectId].sort());
    expect(tenant.requestCount() - before).toBe(1);
    now += 61_000;
    await directory.approverIds();
    expect(tenant.requestCount() - before).toBe(2);
  });

  it('does not remember a failure', async () => {
    const directory = new DirectoryService(createGraphClient({ baseUrl: tenant.graphBaseUrl }), {
      homeTenantId: HOME_TENANT,
      adminGroupId: ADMIN_GROUP,
      approverGroupId: APPROVER_GROUP,
    });
    tenant.failNext({ status: 500, count: 1, path: `/groups/${ADMIN_GROUP}/transitiveMembers/microsoft.graph.user` });
    await expect(directory.adminIds()).rejects.toThrow(/500/);
    expect(await directory.adminIds()).toEqual([ALEX.aadObjectId]);
  });

  it('decides who is home staff from the tenant and the directory, asking Graph once per cache period', async () => {
    let now = 0;
    const directory = new DirectoryService(createGraphClient({ baseUrl: tenant.graphBaseUrl }), {
      homeTenantId: HOME_TENANT,
      adminGroupId: ADMIN_GROUP,
      approverGroupId: APPROVER_GROUP,
      clock: () => new Date(now),
    });
    const before = tenant.requestCount();
    expect(await directory.staffRoles(ALEX)).toEqual({ isAdmin: true, isApprover: true, homeMember: true });
    expect(await directory.staffRoles({ ...ALEX, tenantId: HOME_TENANT.toUpperCase() })).toMatchObject({
      isAdmin: true,
    });
    expect(tenant.requestCount() - before).toBe(2);
    const elsewhere = { ...ALEX, tenantId: PARTNER_TENANT };
    expect(await directory.staffRoles(elsewhere)).toEqual({ isAdmin: false, isApprover: false, homeMember: false });
    expect(await directory.staffRoles({ aadObjectId: ALEX.aadObjectId })).toMatchObject({ homeMember: false });
    expect(tenant.requestCount() - before).toBe(2);
    now += 61_000;
    await directory.staffRoles(ALEX);
    expect(tenant.requestCount() - before).toBe(4);
  });
});
