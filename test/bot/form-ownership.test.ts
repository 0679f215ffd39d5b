import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GDAP_REVIEW_ROLES_VERB } from '../../src/cards/gdap/render-gdap-review';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { SupportVerbs } from '../../src/cards/support/render-support';
import { findRole } from '../../src/services/advisor/knowledge';
import { approvalLink } from '../../src/services/gdap/gdap-client';
import { cardOf, cardText, startBotHarness, type BotHarness } from '../support/bot-harness';
import type { Person } from '../support/activities';
import { ADELE, ALEX, HOME_TENANT, MEGAN } from '../support/seed';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h.close();
});

/** One team channel where several people talk to the bot at once. */
let channel = '';
let channels = 0;
const inChannel = (who: Person, input: string | Partial<Activity>) =>
  h.say(who, {
    conversation: { id: channel, conversationType: 'channel', tenantId: HOME_TENANT, isGroup: true, name: 'SOC' },
    ...(typeof input === 'string' ? { text: input } : { text: undefined, ...input }),
  });
/** A press of a button whose data was copied off a card, plus what the presser typed into the card's inputs. */
const press = (who: Person, data: Record<string, unknown>, inputs: Record<string, unknown> = {}) =>
  inChannel(who, { value: { ...data, ...inputs } });
const button = (verb: string) => h.clicks.buttonData(channel, verb)!;

const draft = (email: string, justification: string) => ({
  people: `${email}, Jane, Doe`,
  role: 'security-reader',
  duration: '30',
  justification,
});
const ADELES = draft('jane.doe@fabrikam-mssp.example', 'Adele: monthly threat hunting under contract SOC-7');
const MEGANS = draft('john.roe@fabrikam-mssp.example', 'Megan: incident response retainer IR-3 for Q2');

const OTHERS_FORM = /That form belongs to the person who opened it/;
const stored = async () => [
  ...(await h.db.requests.listByRequester(ADELE.aadObjectId)),
  ...(await h.db.requests.listByRequester(MEGAN.aadObjectId)),
  ...(await h.db.requests.listByRequester(ALEX.aadObjectId)),
];

describe('a form belongs to the person who opened it (channel)', () => {
  it('keeps two open forms apart: neither person can submit, change or see the other draft', async () => {
    channel = `19:soc-${++channels}@thread.tacv2`;
    await inChannel(ADELE, 'request access');
    const adeleForm = button(RequestVerbs.formReview);
    await press(ADELE, adeleForm, ADELES);
    const adeleSend = button(RequestVerbs.formSubmit);
    const adeleEdit = button(RequestVerbs.formEdit);

    // Megan opens her own form in the same channel: Adele's draft stays where it is.
    await inChannel(MEGAN, 'request access');
    await press(MEGAN, button(RequestVerbs.formReview), MEGANS);
    const meganSend = button(RequestVerbs.formSubmit);

    // Megan presses the buttons on Adele's cards: each is refused and changes nothing.
    const [send] = await press(MEGAN, adeleSend);
    expect(send.text).toMatch(OTHERS_FORM);
    const edit = await press(MEGAN, adeleEdit);
    expect(edit).toHaveLength(1);
    expect(edit[0].text).toMatch(OTHERS_FORM);
    expect(JSON.stringify(edit)).not.toContain('jane.doe@');
    const [review] = await press(MEGAN, adeleForm, draft('eve@fabrikam-mssp.example', 'Megan overwrites it'));
    expect(review.text).toMatch(OTHERS_FORM);
    expect(await stored()).toEqual([]);

    // Each still sends exactly the draft they reviewed, in their own name.
    expect(cardText(cardOf((await press(ADELE, adeleSend))[0]))).toContain('jane.doe@fabrikam-mssp.example');
    await press(MEGAN, meganSend);
    const [adeles] = await h.db.requests.listByRequester(ADELE.aadObjectId);
    const [megans] = await h.db.requests.listByRequester(MEGAN.aadObjectId);
    expect(adeles.people.map((p) => p.email)).toEqual(['jane.doe@fabrikam-mssp.example']);
    expect(adeles.justification).toBe(ADELES.justification);
    expect(megans.people.map((p) => p.email)).toEqual(['john.roe@fabrikam-mssp.example']);
    expect(megans.justification).toBe(MEGANS.justification);
  });

  it("does not let an admin's Invite now submit someone else's draft", async () => {
    channel = `19:soc-${++channels}@thread.tacv2`;
    await inChannel(ALEX, 'invite');
    const alexForm = button(RequestVerbs.formReview);
    // Adele fills in the admin's invite form: refused, so the admin has no draft to send.
    expect((await press(ADELE, alexForm, ADELES))[0].text).toMatch(OTHERS_FORM);
    const [early] = await press(ALEX, { ...alexForm, verb: RequestVerbs.formSubmit });
    expect(early.text).toMatch(/Press Review first/);

    // Adele's own request draft, reviewed in the same channel, is not the admin's to send.
    await inChannel(ADELE, 'request access');
    await press(ADELE, button(RequestVerbs.formReview), ADELES);
    const adeleSend = button(RequestVerbs.formSubmit);
    expect((await press(ALEX, adeleSend))[0].text).toMatch(OTHERS_FORM);
    // Nor can the admin take Adele's digest to his own (empty) invite.
    expect((await press(ALEX, { ...adeleSend, formId: alexForm.formId }))[0].text).toMatch(/Press Review first/);
    expect(await h.db.requests.listByRequester(ALEX.aadObjectId)).toEqual([]);
    await inChannel(ALEX, 'cancel');
    await inChannel(ADELE, 'cancel');
  });
});

describe('every other form refuses a click by someone else (channel)', () => {
  it('support, advise and gdap review: the owner carries on, the other person changes nothing', async () => {
    channel = `19:soc-${++channels}@thread.tacv2`;
    const rel = '5e5594d3-6f82-458b-b567-77db4811f0cd-0b6e3e56-1a2c-4cbe-9d4c-2f1e5a6b7c8d';
    await inChannel(ADELE, 'support');
    const description = { description: 'Copilot answers "no data" for Defender incidents', severity: 'blocking' };
    expect((await press(MEGAN, button(SupportVerbs.submit), description))[0].text).toMatch(OTHERS_FORM);
    await inChannel(ALEX, 'advise');
    const answer = { ...button('advise.answer'), value: 'sentinel' };
    expect((await press(MEGAN, answer))[0].text).toMatch(OTHERS_FORM);
    await inChannel(ALEX, `gdap review ${approvalLink(rel)}`);
    const ticked = { roles: findRole('security-reader').roleDefinitionId, autoExtend: 'false' };
    expect((await press(MEGAN, button(GDAP_REVIEW_ROLES_VERB), ticked))[0].text).toMatch(OTHERS_FORM);
    expect(await h.db.audit.list({ subject: rel, action: 'gdap.reviewed' })).toEqual([]);

    // Their owners' forms were left as they were. (Alex's gdap review set his advice session aside.)
    expect(cardText(cardOf((await press(ALEX, button(GDAP_REVIEW_ROLES_VERB), ticked))[0]))).toContain(
      'GDAP relationship review',
    );
    expect((await press(ALEX, answer))[0].text).toMatch(/conversation that has ended/);
    expect((await inChannel(ADELE, 'cancel'))[0].text).toBe('Cancelled. Nothing was submitted.');
  });
});

describe('the send button names the draft that was reviewed', () => {
  it('refuses a tampered digest, and a send button from an earlier review, storing nothing', async () => {
    channel = `19:soc-${++channels}@thread.tacv2`;
    const before = (await h.db.requests.listByRequester(MEGAN.aadObjectId)).length;
    await inChannel(MEGAN, 'request access');
    await press(MEGAN, button(RequestVerbs.formReview), MEGANS);
    const firstSend = button(RequestVerbs.formSubmit);
    const [tampered] = await press(MEGAN, { ...firstSend, digest: 'f'.repeat(64) });
    expect(tampered.text).toMatch(/draft changed after it was shown, so nothing was sent/);

    // Edit and review again: the first review card's send button no longer matches the stored draft.
    await press(MEGAN, button(RequestVerbs.formEdit));
    await press(MEGAN, button(RequestVerbs.formReview), { ...MEGANS, duration: '14' });
    const [stale] = await press(MEGAN, firstSend);
    expect(stale.text).toMatch(/draft changed after it was shown, so nothing was sent/);
    expect(await h.db.requests.listByRequester(MEGAN.aadObjectId)).toHaveLength(before);

    await press(MEGAN, button(RequestVerbs.formSubmit));
    const mine = await h.db.requests.listByRequester(MEGAN.aadObjectId);
    expect(mine).toHaveLength(before + 1);
    expect(mine.map((r) => r.durationDays)).toContain(14);
  });
});
