import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp } from '../../src/app';
import { parseConfig } from '../../src/config';
import { createGraphClient } from '../../src/services/graph/graph-client';
import { createLogger } from '../../src/services/logging/logger';
import { cardActionInvoke, teamsMessage, type Person } from './activities';
import { CaptureConnector } from './capture-connector';
import { CardClicks } from './card-clicks';

/**
 * The whole bot over real HTTP: the real server and CloudAdapter, SQLite in a temp file, the local tenant behind the
 * real Graph client, and a capture connector standing in for Teams' Bot Connector.
 */
export async function startE2e(env: Record<string, string> = {}, clock?: () => Date) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpa-e2e-'));
  const connector = await new CaptureConnector().start();
  const app = await startApp(
    parseConfig({ PORT: '0', LOCAL_TENANT_PORT: '0', DATABASE_URL: `sqlite:${path.join(dir, 'e2e.db')}`, ...env }),
    {
      logger: createLogger({ level: env.LOG_LEVEL ?? 'silent' }),
      clock,
    },
  );
  const graph = createGraphClient({ baseUrl: app.graphBaseUrl });

  const post = async (activity: Record<string, unknown>) => {
    const res = await fetch(app.messagesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };

  /** The cards posted into one conversation so far, to find the data a button press carries. */
  const clicksIn = (conversationId: string) => {
    const clicks = new CardClicks();
    const prefix = `/v3/conversations/${encodeURIComponent(conversationId)}/activities`;
    clicks.remember(
      conversationId,
      connector.calls.filter((c) => c.method === 'POST' && c.path.startsWith(prefix)).map((c) => c.body),
    );
    return clicks;
  };

  /**
   * Sends a message (text, or a card submit value) and returns what the bot posted in reply, once it is done. A
   * submit value gets the data of the newest button with its verb in that chat, as a Teams client would send it.
   */
  const say = async (who: Person, text: string, value?: Record<string, unknown>) => {
    const before = connector.calls.length;
    const pressed = value && clicksIn(`a:personal-${who.aadObjectId}`).complete(`a:personal-${who.aadObjectId}`, value);
    const res = await post(teamsMessage(connector.url, who, text, pressed ? { value: pressed } : {}));
    if (res.status !== 200) throw new Error(`/api/messages answered ${res.status}`);
    return connector.calls
      .slice(before)
      .filter((c) => c.method === 'POST' && c.path.includes('/activities'))
      .map((c) => c.body);
  };

  const click = (who: Person, verb: string, data: Record<string, unknown>) =>
    post(cardActionInvoke(connector.url, who, verb, data));

  return {
    app,
    /** The SQLite file behind the app, for tests that read rows directly. */
    dbFile: path.join(dir, 'e2e.db'),
    connector,
    graph,
    say,
    click,
    post,
    clicksIn,
    /** Activities sent into one person's personal chat (proactive ones included). */
    sentTo: (who: Person) =>
      connector.calls
        .filter(
          (c) =>
            c.method === 'POST' &&
            c.path.startsWith(`/v3/conversations/${encodeURIComponent(`a:personal-${who.aadObjectId}`)}/activities`),
        )
        .map((c) => c.body),
    updates: () => connector.calls.filter((c) => c.method === 'PUT'),
    close: async () => {
      await app.stop();
      await connector.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type E2e = Awaited<ReturnType<typeof startE2e>>;

export function cardIn(activity: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const attachments = (activity?.attachments ?? []) as Array<{ contentType: string; content: Record<string, unknown> }>;
  return attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
