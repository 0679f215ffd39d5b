import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DATABASE_URL, parseConfig } from '../../src/config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
};

describe('config', () => {
  it('runs locally with nothing set: loopback, auth off, SQLite under ./data, the local tenant', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      port: 3978,
      host: '127.0.0.1',
      databaseUrl: DEFAULT_DATABASE_URL,
      bot: { authDisabled: true, appType: 'MultiTenant' },
      localTenant: { enabled: true, port: 5980 },
      graph: { baseUrl: 'http://127.0.0.1:5980/v1.0' },
    });
    expect(Object.isFrozen(c) && Object.isFrozen(c.bot)).toBe(true);
  });

  it('names every bad value in one error', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      BOT_ID: 'not-a-guid',
      BOT_TYPE: 'Teams',
      PARTNER_DOMAINS: 'fabrikam.com, not a domain',
      PARTNER_TENANT_IDS: '123',
      LOCAL_TENANT: 'perhaps',
      DATABASE_URL: 'mysql://x',
      GRAPH_BASE_URL: 'graph.microsoft.com',
      LOG_LEVEL: 'loud',
    });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(
      [
        'BOT_ID',
        'BOT_TYPE',
        'DATABASE_URL',
        'GRAPH_BASE_URL',
        'LOCAL_TENANT',
        'LOG_LEVEL',
        'PARTNER_DOMAINS',
        'PARTNER_TENANT_IDS',
        'PORT',
      ].sort(),
    );
  });

  it('names every missing variable for a real tenant at once', () => {
    expect(problemsOf({ LOCAL_TENANT: 'false' })).toEqual([
      'GRAPH_TENANT_ID is required unless LOCAL_TENANT=true',
      'GRAPH_CLIENT_ID is required unless LOCAL_TENANT=true',
      'GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH is required unless LOCAL_TENANT=true',
      'APPROVER_GROUP_ID is required unless LOCAL_TENANT=true',
      'ADMIN_GROUP_ID is required unless LOCAL_TENANT=true',
    ]);
  });

  it('refuses to bind beyond loopback without auth, unless explicitly allowed', () => {
    expect(problemsOf({ HOST: '0.0.0.0' })[0]).toMatch(/^HOST 0.0.0.0 is not loopback and BOT_ID is not set/);
    expect(parseConfig({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' }).host).toBe('0.0.0.0');
    expect(
      parseConfig({ HOST: '0.0.0.0', BOT_ID: '3f0e1a52-7a34-4d1c-9a55-0b8f5f0c1e11', BOT_PASSWORD: 'x' }).bot
        .authDisabled,
    ).toBe(false);
  });

  it('checks pairs that only make sense together', () => {
    expect(problemsOf({ BOT_ID: '3f0e1a52-7a34-4d1c-9a55-0b8f5f0c1e11' })).toContain(
      'BOT_PASSWORD is required when BOT_ID is set',
    );
    expect(
      problemsOf({ BOT_TYPE: 'SingleTenant', BOT_ID: '3f0e1a52-7a34-4d1c-9a55-0b8f5f0c1e11', BOT_PASSWORD: 'x' }),
    ).toContain('BOT_TENANT_ID is required when BOT_TYPE is SingleTenant');
    expect(problemsOf({ GRAPH_CLIENT_SECRET: 's', GRAPH_CERTIFICATE_PATH: '/nope.pem' })).toEqual(
      expect.arrayContaining([
        'set GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH, not both',
        'GRAPH_CERTIFICATE_PATH /nope.pem does not exist',
      ]),
    );
  });

  it('turns the local tenant off by default once Graph credentials are given, and points at real Graph', () => {
    const c = parseConfig({
      GRAPH_TENANT_ID: '06ada22e-cdb9-47a5-929d-963ebb2cda7c',
      GRAPH_CLIENT_ID: '3f0e1a52-7a34-4d1c-9a55-0b8f5f0c1e11',
      GRAPH_CLIENT_SECRET: 'secret',
      APPROVER_GROUP_ID: 'e720e7c9-bb86-4f41-9d6e-6a21385ceb80',
      ADMIN_GROUP_ID: '8cb9d9bd-3d72-48e1-9d9b-8e18cd791b0a',
      PARTNER_DOMAINS: 'Fabrikam-MSSP.com',
    });
    expect(c.localTenant.enabled).toBe(false);
    expect(c.graph.baseUrl).toBe('https://graph.microsoft.com/v1.0');
    expect(c.partnerDomains).toEqual(['fabrikam-mssp.com']);
  });

  it('never puts a secret in its error text', () => {
    const text = problemsOf({
      BOT_PASSWORD: 'hunter2-secret',
      GRAPH_CLIENT_SECRET: 'hunter2-secret',
      GRAPH_CERTIFICATE_PATH: '/x.pem',
    }).join('\n');
    expect(text).not.toContain('hunter2');
  });
});

describe('config: local demo days', () => {
  it('shortens days only with the local tenant', () => {
    expect(parseConfig({ LOCAL_DAY_SECONDS: '30' }).lifecycle.dayMs).toBe(30_000);
    expect(parseConfig({}).lifecycle.dayMs).toBe(86_400_000);
    expect(() =>
      parseConfig({
        LOCAL_DAY_SECONDS: '30',
        LOCAL_TENANT: 'false',
        GRAPH_TENANT_ID: '06ada22e-cdb9-47a5-929d-963ebb2cda7c',
        GRAPH_CLIENT_ID: '3f0e1a52-7a34-4d1c-9a55-0b8f5f0c1e11',
        GRAPH_CLIENT_SECRET: 's',
        APPROVER_GROUP_ID: 'e720e7c9-bb86-4f41-9d6e-6a21385ceb80',
        ADMIN_GROUP_ID: '8cb9d9bd-3d72-48e1-9d9b-8e18cd791b0a',
      }),
    ).toThrow(/LOCAL_DAY_SECONDS shortens days for a local demo and is refused with a real tenant/);
  });
});

describe('config: a simulated run never touches a real tenant', () => {
  const realGraph = {
    GRAPH_TENANT_ID: '06ada22e-cdb9-47a5-929d-963ebb2cda7c',
    GRAPH_CLIENT_ID: '3f0e1a52-7a34-4d1c-9a55-0b8f5f0c1e11',
  };

  it('refuses LOCAL_TENANT=true with a Graph credential, naming every one in one message', () => {
    const problems = problemsOf({ LOCAL_TENANT: 'true', ...realGraph, GRAPH_CLIENT_SECRET: 'hunter2-secret' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^LOCAL_TENANT is on \(a SIMULATED tenant\) but GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET/);
    expect(problems[0]).not.toContain('hunter2');
    const cert = problemsOf({ LOCAL_TENANT: 'true', GRAPH_CERTIFICATE_PATH: '/etc/hostname' });
    expect(cert).toEqual([expect.stringMatching(/^LOCAL_TENANT is on .* but GRAPH_CERTIFICATE_PATH is set/)]);
  });

  it('refuses a client id alone: with a tenant id it is all a workload identity needs', () => {
    expect(problemsOf({ LOCAL_TENANT: 'true', ...realGraph })).toEqual([
      expect.stringMatching(/^LOCAL_TENANT is on .* but GRAPH_CLIENT_ID is set/),
    ]);
  });

  it('refuses a secret given without a client id (local mode is then on by default)', () => {
    expect(problemsOf({ GRAPH_CLIENT_SECRET: 's' })).toEqual([
      expect.stringMatching(/^LOCAL_TENANT is on .* but GRAPH_CLIENT_SECRET is set/),
    ]);
  });

  it('refuses a GRAPH_BASE_URL that is not on this machine', () => {
    for (const url of [
      'https://graph.microsoft.com/v1.0',
      'http://10.0.0.5:5980/v1.0',
      'http://127.0.0.1.nip.io/v1.0',
    ]) {
      expect(problemsOf({ LOCAL_TENANT: 'true', GRAPH_BASE_URL: url })).toEqual([
        expect.stringContaining(`GRAPH_BASE_URL ${url} is not on this machine`),
      ]);
    }
  });

  it('names the address and the credential in the same single message', () => {
    const problems = problemsOf({
      LOCAL_TENANT: 'true',
      GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0',
      GRAPH_CERTIFICATE_PATH: '/etc/hostname',
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('GRAPH_CERTIFICATE_PATH is set');
    expect(problems[0]).toContain('GRAPH_BASE_URL https://graph.microsoft.com/v1.0 is not on this machine');
  });

  it('accepts a local tenant on loopback, by address or by name', () => {
    for (const url of ['http://127.0.0.1:5980/v1.0', 'http://localhost:5980/v1.0', 'http://[::1]:5980/v1.0']) {
      expect(parseConfig({ LOCAL_TENANT: 'true', GRAPH_BASE_URL: url }).graph.baseUrl).toBe(url);
    }
  });
});

describe('config: where Bot Framework tokens are checked', () => {
  const bot = { BOT_ID: '5d1f3c0e-8a2b-4f3e-9c41-2b7a9e6d0f11', BOT_PASSWORD: 'x' };
  const override = {
    BOT_OPENID_METADATA_URL: 'http://127.0.0.1:7000/v1/.well-known/openidconfiguration',
    BOT_TOKEN_ISSUER: 'https://api.botframework.test',
  };
  const realTenant = {
    LOCAL_TENANT: 'false',
    GRAPH_TENANT_ID: '06ada22e-cdb9-47a5-929d-963ebb2cda7c',
    GRAPH_CLIENT_ID: '3f0e1a52-7a34-4d1c-9a55-0b8f5f0c1e11',
    GRAPH_CLIENT_SECRET: 's',
    APPROVER_GROUP_ID: 'e720e7c9-bb86-4f41-9d6e-6a21385ceb80',
    ADMIN_GROUP_ID: '8cb9d9bd-3d72-48e1-9d9b-8e18cd791b0a',
  };

  it('takes a local key server for a local run', () => {
    expect(parseConfig({ ...bot, ...override }).bot.tokenValidation).toEqual({
      openIdMetadataUrl: override.BOT_OPENID_METADATA_URL,
      issuer: override.BOT_TOKEN_ISSUER,
    });
    expect(parseConfig(bot).bot.tokenValidation).toBeUndefined();
  });

  it('refuses it with a real tenant or beyond loopback unless confirmed', () => {
    const refusal = /^BOT_OPENID_METADATA_URL and BOT_TOKEN_ISSUER replace how Bot Framework tokens are checked/;
    expect(problemsOf({ ...bot, ...override, ...realTenant })).toEqual([expect.stringMatching(refusal)]);
    expect(problemsOf({ ...bot, ...override, HOST: '0.0.0.0' })).toEqual([expect.stringMatching(refusal)]);
    const confirmed = parseConfig({ ...bot, ...override, ...realTenant, ALLOW_CUSTOM_BOT_AUTH: 'true' });
    expect(confirmed.bot.tokenValidation?.issuer).toBe(override.BOT_TOKEN_ISSUER);
  });

  it('refuses it without BOT_ID, where nothing checks tokens', () => {
    expect(problemsOf({ BOT_TOKEN_ISSUER: 'https://api.botframework.test' })).toEqual([
      'BOT_TOKEN_ISSUER applies only when BOT_ID is set',
    ]);
  });
});

describe('config: per-person turn limits', () => {
  it('defaults to 60 turns and 20 Graph-calling turns a minute; 0 turns a limit off; anything else is refused', () => {
    expect(parseConfig({}).rateLimits).toEqual({ turnsPerWindow: 60, graphTurnsPerWindow: 20, windowSeconds: 60 });
    expect(parseConfig({ RATE_LIMIT_TURNS_PER_MINUTE: '0' }).rateLimits.turnsPerWindow).toBe(0);
    expect(problemsOf({ RATE_LIMIT_TURNS_PER_MINUTE: 'lots', RATE_LIMIT_GRAPH_TURNS_PER_MINUTE: '-1' })).toEqual([
      'RATE_LIMIT_TURNS_PER_MINUTE must be a whole number per minute (0 turns the limit off)',
      'RATE_LIMIT_GRAPH_TURNS_PER_MINUTE must be a whole number per minute (0 turns the limit off)',
    ]);
  });
});

describe('config: waiting for replication', () => {
  it('waits up to 3 minutes by default, takes whole seconds up to an hour, and refuses anything else', () => {
    expect(parseConfig({}).requests.replicationWaitMs).toBe(180_000);
    expect(parseConfig({ REPLICATION_WAIT_SECONDS: '0' }).requests.replicationWaitMs).toBe(0);
    expect(parseConfig({ REPLICATION_WAIT_SECONDS: '600' }).requests.replicationWaitMs).toBe(600_000);
    for (const bad of ['3m', '-1', '3601', '1.5'])
      expect(problemsOf({ REPLICATION_WAIT_SECONDS: bad })).toEqual([
        'REPLICATION_WAIT_SECONDS must be a whole number of seconds from 0 to 3600',
      ]);
  });
});
