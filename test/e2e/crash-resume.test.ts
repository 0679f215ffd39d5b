import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { startLocalTenant, type LocalTenant } from '../../src/dev/local-tenant';
import { createGraphClient } from '../../src/services/graph/graph-client';
import { cardActionInvoke, teamsMessage } from '../support/activities';
import { alive, crash, freePort, sqliteRows, startBotProcess, until, type BotProcess } from '../support/bot-process';
import { CaptureConnector } from '../support/capture-connector';
import { submitted } from '../support/card-clicks';
import { MEGAN, PATTI } from '../support/seed';

const PEOPLE = Array.from({ length: 6 }, (_, i) => `crash${i + 1}@fabrikam-mssp.example`);

let dir: string;
let tenant: LocalTenant;
let connector: CaptureConnector;
let port: number;
let bot: BotProcess | undefined;

async function startBot(): Promise<BotProcess> {
  return startBotProcess({
    dir,
    port,
    env: {
      DATABASE_URL: `sqlite:${path.join(dir, 'bot.db')}`,
      LOCAL_TENANT: 'true',
      GRAPH_BASE_URL: tenant.graphBaseUrl,
      PROVISIONING_LEASE_SECONDS: '2',
    },
  });
}

const post = (activity: Record<string, unknown>) =>
  fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
const say = (who: typeof PATTI, text: string, value?: Record<string, unknown>) =>
  post(teamsMessage(connector.url, who, text, value ? { value: submitted(connector, who, value) } : {}));
const readDb = <T>(sql: string, ...args: unknown[]): T[] => sqliteRows<T>(path.join(dir, 'bot.db'), sql, ...args);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cpa-crash-'));
  tenant = await startLocalTenant({ port: 0 });
  connector = await new CaptureConnector().start();
  port = await freePort();
});
afterAll(async () => {
  if (bot?.child.pid && alive(-bot.child.pid)) await crash(bot);
  await connector.stop();
  await tenant.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a crash in the middle of provisioning', () => {
  it('resumes on restart and finishes with exactly one guest, one invitation and one role per person', async () => {
    bot = await startBot();
    await say(MEGAN, 'help');
    await say(PATTI, 'request access');
    await say(PATTI, '', {
      verb: RequestVerbs.formReview,
      people: PEOPLE.map((e, i) => `${e}, Crash, Tester${i + 1}`).join('\n'),
      role: 'security-reader',
      duration: '7',
      justification: 'Weekend incident cover while the customer SOC is short-staffed',
    });
    await say(PATTI, '', { verb: RequestVerbs.formSubmit });
    const [{ id }] = readDb<{ id: string }>('SELECT id FROM access_requests');

    // Slow Graph down so the kill lands between saga steps.
    await fetch(`${tenant.url}/_local/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate: 1, kinds: ['latency'], latencyMs: 120 }),
    });
    const click = await post(
      cardActionInvoke(connector.url, MEGAN, RequestVerbs.approve, { requestId: id, version: 1 }),
    );
    expect(click.status).toBe(200);
    await until(
      'two people to be invited',
      () =>
        readDb<{ n: number }>(
          "SELECT COUNT(*) AS n FROM saga_steps WHERE step = 'find-or-invite' AND state = 'done'",
        )[0].n >= 2,
    );
    await crash(bot);
    // The bot really died mid-saga: it no longer answers, and the request is still half done.
    expect(
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => 'answered',
        () => 'refused',
      ),
    ).toBe('refused');
    const [mid] = readDb<{ status: string }>('SELECT status FROM access_requests WHERE id = ?', id);
    expect(mid.status).toBe('provisioning');
    const doneBefore = readDb<{ n: number }>("SELECT COUNT(*) AS n FROM saga_steps WHERE state = 'done'")[0].n;

    await fetch(`${tenant.url}/_local/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate: 0 }),
    });
    bot = await startBot();
    await until(
      'the request to complete',
      () => readDb<{ status: string }>('SELECT status FROM access_requests WHERE id = ?', id)[0].status === 'completed',
      30_000,
    );
    expect(readDb<{ n: number }>("SELECT COUNT(*) AS n FROM saga_steps WHERE state = 'done'")[0].n).toBeGreaterThan(
      doneBefore,
    );

    const graph = createGraphClient({ baseUrl: tenant.graphBaseUrl });
    for (const email of PEOPLE) {
      const users = ((await graph.api('/users').filter(`mail eq '${email}'`).get()) as { value: Array<{ id: string }> })
        .value;
      expect(users, email).toHaveLength(1);
      const roles = (
        (await graph
          .api('/roleManagement/directory/roleAssignments')
          .filter(`principalId eq '${users[0].id}'`)
          .get()) as { value: unknown[] }
      ).value;
      expect(roles, email).toHaveLength(1);
    }
    const outbox = (await (await fetch(`${tenant.url}/_local/outbox`)).json()) as { value: Array<{ to: string }> };
    const sent = outbox.value.map((m) => m.to);
    for (const email of PEOPLE)
      expect(
        sent.filter((s) => s === email),
        email,
      ).toHaveLength(1);
    expect(
      readDb<{ n: number }>(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'provisioning.completed' AND subject = ?",
        id,
      )[0].n,
    ).toBe(1);
  }, 90_000);
});
