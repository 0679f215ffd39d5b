import { afterAll, describe, expect, it } from 'vitest';
import { Verbs } from '../../src/cards/verbs';
import { teamsMessage } from '../support/activities';
import { startE2e, type E2e } from '../support/e2e';
import { ALEX, MEGAN } from '../support/seed';
import { pgSchemas } from '../lifecycle/pg-schemas';

const pg = pgSchemas();
const opened: E2e[] = [];
afterAll(async () => {
  for (const e2e of opened) await e2e.close();
  await pg.dropAll();
});
const start = async (env: Record<string, string>) => {
  const e2e = await startE2e(env);
  opened.push(e2e);
  return e2e;
};

const textOf = (replies: Array<Record<string, unknown>>) =>
  replies.map((r) => (typeof r.text === 'string' ? r.text : '')).join('\n');
const limitAudits = async (e2e: E2e) => e2e.app.db.audit.list({ action: 'rate.limited' });

describe('per-person turn limits, over real HTTP (SQLite: one instance, counted in memory)', () => {
  it('answers a burst over the limit once, politely, then drops turns silently, with one audit entry', async () => {
    const e2e = await start({ RATE_LIMIT_TURNS_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++) expect((await e2e.say(ALEX, 'help')).length).toBeGreaterThan(0);
    const refused = await e2e.say(ALEX, 'help');
    expect(refused).toHaveLength(1);
    expect(textOf(refused)).toMatch(/faster than I can keep up with, Alex Wilber\. Please wait about \d+ seconds/);
    for (let i = 0; i < 4; i++) expect(await e2e.say(ALEX, 'help')).toEqual([]);
    const audits = await limitAudits(e2e);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'rate.limited', actorName: 'Alex Wilber', detail: { limit: 'turns' } });
    // Someone else is not held back by Alex's burst.
    expect((await e2e.say(MEGAN, 'help')).length).toBeGreaterThan(0);
  });

  it('answers a card click over the limit with a 429 card error, every time', async () => {
    const e2e = await start({ RATE_LIMIT_TURNS_PER_MINUTE: '1' });
    expect((await e2e.click(ALEX, Verbs.runCommand, { command: 'help' })).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const res = await e2e.click(ALEX, Verbs.runCommand, { command: 'help' });
      expect(res.status).toBe(429);
      expect(res.body).toMatchObject({ statusCode: 429, type: 'application/vnd.microsoft.error' });
    }
    expect(await limitAudits(e2e)).toHaveLength(1);
  });

  it('holds commands that call Graph to a stricter limit, leaving the rest alone', async () => {
    const e2e = await start({ RATE_LIMIT_GRAPH_TURNS_PER_MINUTE: '2' });
    expect(textOf(await e2e.say(ALEX, 'whoami'))).not.toMatch(/look-ups/);
    expect(textOf(await e2e.say(ALEX, 'whoami'))).not.toMatch(/look-ups/);
    expect(textOf(await e2e.say(ALEX, 'whoami'))).toMatch(/a lot of look-ups in a short time, Alex Wilber/);
    expect(await e2e.say(ALEX, 'whoami')).toEqual([]);
    const viaButton = await e2e.post(
      teamsMessage(e2e.connector.url, ALEX, '', { value: { verb: Verbs.runCommand, command: 'whoami' } }),
    );
    expect(viaButton.status).toBe(200);
    expect((await e2e.say(ALEX, 'help')).length).toBeGreaterThan(0);
    const audits = await limitAudits(e2e);
    expect(audits.map((a) => a.detail)).toEqual([expect.objectContaining({ limit: 'graph' })]);
  });
});

describe('per-person turn limits shared through PostgreSQL', () => {
  it('counts one person across two bot instances on one database', async () => {
    const url = pg.freshUrl();
    const a = await start({ DATABASE_URL: url, RATE_LIMIT_TURNS_PER_MINUTE: '4' });
    const b = await start({ DATABASE_URL: url, RATE_LIMIT_TURNS_PER_MINUTE: '4' });
    for (const e2e of [a, b, a, b]) expect((await e2e.say(ALEX, 'help')).length).toBeGreaterThan(0);
    expect(textOf(await b.say(ALEX, 'help'))).toMatch(/faster than I can keep up with/);
    expect(await a.say(ALEX, 'help')).toEqual([]);
    expect(await b.say(ALEX, 'help')).toEqual([]);
    expect(await limitAudits(a)).toHaveLength(1);
  });
});
