import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app';
import { parseConfig } from '../../src/config';
import { Verbs } from '../../src/cards/verbs';
import { createLogger } from '../../src/services/logging/logger';
import { cardActionInvoke, teamsMessage } from '../support/activities';
import { CaptureConnector } from '../support/capture-connector';
import { ALEX } from '../support/seed';

const dir = mkdtempSync(path.join(tmpdir(), 'cpa-http-'));
let n = 0;
const logger = createLogger({ level: 'silent' });
const baseEnv = () => ({
  PORT: '0',
  LOCAL_TENANT_PORT: '0',
  DATABASE_URL: `sqlite:${path.join(dir, `http-${++n}.db`)}`,
});

let connector: CaptureConnector;
beforeAll(async () => {
  connector = await new CaptureConnector().start();
});
afterAll(async () => {
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  connector.calls.splice(0);
});

const post = (app: RunningApp, body: unknown, headers: Record<string, string> = {}) =>
  fetch(app.messagesUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('the bot over real HTTP, auth off (local mode)', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(parseConfig(baseEnv()), { logger });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('answers a Teams message by POSTing its reply to the connector at serviceUrl', async () => {
    const activity = teamsMessage(connector.url, ALEX, 'help');
    const res = await post(app, activity);
    expect(res.status).toBe(200);
    await connector.waitForActivities(1);
    const [call] = connector.calls.filter((c) => c.path.includes('/activities'));
    expect(call.method).toBe('POST');
    expect(call.path).toBe(
      `/v3/conversations/${encodeURIComponent(String((activity.conversation as { id: string }).id))}/activities/${String(activity.id)}`,
    );
    expect(call.body.replyToId).toBe(activity.id);
    const attachments = call.body.attachments as Array<{
      contentType: string;
      content: { body: Array<{ id?: string }> };
    }>;
    expect(attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachments[0].content.body[0].id).toBe('simulated-tenant-banner');
    expect(JSON.stringify(attachments[0].content)).toContain('What I can do');
  });

  it('answers an Action.Execute invoke synchronously and sends the command output as a message', async () => {
    const res = await post(app, cardActionInvoke(connector.url, ALEX, Verbs.runCommand, { command: 'whoami' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    await connector.waitForActivities(1);
    expect(JSON.stringify(connector.activities.find((a) => a.type === 'message'))).toContain('Who you are to me');
  });

  it('refuses an invoke with a verb it does not know with a card-error, changing nothing', async () => {
    const res = await post(app, cardActionInvoke(connector.url, ALEX, 'request.approve', { requestId: 'forged' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { statusCode: number; type: string; value: { message: string } };
    expect(body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    expect(body.value.message).toMatch(/out of date/);
  });

  it('answers a HEAD probe of the messages endpoint (the Playground sends one)', async () => {
    expect((await fetch(app.messagesUrl, { method: 'HEAD' })).status).toBe(200);
  });

  it('reports health and readiness (storage and Graph)', async () => {
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { storage: 'ok', graph: 'ok' } });
  });

  it('reports not ready while Graph fails', async () => {
    const faults = `${app.localTenantUrl}/_local/faults`;
    await fetch(faults, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate: 1, kinds: ['503'], retryAfterSeconds: 0 }),
    });
    try {
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not ready', checks: { storage: 'ok', graph: 'failing' } });
    } finally {
      await fetch(faults, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rate: 0 }),
      });
    }
  });

  it('refuses a body over the limit with 413 and reaches no handler', async () => {
    const res = await post(app, teamsMessage(connector.url, ALEX, 'x'.repeat(300 * 1024)));
    expect(res.status).toBe(413);
    expect(connector.calls).toHaveLength(0);
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight turn finish and deliver its reply before the server stops', async () => {
    const app = await startApp(parseConfig(baseEnv()), { logger });
    await fetch(`${app.localTenantUrl}/_local/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate: 1, kinds: ['latency'], latencyMs: 400 }),
    });
    const pending = post(app, teamsMessage(connector.url, ALEX, 'whoami'));
    await new Promise((r) => setTimeout(r, 100));
    const stopped = app.stop();
    const res = await pending;
    await stopped;
    expect(res.status).toBe(200);
    expect(JSON.stringify(connector.activities)).toContain('Who you are to me');
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
  });
});

describe('auth on (BOT_ID set)', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(
      parseConfig({ ...baseEnv(), BOT_ID: '3f0e1a52-7a34-4d1c-9a55-0b8f5f0c1e11', BOT_PASSWORD: 'not-a-real-secret' }),
      { logger },
    );
  });
  afterAll(async () => {
    await app.stop();
  });

  it.each([
    ['no Authorization header', {}],
    ['a forged bearer token', { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl' }],
  ])('answers 401 to %s and reaches no handler', async (_label, headers) => {
    const activity = teamsMessage(connector.url, ALEX, 'whoami');
    const res = await post(app, activity, headers);
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(connector.calls).toHaveLength(0);
    expect(await app.db.conversations.get(`user:${ALEX.aadObjectId}`)).toBeUndefined();
  });
});
