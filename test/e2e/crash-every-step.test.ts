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

/**
 * The bot process is killed after every provisioning step it finishes (between every pair of steps), restarted,
 * killed again after the next, until the request completes. Each person must still end with exactly one guest,
 * one invitation and one role.
 */

const PEOPLE = ['step1@fabrikam-mssp.example', 'step2@fabrikam-mssp.example'];

let dir: string;
let tenant: LocalTenant;
let connector: CaptureConnector;
let port: number;
let bot: BotProcess | undefined;
const file = () => path.join(dir, 'bot.db');
const rows = <T>(sql: string, ...args: unknown[]) => sqliteRows<T>(file(), sql, ...args);

const start = () =>
  startBotProcess({
    dir,
    port,
    env: {
      DATABASE_URL: `sqlite:${file()}`,
      LOCAL_TENANT: 'true',
      GRAPH_BASE_URL: tenant.graphBaseUrl,
      PROVISIONING_LEASE_SECONDS: '1',
    },
  });
const post = (activity: Record<string, unknown>) =>
  fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cpa-crash-steps-'));
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

describe('killed between every pair of provisioning steps', () => {
  it('still ends with exactly one guest, invitation and role per person', async () => {
    bot = await start();
    await post(teamsMessage(connector.url, MEGAN, 'help'));
    await post(teamsMessage(connector.url, PATTI, 'request access'));
    await post(
      teamsMessage(connector.url, PATTI, '', {
        value: submitted(connector, PATTI, {
          verb: RequestVerbs.formReview,
          people: PEOPLE.map((e, i) => `${e}, Step, Tester${i + 1}`).join('\n'),
          role: 'security-reader',
          duration: '7',
          justification: 'Incident response retainer, ticket INC-1042',
        }),
      }),
    );
    await post(
      teamsMessage(connector.url, PATTI, '', { value: submitted(connector, PATTI, { verb: RequestVerbs.formSubmit }) }),
    );
    const [{ id }] = rows<{ id: string }>('SELECT id FROM access_requests');
    // Slow enough that each finished step is seen (and the process killed) before the next one finishes.
    tenant.setFaults({
      rate: 1,
      kinds: ['latency'],
      latencyMs: 250,
      paths: /invitations|users|\$batch|roleManagement/,
    });
    expect(
      (await post(cardActionInvoke(connector.url, MEGAN, RequestVerbs.approve, { requestId: id, version: 1 }))).status,
    ).toBe(200);

    const status = () => rows<{ status: string }>('SELECT status FROM access_requests WHERE id = ?', id)[0].status;
    const done = () => rows<{ n: number }>("SELECT COUNT(*) AS n FROM saga_steps WHERE state = 'done'")[0].n;
    const killedAfter: number[] = [];
    let seen = done();
    for (let round = 0; round < 20 && status() !== 'completed'; round += 1) {
      const next = await until(
        'the next step to finish',
        () => (done() > seen ? done() : status() === 'completed' ? -1 : false),
        60_000,
      );
      if (next === -1) break;
      await crash(bot);
      killedAfter.push(next);
      seen = next;
      bot = await start();
    }
    await until('the request to complete', () => status() === 'completed', 60_000);
    // Processes were killed after most finished steps (find-or-invite, names, role per person; names and role can
    // finish together in one $batch, so one boundary per person may be passed in a single run).
    expect(killedAfter.length).toBeGreaterThanOrEqual(PEOPLE.length * 2);

    tenant.setFaults({ rate: 0 });
    const graph = createGraphClient({ baseUrl: tenant.graphBaseUrl });
    const outbox = (await (await fetch(`${tenant.url}/_local/outbox`)).json()) as { value: Array<{ to: string }> };
    for (const email of PEOPLE) {
      const users = ((await graph.api('/users').filter(`mail eq '${email}'`).get()) as { value: Array<{ id: string }> })
        .value;
      expect(users, email).toHaveLength(1);
      const roles = (
        (await graph
          .api('/roleManagement/directory/roleAssignments')
          .filter(`principalId eq '${users[0].id}'`)
          .get()) as {
          value: unknown[];
        }
      ).value;
      expect(roles, email).toHaveLength(1);
      expect(
        outbox.value.filter((m) => m.to === email),
        email,
      ).toHaveLength(1);
    }
  }, 240_000);
});
