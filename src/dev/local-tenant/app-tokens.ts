import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

/**
 * App-only access tokens in the shape Microsoft Entra issues for Graph ("Access tokens in the Microsoft identity
 * platform", learn.microsoft.com/entra/identity-platform/access-tokens and access-token-claims-reference): a JWT
 * signed RS256, header `kid` naming a key published at the tenant's JWKS URL, v1.0 claims because Graph's tokens
 * are v1.0 (`iss` https://sts.windows.net/{tid}/, `aud` https://graph.microsoft.com), `idtyp` "app", and the
 * granted application permissions in `roles`. Signed with a key made at start-up: nothing outside accepts it.
 */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const LIFETIME_SECONDS = 3599;

export interface AppTokenClaims {
  readonly aud: string;
  readonly iss: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly appid: string;
  readonly idtyp: 'app';
  readonly oid: string;
  readonly sub: string;
  readonly tid: string;
  readonly roles: readonly string[];
  readonly ver: '1.0';
}

const b64 = (value: object | Buffer) =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

export class AppTokenSigner {
  private readonly privateKey: KeyObject;
  private readonly publicJwk: JsonWebKey;
  readonly kid: string;
  /** The service principal's object id in the tenant: the token's oid and sub. */
  readonly servicePrincipalId = randomUUID();

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicJwk = pair.publicKey.export({ format: 'jwk' });
    this.kid = createHash('sha256')
      .update(pair.publicKey.export({ format: 'der', type: 'spki' }))
      .digest('base64url')
      .slice(0, 27);
  }

  issue(tenantId: string, clientId: string, roles: readonly string[], now: Date): { token: string; expiresIn: number } {
    const iat = Math.floor(now.getTime() / 1000);
    const claims: AppTokenClaims = {
      aud: GRAPH_AUDIENCE,
      iss: `https://sts.windows.net/${tenantId}/`,
      iat,
      nbf: iat,
      exp: iat + LIFETIME_SECONDS,
      appid: clientId,
      idtyp: 'app',
      oid: this.servicePrincipalId,
      sub: this.servicePrincipalId,
      tid: tenantId,
      roles: [...roles],
      ver: '1.0',
    };
    const head = b64({ typ: 'JWT', alg: 'RS256', kid: this.kid, x5t: this.kid });
    const body = b64(claims);
    const signature = sign('sha256', Buffer.from(`${head}.${body}`), this.privateKey).toString('base64url');
    return { token: `${head}.${body}.${signature}`, expiresIn: LIFETIME_SECONDS };
  }

  /** The claims of a token this signer issued for `tenantId`, still valid at `now`; otherwise a reason. */
  check(token: string, tenantId: string, now: Date): { claims: AppTokenClaims } | { problem: string } {
    const [head, body, signature] = token.split('.');
    if (!head || !body || !signature) return { problem: 'The token is not a JWT.' };
    const key = createPublicKey({ key: this.publicJwk, format: 'jwk' });
    if (!verify('sha256', Buffer.from(`${head}.${body}`), key, Buffer.from(signature, 'base64url')))
      return { problem: 'Signature validation failed.' };
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as AppTokenClaims;
    const t = now.getTime() / 1000;
    if (claims.aud !== GRAPH_AUDIENCE) return { problem: 'Invalid audience.' };
    if (claims.tid !== tenantId) return { problem: 'The token was issued for another tenant.' };
    if (t >= claims.exp) return { problem: 'Lifetime validation failed, the token is expired.' };
    if (t < claims.nbf) return { problem: 'The token is not yet valid.' };
    return { claims };
  }

  /** The JWKS document ("keys") as Microsoft publishes it at /{tenant}/discovery/v2.0/keys. */
  jwks(): { keys: object[] } {
    return {
      keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, x5t: this.kid, n: this.publicJwk.n, e: this.publicJwk.e }],
    };
  }
}
