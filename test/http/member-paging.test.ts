import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalTenant, type LocalTenant } from '../../src/dev/local-tenant';
import { DirectoryService } from '../../src/services/directory/directory-service';
import { createGraphClient } from '../../src/services/graph/graph-client';
import { ADMIN_GROUP, APPROVER_GROUP, seed } from '../support/seed';

/**
 * Group members over real HTTP from the local tenant, which pages collections with @odata.nextLink ($skiptoken) as
 * Graph does. A small page size makes four members span several pages without seeding a thousand people.
 */
let tenant: LocalTenant;
beforeAll(async () => {
  tenant = await startLocalTenant({ port: 0 });
  const graph = createGraphClient({ baseUrl: tenant.graphBaseUrl });
  const members = (await graph.api(`/groups/${APPROVER_GROUP}/members`).get()) as { value: Array<{ id: string }> };
  const known = new Set(members.value.map((m) => m.id));
  for (const user of seed.users.filter((u) => !known.has(u.id)))
    await graph
      .api(`/groups/${APPROVER_GROUP}/members/$ref`)
      .post({ '@odata.id': `${tenant.graphBaseUrl}/directoryObjects/${user.id}` });
});
afterAll(async () => {
  await tenant.close();
});

describe('group members are read to the last page', () => {
  it.each([1, 3])('lists every approver with %i per page, one request per page', async (pageSize) => {
    const directory = new DirectoryService(createGraphClient({ baseUrl: tenant.graphBaseUrl }), {
      adminGroupId: ADMIN_GROUP,
      approverGroupId: APPROVER_GROUP,
      memberPageSize: pageSize,
      homeTenantId: tenant.tenantId,
    });
    const before = tenant.requestCount();
    const ids = await directory.approverIds();
    expect(ids.sort()).toEqual(seed.users.map((u) => u.id.toLowerCase()).sort());
    expect(tenant.requestCount() - before).toBe(Math.ceil(seed.users.length / pageSize));
  });
});
