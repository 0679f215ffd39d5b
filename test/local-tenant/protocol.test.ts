import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, failure, FABRIKAM_TENANT, seedCopy, startHarness, TENANT_ID, type Harness } from './helpers';

describe('local tenant: protocol details', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.tenant.close();
  });

  it('finds tenant information by domain (home and known tenants) and by tenant id; unknown is 404', async () => {
    const home = (await h.graph
      .api("/tenantRelationships/findTenantInformationByDomainName(domainName='contoso.example')")
      .get()) as Record<string, unknown>;
    expect(home).toMatchObject({
      tenantId: TENANT_ID,
      displayName: 'Contoso (simulated)',
      defaultDomainName: 'contoso.onmicrosoft.com',
    });
    const partner = (await h.graph
      .api("/tenantRelationships/findTenantInformationByDomainName(domainName='FABRIKAM-MSSP.example')")
      .get()) as Record<string, unknown>;
    expect(partner).toMatchObject({ tenantId: FABRIKAM_TENANT, federationBrandName: 'Fabrikam MSSP' });
    const byId = (await h.graph
      .api(`/tenantRelationships/findTenantInformationByTenantId(tenantId='${FABRIKAM_TENANT}')`)
      .get()) as Record<string, unknown>;
    expect(byId.defaultDomainName).toBe('fabrikam-mssp.onmicrosoft.com');
    const unknown = await failure(
      h.graph.api("/tenantRelationships/findTenantInformationByDomainName(domainName='nobody.example')").get(),
    );
    expect([unknown.status, unknown.code]).toEqual([404, 'Request_ResourceNotFound']);
  });

  it('answers 404 in Graph error shape with request ids and the simulated-tenant header', async () => {
    const res = await fetch(`${h.tenant.graphBaseUrl}/users/00000000-0000-4000-8000-000000000000`, {
      headers: { 'client-request-id': 'my-id', authorization: 'Bearer ignored' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-simulated-tenant')).toBe('true');
    expect(res.headers.get('client-request-id')).toBe('my-id');
    const body = (await res.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe('Request_ResourceNotFound');
    expect(body.error.innerError).toMatchObject({
      'request-id': res.headers.get('request-id'),
      'client-request-id': 'my-id',
    });
    expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const viaSdk = await failure(h.graph.api('/users/00000000-0000-4000-8000-000000000000').get());
    expect([viaSdk.status, viaSdk.code]).toEqual([404, 'Request_ResourceNotFound']);
    expect(viaSdk.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown segment 400, a wrong method 405, malformed JSON 400, an unknown version 400', async () => {
    const segment = await failure(h.graph.api(`/users/${ALEX}/mailFolders`).get());
    expect([segment.status, segment.code]).toEqual([400, 'BadRequest']);
    expect(segment.message).toContain("Resource not found for the segment 'mailFolders'.");
    const method = await failure(h.graph.api('/invitations').get());
    expect(method.status).toBe(405);
    const malformed = await fetch(`${h.tenant.graphBaseUrl}/invitations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"invitedUserEmailAddress":',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('BadRequest');
    const version = await fetch(`${h.tenant.url}/v2.0/users`);
    expect(version.status).toBe(400);
  });

  it('serves /beta as an alias, with the full user by default', async () => {
    const res = await fetch(`${h.tenant.url}/beta/users/${ALEX}`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.userType).toBe('Member');
    expect(body.accountEnabled).toBe(true);
  });

  it('GET /_local/info says it is simulated; /_local/reset re-seeds', async () => {
    await h.graph
      .api('/groups')
      .post({ displayName: 'Temp', mailEnabled: false, mailNickname: 'temp', securityEnabled: true });
    const info = (await (await fetch(`${h.tenant.url}/_local/info`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ simulated: true, tenantId: TENANT_ID });
    expect(String(info.displayName)).toContain('(simulated)');
    expect(info.requestCount).toBeGreaterThan(0);
    expect((await fetch(`${h.tenant.url}/_local/reset`, { method: 'POST' })).status).toBe(204);
    const temp = (await h.graph.api('/groups').filter("displayName eq 'Temp'").get()) as { value: unknown[] };
    expect(temp.value).toEqual([]);
  });

  it('needs CrossTenantInformation.ReadBasic.All for tenant lookups', async () => {
    const seed = seedCopy(
      (s) => void (s.app.permissions = s.app.permissions.filter((p) => p !== 'CrossTenantInformation.ReadBasic.All')),
    );
    const limited = await startHarness({ seed });
    try {
      const e = await failure(
        limited.graph.api("/tenantRelationships/findTenantInformationByDomainName(domainName='contoso.example')").get(),
      );
      expect([e.status, e.code]).toEqual([403, 'Authorization_RequestDenied']);
    } finally {
      await limited.tenant.close();
    }
  });
});
