import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText, startBotHarness, type BotHarness } from '../support/bot-harness';
import { ALEX, HOME_TENANT, PARTNER_TENANT, PATTI } from '../support/seed';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h.close();
});

const answer = (questionId: string, value: string) => ({
  text: undefined,
  value: { verb: 'advise.answer', questionId, value },
});
const skip = (questionId: string) => ({ text: undefined, value: { verb: 'advise.skip', questionId } });

describe('advise', () => {
  it('asks five questions on cards and ends with a reasoned mix for Defender XDR + Sentinel', async () => {
    const start = await h.say(ALEX, 'advise');
    expect(start[0].text).toMatch(/A few questions/);
    expect(cardText(cardOf(start[1]))).toContain('Question 1 of 5');

    expect(cardText(cardOf((await h.say(ALEX, answer('plugins', 'defender-xdr,sentinel')))[0]))).toContain(
      'Question 2 of 5',
    );
    expect(cardText(cardOf((await h.say(ALEX, answer('time-bound', 'yes')))[0]))).toContain('Question 3 of 5');
    expect(cardText(cardOf((await h.say(ALEX, skip('scu-payer')))[0]))).toContain('Question 4 of 5');
    expect(cardText(cardOf((await h.say(ALEX, answer('existing-gdap', 'yes')))[0]))).toContain('Question 5 of 5');
    const [final] = await h.say(ALEX, answer('partner-size', 'few-stable'));
    const text = cardText(cardOf(final));
    expect(text).toContain('Recommended access method');
    expect(text).toMatch(/GDAP/);
    expect(text).toMatch(/B2B/);
    expect(text).toContain(`https://securitycopilot.microsoft.com/?tenantId=${HOME_TENANT}`);
    expect((await h.say(ALEX, 'cancel'))[0].text).toBe('There was nothing to cancel.');
  });

  it('refuses an unknown plugin with a clear message and asks the same question again', async () => {
    await h.say(ALEX, 'advise');
    const replies = await h.say(ALEX, answer('plugins', 'sentinel,made-up-plugin'));
    expect(replies[0].text).toMatch(/'made-up-plugin' is not a plugin in the plugin matrix/);
    expect(cardText(cardOf(replies[1]))).toContain('Question 1 of 5');
    await h.say(ALEX, 'cancel');
  });

  it('takes typed "skip", nudges other typed text back to the card, and can be cancelled', async () => {
    await h.say(ALEX, 'advise');
    expect(cardText(cardOf((await h.say(ALEX, 'skip'))[0]))).toContain('Question 2 of 5');
    // Not a command (a command such as "gdap" would run and leave the session open): the session nudges.
    const nudge = await h.say(ALEX, 'not sure, you pick');
    expect(nudge[0].text).toMatch(/Answer with the buttons/);
    expect(cardText(cardOf(nudge[1]))).toContain('Question 2 of 5');
    expect((await h.say(ALEX, 'cancel'))[0].text).toBe('Cancelled. Nothing was submitted.');
  });

  it('tells a click on a card from a finished session that it has ended', async () => {
    const [reply] = await h.say(ALEX, answer('time-bound', 'yes'));
    expect(reply.text).toMatch(/belongs to a conversation that has ended/);
  });

  it('lets a help-card button interrupt a running advice session, which goes on afterwards', async () => {
    await h.say(ALEX, 'advise');
    const replies = await h.say(ALEX, { text: undefined, value: { verb: 'command.run', command: 'compare' } });
    expect(cardText(cardOf(replies[0]))).toMatch(/Lighthouse/);
    expect(replies).toHaveLength(1);
    expect(cardText(cardOf((await h.say(ALEX, answer('plugins', 'sentinel')))[0]))).toContain('Question 2 of 5');
    expect((await h.say(ALEX, 'cancel'))[0].text).toBe('Cancelled. Nothing was submitted.');
  });
});

describe('compare and plugins', () => {
  it('shows the comparison table', async () => {
    const text = cardText(cardOf((await h.say(ALEX, 'compare'))[0]));
    for (const method of ['GDAP', 'B2B', 'Lighthouse']) expect(text).toContain(method);
  });

  it('shows the plugin matrix with its as-of date', async () => {
    const text = cardText(cardOf((await h.say(ALEX, 'plugins'))[0]));
    expect(text).toMatch(/As of \d{4}-\d{2}-\d{2}/);
    expect(text).toContain('Sentinel');
  });
});

describe('link', () => {
  const linkOf = async (text: string) => (await h.say(PATTI, text)).filter((a) => a.type === 'message');

  it('gives this tenant\u2019s link', async () => {
    const [reply] = await linkOf('link');
    expect(cardText(cardOf(reply))).toContain(`https://securitycopilot.microsoft.com/?tenantId=${HOME_TENANT}`);
  });

  it('resolves a domain through Graph', async () => {
    const [reply] = await linkOf('link fabrikam-mssp.example');
    const text = cardText(cardOf(reply));
    expect(text).toContain(`?tenantId=${PARTNER_TENANT}`);
    expect(text).toContain('fabrikam-mssp.example');
  });

  it('resolves a tenant GUID through Graph, whatever its case', async () => {
    const [reply] = await linkOf(`link ${PARTNER_TENANT.toUpperCase()}`);
    const text = cardText(cardOf(reply));
    expect(text).toContain(`?tenantId=${PARTNER_TENANT}`);
    expect(text).toContain('Fabrikam MSSP (simulated)');
  });

  it.each([
    ['link nosuchcompany.example', /No Microsoft Entra tenant uses the domain nosuchcompany\.example/],
    [
      'link 72f988bf-86f1-41af-91ab-2d7cd011db47',
      /No Microsoft Entra tenant has the id 72f988bf-86f1-41af-91ab-2d7cd011db47/,
    ],
    ['link 72f988bf-86f1-41af-91ab-2d7cd011db4', /looks like a tenant id but is not a valid GUID/],
    ['link not a domain!', /neither a domain name .* nor a tenant id/],
  ])('answers %j clearly', async (text, expected) => {
    const [reply] = await linkOf(text);
    expect(reply.text).toMatch(expected);
    expect(cardOf(reply)).toBeUndefined();
  });
});
