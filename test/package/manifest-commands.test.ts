import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../support/activities';
import { cardOf, cardText, startBotHarness, type BotHarness } from '../support/bot-harness';
import { ALEX, PATTI } from '../support/seed';

type Scope = 'personal' | 'team' | 'groupChat';
interface CommandList {
  scopes: Scope[];
  commands: Array<{ title: string; description: string }>;
}

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../appPackage/manifest.json'), 'utf8')) as {
  bots: Array<{ commandLists: CommandList[] }>;
};
const listed = manifest.bots[0].commandLists.flatMap((list) =>
  list.scopes.flatMap((scope) => list.commands.map((c) => ({ scope, title: c.title }))),
);
/** Commands meant for partner staff are tried as Patti (Fabrikam MSSP); every other one as Alex (admin, approver). */
const PARTNER_COMMANDS = new Set(['my access', 'support']);
/** What the bot says when a command is not one it answers here. */
const NOT_ANSWERED =
  /I don't know the command|Say this in the team channel|not in a chat|Say "help" to see what I can do\.$/;

let bot: BotHarness;
beforeAll(async () => {
  bot = await startBotHarness();
});
afterAll(async () => bot.close());

/** A message in `scope` as Teams sends it: in a channel or group chat the bot is @mentioned, or it hears nothing. */
function inScope(scope: Scope, who: Person, title: string): Partial<Activity> {
  if (scope === 'personal') return { text: title };
  const mention = '<at>Copilot Partner Access</at>';
  const conversation =
    scope === 'team'
      ? {
          id: '19:approvals@thread.tacv2',
          conversationType: 'channel',
          isGroup: true,
          tenantId: who.tenantId,
          name: '',
        }
      : {
          id: '19:partner-chat@thread.v2',
          conversationType: 'groupChat',
          isGroup: true,
          tenantId: who.tenantId,
          name: '',
        };
  return {
    text: `${mention} ${title}`,
    conversation,
    channelData: {
      tenant: { id: who.tenantId },
      ...(scope === 'team'
        ? { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:approvals@thread.tacv2' } }
        : {}),
    },
    entities: [{ type: 'mention', text: mention, mentioned: { id: '28:bot', name: 'Copilot Partner Access' } }],
  };
}

const said = (replies: Partial<Activity>[]): string =>
  replies.map((r) => [r.text ?? '', cardOf(r) ? cardText(cardOf(r)) : ''].join(' ')).join('\n');

describe('every command the manifest lists', () => {
  it.each(listed)('$scope: "$title" is a command the bot answers there', async ({ scope, title }) => {
    expect(bot.runtime.commands.parse(title)?.command.name).toBe(title);
    const who = PARTNER_COMMANDS.has(title) ? PATTI : ALEX;
    const replies = await bot.say(who, inScope(scope, who, title));
    expect(replies.length, `${scope} "${title}" got no reply`).toBeGreaterThan(0);
    expect(said(replies)).not.toMatch(NOT_ANSWERED);
    await bot.say(who, { ...inScope(scope, who, 'cancel') });
  });
});
