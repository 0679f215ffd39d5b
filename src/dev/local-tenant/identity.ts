import { randomUUID } from 'node:crypto';
import { GRAPH_AUDIENCE, type AppTokenSigner } from './app-tokens';
import type { ModeState } from './modes';
import type { GraphResult } from './route-types';
import type { IncomingCall } from './server';
import type { TenantState } from './state';

/**
 * The slice of the Microsoft identity platform an app-only caller needs, on the tenant's own base URL instead of
 * login.microsoftonline.com: the OAuth 2.0 client credentials grant ("Microsoft identity platform and the OAuth
 * 2.0 client credentials flow", learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow):
 * POST /{tenant}/oauth2/v2.0/token with a form body (client_id, client_secret, scope=https://graph.microsoft.com/
 * .default, grant_type=client_credentials) → {token_type, expires_in, ext_expires_in, access_token}; errors as
 * {error, error_description, error_codes, timestamp, trace_id, correlation_id}. Signing keys at
 * /{tenant}/discovery/v2.0/keys, metadata at /{tenant}/v2.0/.well-known/openid-configuration.
 */
export const IDENTITY_PATH =
  /^\/([^/?]+)\/(oauth2\/v2\.0\/token|discovery\/v2\.0\/keys|v2\.0\/\.well-known\/openid-configuration)\/?(?:\?.*)?$/i;

export interface IdentityDeps {
  readonly signer: AppTokenSigner;
  readonly state: () => TenantState;
  readonly modes: () => ModeState;
  /** The application permissions in the token's roles claim: the grant in force. */
  readonly roles: () => readonly string[];
  readonly clock: () => Date;
  readonly serverUrl: () => string;
}

function json(status: number, body: object): GraphResult {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'x-simulated-tenant': 'true' }, body };
}

function oauthError(status: number, error: string, code: number, description: string, now: Date): GraphResult {
  const traceId = randomUUID();
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} (simulated tenant)`,
    error_codes: [code],
    timestamp: now.toISOString().replace('T', ' ').slice(0, 19) + 'Z',
    trace_id: traceId,
    correlation_id: randomUUID(),
  });
}

function token(deps: IdentityDeps, call: IncomingCall): GraphResult {
  const now = deps.clock();
  if (call.method !== 'POST')
    return oauthError(400, 'invalid_request', 900561, 'The endpoint only accepts POST requests.', now);
  const form = new URLSearchParams(call.rawBody);
  const { clientId, clientSecret } = deps.modes().appTokens;
  const grant = form.get('grant_type');
  if (grant !== 'client_credentials')
    return oauthError(400, 'unsupported_grant_type', 70003, `The grant type '${grant ?? ''}' is not supported.`, now);
  if ((form.get('client_id') ?? '').toLowerCase() !== clientId.toLowerCase())
    return oauthError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory.`,
      now,
    );
  if (form.get('client_secret') !== clientSecret)
    return oauthError(401, 'invalid_client', 7000215, 'Invalid client secret provided.', now);
  if (form.get('scope') !== `${GRAPH_AUDIENCE}/.default`)
    return oauthError(
      400,
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid; use ${GRAPH_AUDIENCE}/.default.`,
      now,
    );
  const issued = deps.signer.issue(deps.state().tenant.id, clientId, deps.roles(), now);
  return json(200, {
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    ext_expires_in: issued.expiresIn,
    access_token: issued.token,
  });
}

function openIdConfiguration(deps: IdentityDeps, tenantId: string): GraphResult {
  const base = `${deps.serverUrl()}/${tenantId}`;
  return json(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    issuer: `https://sts.windows.net/${tenantId}/`,
    token_endpoint_auth_methods_supported: ['client_secret_post'],
    grant_types_supported: ['client_credentials'],
    id_token_signing_alg_values_supported: ['RS256'],
    tenant_region_scope: 'simulated',
  });
}

/** Answers the identity endpoints for this tenant (by id or verified domain); undefined for any other path. */
export function identity(deps: IdentityDeps, call: IncomingCall): GraphResult | undefined {
  const match = IDENTITY_PATH.exec(call.url);
  if (!match) return undefined;
  const state = deps.state();
  const named = decodeURIComponent(match[1] ?? '').toLowerCase();
  const ours = named === state.tenant.id.toLowerCase() || state.tenant.domains.some((d) => d.toLowerCase() === named);
  const now = deps.clock();
  if (!ours) return oauthError(400, 'invalid_request', 90002, `Tenant '${named}' not found.`, now);
  const what = (match[2] ?? '').toLowerCase();
  if (what.startsWith('oauth2')) return token(deps, call);
  if (call.method !== 'GET') return oauthError(400, 'invalid_request', 900561, 'Use GET.', now);
  if (what.startsWith('discovery')) return json(200, deps.signer.jwks());
  return openIdConfiguration(deps, state.tenant.id);
}
