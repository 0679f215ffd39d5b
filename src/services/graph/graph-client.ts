import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { Client, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0, or the local tenant's http://127.0.0.1:5980/v1.0 */
  readonly baseUrl: string;
  /** Absent for the local tenant, which needs no token. */
  readonly credential?: TokenCredential;
}

export interface GraphCredentialOptions {
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly certificatePath?: string;
}

/** The app identity the bot uses for Graph: a certificate when one is given (preferred), otherwise a secret. */
export function createGraphCredential(o: GraphCredentialOptions): TokenCredential | undefined {
  if (!o.tenantId || !o.clientId) return undefined;
  if (o.certificatePath)
    return new ClientCertificateCredential(o.tenantId, o.clientId, { certificatePath: o.certificatePath });
  if (o.clientSecret) return new ClientSecretCredential(o.tenantId, o.clientId, o.clientSecret);
  return undefined;
}

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * The one way the code builds a Graph client. The SDK's default middleware retries 429/503/504 up to three times,
 * honouring Retry-After; errors are left for callers to turn into GraphRequestError with their operation name.
 */
export function createGraphClient(o: GraphClientOptions): Client {
  const url = new URL(o.baseUrl);
  const version = url.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0';
  const authProvider: AuthenticationProvider = {
    getAccessToken: async () => {
      if (!o.credential) return '';
      const token = await o.credential.getToken(GRAPH_SCOPE);
      if (!token) throw new Error('createGraphClient(): the credential returned no token for Graph');
      return token.token;
    },
  };
  return Client.initWithMiddleware({
    authProvider,
    baseUrl: `${url.origin}/`,
    defaultVersion: version,
    customHosts: new Set([url.hostname]),
  });
}
