import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { cardOf, cardText, startBotHarness, type BotHarness } from '../support/bot-harness';
import { ADELE } from '../support/seed';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h.close();
});

const chat = `a:personal-${ADELE.aadObjectId}`;
const press = (verb: string, inputs: Record<string, unknown> = {}) =>
  h.say(ADELE, { text: undefined, value: { ...h.clicks.buttonData(chat, verb)!, ...inputs } });
const GOOD = {
  people: 'jane.doe@fabrikam-mssp.example, Jane, Doe',
  role: 'security-reader',
  duration: '30',
  justification: 'Monthly threat hunting under contract SOC-7',
};
const FORM_NUDGE = /Fill in the form above/;

describe('an open form does not swallow commands', () => {
  it('runs a command typed while a form is open; free text still reaches the form, which works afterwards', async () => {
    await h.say(ADELE, 'request access');
    await press(RequestVerbs.formReview, GOOD);
    const [help] = await h.say(ADELE, 'help');
    expect(help.text ?? '').not.toMatch(FORM_NUDGE);
    expect(cardText(cardOf(help))).toContain('request access');
    const [mine] = await h.say(ADELE, 'my requests');
    expect(cardText(cardOf(mine))).toMatch(/You have not asked for access yet/);
    const [typed] = await h.say(ADELE, 'jane.doe@fabrikam-mssp.example please');
    expect(typed.text).toMatch(FORM_NUDGE);

    const sent = await press(RequestVerbs.formSubmit);
    expect(cardText(cardOf(sent[0]))).toContain('jane.doe@fabrikam-mssp.example');
    const [stored] = await h.db.requests.listByRequester(ADELE.aadObjectId);
    expect(stored.justification).toBe(GOOD.justification);
  });

  it('says plainly that a form was set aside when a command opens another one', async () => {
    const before = (await h.db.requests.listByRequester(ADELE.aadObjectId)).length;
    await h.say(ADELE, 'request access');
    await press(RequestVerbs.formReview, GOOD);
    const send = h.clicks.buttonData(chat, RequestVerbs.formSubmit)!;
    const replies = await h.say(ADELE, 'support');
    expect(cardText(cardOf(replies[0]))).toMatch(/Describe|problem/i);
    expect(replies.at(-1)?.text).toMatch(/earlier unfinished form is set aside/);
    const [old] = await h.say(ADELE, { text: undefined, value: send });
    expect(old.text).toMatch(/conversation that has ended/);
    expect(await h.db.requests.listByRequester(ADELE.aadObjectId)).toHaveLength(before);
    await h.say(ADELE, 'cancel');
  });

  it('keeps the form when the command it interrupts for opens nothing, and cancel still cancels it', async () => {
    await h.say(ADELE, 'request access');
    // An admin-only command refused to this member: nothing opens, the form stays.
    const [refused] = await h.say(ADELE, 'invite');
    expect(refused.text).toMatch(/Only admins can invite/);
    const [review] = await press(RequestVerbs.formReview, GOOD);
    expect(cardText(cardOf(review))).toContain('jane.doe@fabrikam-mssp.example');
    const send = h.clicks.buttonData(chat, RequestVerbs.formSubmit)!;
    expect((await h.say(ADELE, 'cancel'))[0].text).toBe('Cancelled. Nothing was submitted.');
    expect((await h.say(ADELE, { text: undefined, value: send }))[0].text).toMatch(/conversation that has ended/);
  });
});
