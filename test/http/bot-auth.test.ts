import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApp, type RunningApp } from '../../src/app';
import { parseConfig } from '../../src/config';
import { createLogger } from '../../src/services/logging/logger';
import { teamsMessage } from '../support/activities';
import { CaptureConnector } from '../support/capture-connector';
import { ALEX } from '../support/seed';

const BOT_ID = '5d1f3c0e-8a2b-4f3e-9c41-2b7a9e6d0f11';
const ISSUER = 'https://api.botframework.test';
const KID = 'local-test-key';

/** An OpenID metadata document and JWKS on loopback, as login.botframework.com serves them, so nothing goes online. */
async function startKeyServer(jwk: JWK): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration')
      res.end(
        JSON.stringify({
          issuer: ISSUER,
          jwks_uri: `${base}/v1/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    else if (req.url === '/v1/keys')
      res.end(JSON.stringify({ keys: [{ ...jwk, kid: KID, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`, server };
}

const dir = mkdtempSync(path.join(tmpdir(), 'cpa-auth-'));
let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let otherKeys: Awaited<ReturnType<typeof generateKeyPair>>;
let keyServer: { url: string; server: Server };
let connector: CaptureConnector;
let app: RunningApp;

beforeAll(async () => {
  keys = await generateKeyPair('RS256');
  otherKeys = await generateKeyPair('RS256');
  keyServer = await startKeyServer(await exportJWK(keys.publicKey));
  connector = await new CaptureConnector().start();
  const config = parseConfig({
    PORT: '0',
    LOCAL_TENANT_PORT: '0',
    DATABASE_URL: `sqlite:${path.join(dir, 'auth.db')}`,
    BOT_ID,
    BOT_PASSWORD: 'not-used-offline',
    BOT_OPENID_METADATA_URL: keyServer.url,
    BOT_TOKEN_ISSUER: ISSUER,
  });
  app = await startApp(config, { logger: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await app?.stop();
  await connector?.stop();
  await new Promise((resolve) => keyServer?.server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A channel conversationUpdate that adds nobody: the bot answers nothing, so an accepted request needs no outbound
 * token (which would go to login.microsoftonline.com) and its only trace is the conversation it records.
 */
const activity = (conversationId: string) => ({
  ...teamsMessage(connector.url, ALEX, ''),
  type: 'conversationUpdate',
  text: undefined,
  conversation: { id: conversationId, conversationType: 'channel', tenantId: ALEX.tenantId },
});

const now = () => Math.floor(Date.now() / 1000);
const claims = (over: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: BOT_ID,
  serviceurl: connector.url,
  iat: now(),
  nbf: now() - 60,
  exp: now() + 3600,
  ...over,
});
const sign = (payload: Record<string, unknown>, key = keys.privateKey, kid = KID) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);

async function send(authorization: string | undefined) {
  const conversationId = `19:auth-${Math.random().toString(36).slice(2)}@thread.tacv2`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  const runs = vi.spyOn(app.runtime.bot, 'run');
  try {
    const res = await fetch(app.messagesUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify(activity(conversationId)),
    });
    return {
      status: res.status,
      handlerRuns: runs.mock.calls.length,
      recorded: (await app.db.conversations.get(`conversation:${conversationId}`)) !== undefined,
    };
  } finally {
    runs.mockRestore();
  }
}

describe('Bot Framework tokens over real HTTP, auth on (keys from a local OpenID endpoint)', () => {
  const refused: Array<[string, () => Promise<string | undefined>]> = [
    ['no Authorization header', async () => undefined],
    ['an empty Authorization header', async () => ''],
    ['a token that is not a JWT', async () => 'Bearer not.a.jwt'],
    ['a JWT without the Bearer scheme', async () => sign(claims())],
    ['a Basic credential', async () => 'Basic Ym90OnBhc3N3b3Jk'],
    [
      'an expired token (past the 5-minute tolerance)',
      async () => `Bearer ${await sign(claims({ exp: now() - 600, nbf: now() - 7200, iat: now() - 7200 }))}`,
    ],
    [
      'a token not valid yet (past the 5-minute tolerance)',
      async () => `Bearer ${await sign(claims({ nbf: now() + 900, iat: now() + 900 }))}`,
    ],
    [
      'a token for another bot (wrong audience)',
      async () => `Bearer ${await sign(claims({ aud: '0a8e6f3c-1111-4c2d-9e7f-5b6a7c8d9e0f' }))}`,
    ],
    ['a token from another issuer', async () => `Bearer ${await sign(claims({ iss: 'https://evil.example' }))}`],
    [
      'a token for another serviceUrl',
      async () => `Bearer ${await sign(claims({ serviceurl: 'https://evil.example/connector' }))}`,
    ],
    [
      'a token signed by another key under the same key id',
      async () => `Bearer ${await sign(claims(), otherKeys.privateKey)}`,
    ],
    [
      'a token signed by a key the endpoint does not list',
      async () => `Bearer ${await sign(claims(), keys.privateKey, 'unknown-kid')}`,
    ],
    ['an alg: none token', async () => `Bearer ${new UnsecuredJWT(claims()).encode()}`],
    [
      'an alg: none token that names the real key id',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none', kid: KID, typ: 'JWT' })).toString('base64url');
        const body = Buffer.from(JSON.stringify(claims())).toString('base64url');
        return `Bearer ${header}.${body}.`;
      },
    ],
  ];

  it.each(refused)('answers 401 to %s, and no handler runs', async (_label, authorization) => {
    const result = await send(await authorization());
    expect(result).toEqual({ status: 401, handlerRuns: 0, recorded: false });
  });

  it('answers 200 to a valid token and runs the turn', async () => {
    const result = await send(`Bearer ${await sign(claims())}`);
    expect(result).toEqual({ status: 200, handlerRuns: 1, recorded: true });
  });

  it('accepts a token inside the 5-minute clock tolerance', async () => {
    const result = await send(`Bearer ${await sign(claims({ exp: now() - 60 }))}`);
    expect(result.status).toBe(200);
  });
});
