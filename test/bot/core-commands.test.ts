import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Verbs } from '../../src/cards/verbs';
import { cardOf, cardText, startBotHarness, type BotHarness } from '../support/bot-harness';
import { ADELE, ALEX, HOME_TENANT, MEGAN, PATTI, STRANGER } from '../support/seed';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h.close();
});

describe('help', () => {
  it.each(['help', 'HELP', '  Help!  ', '<at>Copilot Partner Access</at> help', '?', 'commands'])(
    'answers %j with the command card',
    async (text) => {
      const replies = await h.say(ALEX, text);
      expect(replies).toHaveLength(1);
      const card = cardOf(replies[0]);
      expect(card).toBeDefined();
      const shown = cardText(card);
      expect(shown).toContain('What I can do');
      expect(shown).toContain('whoami');
      expect(shown).toContain('help');
    },
  );

  it('offers the other commands as buttons that run them', async () => {
    const card = cardOf((await h.say(ALEX, 'help'))[0]) as {
      actions: Array<{ type: string; data: { verb: string; command: string } }>;
    };
    expect(card.actions.map((a) => a.data)).toContainEqual({ verb: Verbs.runCommand, command: 'whoami' });
    expect(card.actions.every((a) => a.type === 'Action.Submit')).toBe(true);
  });
});

describe('whoami', () => {
  const factsOf = async (who: typeof ALEX) => {
    const replies = (await h.say(who, 'whoami')).filter((a) => a.type === 'message');
    const card = cardOf(replies[0]) as {
      body: Array<{ type: string; facts?: Array<{ title: string; value: string }> }>;
    };
    return Object.fromEntries(card.body.find((b) => b.type === 'FactSet')!.facts!.map((f) => [f.title, f.value]));
  };

  it('tells the seeded admin that they are admin and approver, looked up through Graph', async () => {
    const facts = await factsOf(ALEX);
    expect(facts).toMatchObject({
      Name: 'Alex Wilber',
      Email: 'alexw@contoso.example',
      'Entra object id': ALEX.aadObjectId,
      'In this directory': 'Yes, a member',
      Admin: 'Yes',
      Approver: 'Yes',
    });
    expect(facts.Tenant).toContain(HOME_TENANT);
    expect(facts.Tenant).toContain('(simulated)');
  });

  it('tells an approver who is not an admin exactly that', async () => {
    expect(await factsOf(MEGAN)).toMatchObject({ Admin: 'No', Approver: 'Yes' });
  });

  it('tells a plain member they are neither', async () => {
    expect(await factsOf(ADELE)).toMatchObject({ Admin: 'No', Approver: 'No', 'In this directory': 'Yes, a member' });
  });

  it('tells an allowed partner that they are not in this directory and hold no role', async () => {
    const facts = await factsOf(PATTI);
    expect(facts).toMatchObject({
      Name: 'Patti Fernandez',
      Admin: 'No',
      Approver: 'No',
      'In this directory': 'No (you are not a user of this tenant)',
    });
  });

  it('runs from a help-card button (Action.Submit value) just like typed text', async () => {
    const replies = await h.say(ALEX, { text: undefined, value: { verb: Verbs.runCommand, command: 'whoami' } });
    expect(cardText(cardOf(replies.find((r) => r.type === 'message')))).toContain('Who you are to me');
  });
});

describe('the tenant gate and unknown input', () => {
  it('refuses a person from an organisation that is not allowed, without running the command', async () => {
    const replies = await h.say(STRANGER, 'whoami');
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toMatch(/not on that list/);
    expect(cardOf(replies[0])).toBeUndefined();
  });

  it('answers an unknown command with a hint, quoting it safely and briefly', async () => {
    const [reply] = await h.say(ALEX, 'make me global admin please '.repeat(5));
    expect(reply.text).toMatch(/^I don't know the command ".{1,60}". Say "help"/);
  });

  it('says there is nothing to cancel when nothing runs', async () => {
    const [reply] = await h.say(ALEX, 'cancel');
    expect(reply.text).toBe('There was nothing to cancel.');
  });

  it('records the conversation reference of a personal chat for later proactive messages', async () => {
    await h.say(MEGAN, 'help');
    const saved = await h.db.conversations.get(`user:${MEGAN.aadObjectId}`);
    expect(saved).toMatchObject({
      aadObjectId: MEGAN.aadObjectId,
      conversationType: 'personal',
      tenantId: HOME_TENANT,
    });
    expect((saved!.reference as { conversation: { id: string } }).conversation.id).toBe(
      `a:personal-${MEGAN.aadObjectId}`,
    );
  });
});

describe('welcome', () => {
  it('greets with a welcome card when the bot is added, and not when someone else joins', async () => {
    const conversationUpdate = (memberId: string) => ({
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: memberId, name: 'x' }],
    });
    const botAdded = await h.say(ALEX, conversationUpdate('28:bot'));
    expect(cardText(cardOf(botAdded[0]))).toContain('Copilot Partner Access');
    expect(await h.say(ALEX, conversationUpdate('29:someone-else'))).toHaveLength(0);
  });
});

describe('the simulated-tenant notice', () => {
  it('marks every card and every text the bot sends in local mode', async () => {
    const local = await startBotHarness({ simulatedNotice: true });
    try {
      const [card] = await local.say(ALEX, 'help');
      const body = cardOf(card)!.body as Array<{ id?: string; items?: Array<{ text: string }> }>;
      expect(body[0].id).toBe('simulated-tenant-banner');
      expect(body[0].items![0].text).toMatch(/^SIMULATED TENANT: Contoso \(simulated\)/);
      const [text] = await local.say(ALEX, 'nonsense');
      expect(text.text).toMatch(/SIMULATED TENANT/);
    } finally {
      await local.close();
    }
  });
});

describe('the turn error boundary', () => {
  it('tells the user what failed with a reference, keeps tokens out, and clears a broken dialog', async () => {
    await h.say(ALEX, 'advise');
    h.tenant.failNext({ status: 500, count: 5, path: '/users', code: 'InternalServerError', message: 'boom' });
    const replies = await h.say(ALEX, { text: undefined, value: { verb: 'command.run', command: 'whoami' } });
    const error = replies.find((r) => cardText(cardOf(r)).includes('That did not work'));
    const text = cardText(cardOf(error));
    expect(text).toMatch(/Microsoft Graph had a problem on its side \(500\)/);
    expect(text).toMatch(/Reference: [0-9A-F]{8}/);
    expect(text).not.toMatch(/at \w+ \(|Bearer|stack/i);
    const [after] = await h.say(ALEX, 'cancel');
    expect(after.text).toBe('There was nothing to cancel.');
  });
});
