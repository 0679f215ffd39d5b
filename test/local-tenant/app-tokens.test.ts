import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALEX, APPROVERS, failure, ISAIAH, ROLES, startHarness, TENANT_ID, type Harness } from './helpers';

interface TokenInfo {
  tokenUrl: string;
  jwksUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  grantedPermissions: string[];
}

const GRANT = ['User.Read.All', 'User.Invite.All', 'GroupMember.Read.All'];

describe('local tenant: app-only tokens with a roles claim, and a subset grant (mode)', () => {
  let h: Harness;
  let info: TokenInfo;
  beforeAll(async () => {
    h = await startHarness({ modes: { appTokens: { enabled: true, grantedPermissions: GRANT } } });
  });
  afterAll(async () => {
    await h.tenant.close();
  });
  beforeEach(async () => {
    h.tenant.reset();
    info = (await (await fetch(`${h.tenant.url}/_local/app-tokens`)).json()) as TokenInfo;
  });

  const requestToken = (change: Record<string, string> = {}) =>
    fetch(info.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: info.clientId,
        client_secret: info.clientSecret,
        scope: info.scope,
        grant_type: 'client_credentials',
        ...change,
      }).toString(),
    });
  const accessToken = async () => ((await (await requestToken()).json()) as { access_token: string }).access_token;
  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

  it('/_local/app-tokens tells a test where to get tokens and what is granted', () => {
    expect(info.tokenUrl).toBe(h.tenant.tokenUrl);
    expect(info.jwksUrl).toBe(h.tenant.jwksUrl);
    expect(info.tokenUrl).toBe(`${h.tenant.url}/${TENANT_ID}/oauth2/v2.0/token`);
    expect(info.grantedPermissions).toEqual(GRANT);
  });

  it('the client credentials grant issues a v1.0 Graph token whose roles claim lists the grant, signed by a published key', async () => {
    const res = await requestToken();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token_type: string; expires_in: number; access_token: string };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBeGreaterThan(3000);
    const claims = claimsOf(body.access_token);
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${TENANT_ID}/`,
      tid: TENANT_ID,
      appid: info.clientId,
      idtyp: 'app',
      roles: GRANT,
    });
    const [head, payload, signature] = body.access_token.split('.');
    const { kid } = JSON.parse(Buffer.from(head ?? '', 'base64url').toString('utf8')) as { kid: string };
    const jwks = (await (await fetch(info.jwksUrl)).json()) as { keys: Array<{ kid: string; n: string; e: string }> };
    const jwk = jwks.keys.find((k) => k.kid === kid);
    expect(jwk).toBeDefined();
    const key = createPublicKey({ key: { kty: 'RSA', n: jwk?.n, e: jwk?.e }, format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${head}.${payload}`), key, Buffer.from(signature ?? '', 'base64url'))).toBe(
      true,
    );
    const config = (await (
      await fetch(`${h.tenant.url}/${TENANT_ID}/v2.0/.well-known/openid-configuration`)
    ).json()) as { token_endpoint: string; jwks_uri: string };
    expect([config.token_endpoint, config.jwks_uri]).toEqual([info.tokenUrl, info.jwksUrl]);
  });

  it('refuses a wrong secret, client, scope, grant type or tenant as the identity platform does', async () => {
    const wrongSecret = await requestToken({ client_secret: 'not-the-secret' });
    expect(wrongSecret.status).toBe(401);
    expect(((await wrongSecret.json()) as { error: string }).error).toBe('invalid_client');
    const wrongClient = await requestToken({ client_id: '00000000-0000-4000-8000-000000000000' });
    expect(((await wrongClient.json()) as { error_codes: number[] }).error_codes).toEqual([700016]);
    const wrongScope = await requestToken({ scope: 'User.Read' });
    expect(((await wrongScope.json()) as { error: string }).error).toBe('invalid_scope');
    const wrongGrant = await requestToken({ grant_type: 'password' });
    expect(((await wrongGrant.json()) as { error: string }).error).toBe('unsupported_grant_type');
    const otherTenant = await fetch(info.tokenUrl.replace(TENANT_ID, '11111111-1111-4111-8111-111111111111'), {
      method: 'POST',
      body: '',
    });
    expect(otherTenant.status).toBe(400);
  });

  it('the Graph client is allowed what the grant covers and refused the rest with 403 Authorization_RequestDenied', async () => {
    expect(((await h.graph.api(`/users/${ALEX}`).get()) as { id: string }).id).toBe(ALEX);
    const checked = (await h.graph.api(`/users/${ALEX}/checkMemberGroups`).post({ groupIds: [APPROVERS] })) as {
      value: string[];
    };
    expect(checked.value).toEqual([APPROVERS]);
    const role = await failure(
      h.graph.api('/roleManagement/directory/roleAssignments').post({
        roleDefinitionId: ROLES.securityReader,
        principalId: ISAIAH,
        directoryScopeId: '/',
      }),
    );
    expect([role.status, role.code]).toEqual([403, 'Authorization_RequestDenied']);
    const patch = await failure(h.graph.api(`/users/${ISAIAH}`).patch({ jobTitle: 'x' }));
    expect(patch.status).toBe(403);
  });

  it('a presented bearer token is checked: its roles decide, and a forged or foreign token is 401', async () => {
    const token = await accessToken();
    h.tenant.setModes({ appTokens: { enabled: true, grantedPermissions: ['Directory.Read.All'] } });
    const withToken = await fetch(`${h.tenant.graphBaseUrl}/users/${ALEX}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(withToken.status).toBe(200);
    const groups = await fetch(`${h.tenant.graphBaseUrl}/groups/${APPROVERS}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(groups.status).toBe(200);
    const roleDefs = await fetch(`${h.tenant.graphBaseUrl}/roleManagement/directory/roleDefinitions`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(roleDefs.status).toBe(403);
    const [head, , signature] = token.split('.');
    const forgedClaims = { ...claimsOf(token), roles: ['Directory.ReadWrite.All'] };
    const forged = `${head}.${Buffer.from(JSON.stringify(forgedClaims)).toString('base64url')}.${signature}`;
    const refused = await fetch(`${h.tenant.graphBaseUrl}/users/${ALEX}`, {
      headers: { Authorization: `Bearer ${forged}` },
    });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
  });

  it('is switched at run time; off, the seed grant applies again and tokens carry it', async () => {
    const res = await fetch(`${h.tenant.url}/_local/modes`, {
      method: 'PUT',
      body: JSON.stringify({ appTokens: { enabled: false } }),
    });
    expect(res.status).toBe(200);
    expect((claimsOf(await accessToken()).roles as string[]).includes('RoleManagement.ReadWrite.Directory')).toBe(true);
    const bad = await fetch(`${h.tenant.url}/_local/modes`, {
      method: 'PUT',
      body: JSON.stringify({ appTokens: { enabled: true, grantedPermissions: ['User.Fly.All'] } }),
    });
    expect(bad.status).toBe(400);
  });
});
