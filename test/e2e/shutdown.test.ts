import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { startLocalTenant, type LocalTenant } from '../../src/dev/local-tenant';
import { cardActionInvoke, teamsMessage } from '../support/activities';
import {
  alive,
  freePort,
  killGroup,
  sqliteRows,
  startBotProcess,
  until,
  type BotProcess,
} from '../support/bot-process';
import { CaptureConnector } from '../support/capture-connector';
import { submitted } from '../support/card-clicks';
import { MEGAN, PATTI } from '../support/seed';

/**
 * A stop is a stop: SIGTERM lets in-flight work have its grace period, then the process exits, even when Graph has
 * stopped answering in the middle of provisioning. What was left half-done is the saga's to resume at next start.
 */

const GRACE_SECONDS = 2;

let dir: string;
let tenant: LocalTenant;
let connector: CaptureConnector;
let port: number;
let bot: BotProcess | undefined;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cpa-stop-'));
  tenant = await startLocalTenant({ port: 0 });
  connector = await new CaptureConnector().start();
  port = await freePort();
});
afterAll(async () => {
  if (bot) killGroup(bot.child);
  await connector.stop();
  await tenant.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (activity: Record<string, unknown>) =>
  fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
const countStarted = () =>
  sqliteRows<{ n: number }>(path.join(dir, 'bot.db'), "SELECT COUNT(*) AS n FROM saga_steps WHERE state = 'started'")[0]
    .n;

describe('SIGTERM while Graph hangs mid-provisioning', () => {
  it('exits within its grace period, leaving nothing running', async () => {
    bot = await startBotProcess({
      dir,
      port,
      env: {
        DATABASE_URL: `sqlite:${path.join(dir, 'bot.db')}`,
        LOCAL_TENANT: 'true',
        GRAPH_BASE_URL: tenant.graphBaseUrl,
        SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
      },
    });
    await post(teamsMessage(connector.url, MEGAN, 'help'));
    await post(teamsMessage(connector.url, PATTI, 'request access'));
    await post(
      teamsMessage(connector.url, PATTI, '', {
        value: submitted(connector, PATTI, {
          verb: RequestVerbs.formReview,
          people: 'hang.one@fabrikam-mssp.example, Hang, One',
          role: 'security-reader',
          duration: '7',
          justification: 'Weekend incident cover while the customer SOC is short-staffed',
        }),
      }),
    );
    await post(
      teamsMessage(connector.url, PATTI, '', { value: submitted(connector, PATTI, { verb: RequestVerbs.formSubmit }) }),
    );
    const [{ id }] = sqliteRows<{ id: string }>(path.join(dir, 'bot.db'), 'SELECT id FROM access_requests');

    // Graph stops answering invitations: each now takes ten minutes (the click's own checks still answer).
    tenant.setFaults({ rate: 1, kinds: ['latency'], latencyMs: 600_000, paths: '/invitations' });
    const click = await post(
      cardActionInvoke(connector.url, MEGAN, RequestVerbs.approve, { requestId: id, version: 1 }),
    );
    expect(click.status).toBe(200);
    await until('provisioning to be waiting on Graph', () => countStarted() > 0);

    const { child, exited } = bot;
    const sent = Date.now();
    child.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise<'still running'>((r) => setTimeout(() => r('still running'), 20_000)),
    ]);
    expect(code).not.toBe('still running');
    // Within the grace for turns and for background work, plus start-up slack; far from the 10 minutes Graph wants.
    expect(Date.now() - sent).toBeLessThan(4 * GRACE_SECONDS * 1000 + 3000);
    // Nothing of the process group outlives it (tsx's esbuild helper follows its parent out within moments).
    await until('the process group to be gone', () => !alive(-child.pid!), 5_000);
    bot = undefined;
  }, 60_000);
});
