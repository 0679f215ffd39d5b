import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { startE2e, type E2e } from '../support/e2e';
import { ALEX, MEGAN, PARTNER_TENANT, STRANGER, seed } from '../support/seed';

/** Bounded growth: one card copy per request per chat, and nothing kept per message from a refused organisation. */
const PATTI = { aadObjectId: seed.partnerPeople[0].id, name: 'Patti Fernandez', tenantId: PARTNER_TENANT };
const dir = mkdtempSync(path.join(tmpdir(), 'cpa-growth-'));
const file = path.join(dir, 'growth.db');
let e: E2e;

beforeAll(async () => {
  e = await startE2e({ DATABASE_URL: `sqlite:${file}` });
  for (const who of [ALEX, MEGAN, PATTI]) await e.say(who, 'help');
});
afterAll(async () => {
  await e.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Rows per table, read from the bot's own SQLite file by a second, read-only connection. */
function rowCounts(): Record<string, number> {
  const raw = new BetterSqlite3(file, { readonly: true });
  try {
    const tables = (
      raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{
        name: string;
      }>
    ).map((t) => t.name);
    return Object.fromEntries(
      tables.map((t) => [t, (raw.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]),
    );
  } finally {
    raw.close();
  }
}

const inChat = (who: { aadObjectId: string }, method: string) =>
  e.connector.calls.filter(
    (c) => c.method === method && c.path.includes(encodeURIComponent(`a:personal-${who.aadObjectId}`)),
  );

describe('bounded growth', () => {
  let requestId: string;

  it('keeps one copy of a request card per chat, however often an approver says "pending"', async () => {
    await e.say(PATTI, 'request access');
    await e.say(PATTI, '', {
      verb: RequestVerbs.formReview,
      people: 'growth.person@fabrikam-mssp.example, Growth, Person',
      role: 'security-reader',
      duration: '14',
      justification: 'Incident response support for the December change freeze',
    });
    await e.say(PATTI, '', { verb: RequestVerbs.formSubmit });
    [{ id: requestId }] = await e.app.db.requests.listByRequester(PATTI.aadObjectId);
    for (let i = 0; i < 3; i++) await e.say(MEGAN, 'pending');
    const posts = await e.app.db.cardPosts.list(requestId);
    expect(posts.filter((p) => p.conversationKey === `user:${MEGAN.aadObjectId}`)).toHaveLength(1);
    expect(new Set(posts.map((p) => p.conversationKey)).size).toBe(posts.length);
    // The copies the newer ones replaced are taken out of Megan's chat.
    expect(inChat(MEGAN, 'DELETE')).toHaveLength(3);
  });

  it('updates one copy per chat when someone decides', async () => {
    const before = e.connector.calls.length;
    await e.click(ALEX, RequestVerbs.approve, { requestId, version: 1 });
    await e.app.background.drain();
    const puts = e.connector.calls.slice(before).filter((c) => c.method === 'PUT');
    const perChat = new Map<string, Set<string>>();
    for (const c of puts) {
      const chat = c.path.split('/activities/')[0];
      perChat.set(chat, (perChat.get(chat) ?? new Set()).add(c.path));
    }
    expect(perChat.size).toBeGreaterThan(0);
    for (const ids of perChat.values()) expect(ids.size).toBe(1);
    expect(new Set(inChat(MEGAN, 'PUT').map((c) => c.path)).size).toBe(1);
  });

  it('stores nothing per message from a refused organisation', async () => {
    await e.say(STRANGER, 'hello');
    const before = rowCounts();
    for (let i = 0; i < 5; i++) await e.say(STRANGER, `hello ${i}`);
    expect(rowCounts()).toEqual(before);
    expect(await e.app.db.conversations.get(`user:${STRANGER.aadObjectId}`)).toBeUndefined();
  });
});
