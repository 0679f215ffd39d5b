import { PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMINS, ALEX, APPROVERS, ISAIAH, MEGAN, seedCopy, startHarness, TENANT_ID, type Harness } from './helpers';

const NESTED = 'a1b2c3d4-0000-4000-8000-000000000001';
const INNER = 'a1b2c3d4-0000-4000-8000-000000000002';

/** Approvers ⊃ {Alex, Megan, Nested}; Nested ⊃ {Isaiah, Inner}; Inner ⊃ {Admins group}; Admins ⊃ {Alex}. */
function nestedSeed() {
  return seedCopy((seed) => {
    const group = (id: string, name: string, members: string[]) => ({
      id,
      displayName: name,
      mailNickname: name.replace(/\s/g, ''),
      securityEnabled: true,
      mailEnabled: false,
      isAssignableToRole: false,
      members,
    });
    seed.groups.push(group(NESTED, 'Nested approvers', [ISAIAH, INNER]), group(INNER, 'Inner', [ADMINS]));
    seed.groups.find((g) => g.id === APPROVERS)?.members.push(NESTED);
  });
}

describe('local tenant: paging with a server-chosen page size', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: nestedSeed(), modes: { paging: { maxPageSize: 2 } } });
  });
  afterAll(async () => {
    await h.tenant.close();
  });
  beforeEach(() => {
    h.tenant.reset();
  });

  it('caps every page at the configured size whatever $top asks; nextLink is absolute on the tenant', async () => {
    const first = (await h.graph.api('/users').top(999).get()) as PageCollection;
    expect(first.value).toHaveLength(2);
    const next = first['@odata.nextLink'] as string;
    expect(next.startsWith(`${h.tenant.graphBaseUrl}/users?`)).toBe(true);
    const second = (await h.graph.api(next).get()) as PageCollection;
    expect(second.value).toHaveLength(2);
    const pages = [first.value, second.value] as Array<Array<{ id: string }>>;
    expect(new Set(pages.flat().map((u) => u.id)).size).toBe(4);
    expect(second['@odata.nextLink']).toBeUndefined();
  });

  it('the Graph SDK PageIterator walks every page to the end', async () => {
    const seen: string[] = [];
    const first = (await h.graph.api('/groups').get()) as PageCollection;
    const iterator = new PageIterator(h.graph, first, (g: { displayName: string }) => {
      seen.push(g.displayName);
      return true;
    });
    await iterator.iterate();
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('without the mode: Graph defaults (100 per page, $top honoured up to 999)', async () => {
    h.tenant.setModes({ paging: {} });
    expect(((await h.graph.api('/users').get()) as PageCollection).value).toHaveLength(4);
    const one = (await h.graph.api('/users').top(1).get()) as PageCollection;
    expect([one.value.length, typeof one['@odata.nextLink']]).toEqual([1, 'string']);
    const res = await fetch(`${h.tenant.url}/_local/modes`, {
      method: 'PUT',
      body: JSON.stringify({ paging: { maxPageSize: 3 } }),
    });
    expect(res.status).toBe(200);
    expect(((await h.graph.api('/users').get()) as PageCollection).value).toHaveLength(3);
  });
});

describe('local tenant: nested groups, transitive members, /organization', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: nestedSeed() });
  });
  afterAll(async () => {
    await h.tenant.close();
  });

  const ids = (page: PageCollection) => page.value.map((o: { id: string }) => o.id).sort();

  it('members are direct only; transitiveMembers flattens every level, each object once', async () => {
    expect(ids((await h.graph.api(`/groups/${APPROVERS}/members`).get()) as PageCollection)).toEqual(
      [ALEX, MEGAN, NESTED].sort(),
    );
    const all = (await h.graph.api(`/groups/${APPROVERS}/transitiveMembers`).get()) as PageCollection;
    expect(ids(all)).toEqual([ALEX, MEGAN, NESTED, ISAIAH, INNER, ADMINS].sort());
    const types = new Set(all.value.map((o: { '@odata.type': string }) => o['@odata.type']));
    expect(types).toEqual(new Set(['#microsoft.graph.user', '#microsoft.graph.group']));
  });

  it('the /microsoft.graph.user cast keeps users only, on members and transitiveMembers', async () => {
    const users = (await h.graph
      .api(`/groups/${APPROVERS}/transitiveMembers/microsoft.graph.user`)
      .get()) as PageCollection;
    expect(ids(users)).toEqual([ALEX, MEGAN, ISAIAH].sort());
    const direct = (await h.graph.api(`/groups/${APPROVERS}/members/microsoft.graph.user`).get()) as PageCollection;
    expect(ids(direct)).toEqual([ALEX, MEGAN].sort());
  });

  it('transitiveMembers pages like any collection', async () => {
    h.tenant.setModes({ paging: { maxPageSize: 2 } });
    const seen: string[] = [];
    const first = (await h.graph
      .api(`/groups/${APPROVERS}/transitiveMembers/microsoft.graph.user`)
      .get()) as PageCollection;
    await new PageIterator(h.graph, first, (u: { id: string }) => {
      seen.push(u.id);
      return true;
    }).iterate();
    expect(seen.sort()).toEqual([ALEX, MEGAN, ISAIAH].sort());
    h.tenant.setModes({ paging: {} });
  });

  it('checkMemberGroups and transitiveMemberOf are transitive: Isaiah is in Approvers through a nested group', async () => {
    const checked = (await h.graph
      .api(`/users/${ISAIAH}/checkMemberGroups`)
      .post({ groupIds: [APPROVERS, ADMINS, NESTED] })) as { value: string[] };
    expect(checked.value.sort()).toEqual([APPROVERS, NESTED].sort());
    const memberOf = (await h.graph.api(`/users/${ISAIAH}/transitiveMemberOf`).get()) as PageCollection;
    expect(ids(memberOf)).toEqual([APPROVERS, NESTED].sort());
  });

  it('a missing group is 404', async () => {
    const res = await fetch(`${h.tenant.graphBaseUrl}/groups/00000000-0000-4000-8000-000000000000/transitiveMembers`);
    expect(res.status).toBe(404);
  });

  it('GET /organization lists the tenant itself with its verified domains; it needs Organization.Read.All or Directory.Read.All', async () => {
    h.tenant.setModes({ appTokens: { enabled: true, grantedPermissions: ['Organization.Read.All'] } });
    const orgs = (await h.graph.api('/organization').get()) as {
      value: Array<{ id: string; verifiedDomains: Array<{ name: string; isDefault: boolean }> }>;
    };
    expect(orgs.value).toHaveLength(1);
    expect(orgs.value[0]?.id).toBe(TENANT_ID);
    expect(orgs.value[0]?.verifiedDomains.filter((d) => d.isDefault)).toHaveLength(1);
    h.tenant.setModes({ appTokens: { enabled: true, grantedPermissions: ['User.Read.All'] } });
    expect((await fetch(`${h.tenant.graphBaseUrl}/organization`)).status).toBe(403);
    h.tenant.setModes({ appTokens: { enabled: false } });
  });
});
