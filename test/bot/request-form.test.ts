import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { cardOf, cardText, startBotHarness, type BotHarness } from '../support/bot-harness';
import { ADELE, ALEX, PATTI, STRANGER } from '../support/seed';
import { shownText } from '../support/shown-text';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h.close();
});

const GOOD = {
  people: 'jane.doe@fabrikam-mssp.example, Jane, Doe',
  role: 'security-reader',
  duration: '30',
  justification: 'Monthly threat hunting under contract SOC-7',
};
const review = (values: Record<string, unknown>) =>
  h.say(PATTI, { text: undefined, value: { verb: RequestVerbs.formReview, ...GOOD, ...values } });

async function problemsFor(values: Record<string, unknown>): Promise<string> {
  await h.say(PATTI, 'cancel');
  await h.say(PATTI, 'request access');
  const [reply] = await review(values);
  // What a person reads (Markdown rendered), plus the values the form keeps in its inputs.
  const text = `${shownText(cardOf(reply))}\n${cardText(cardOf(reply))}`;
  expect(text).toContain('Please fix these and press Review again');
  return text;
}

describe('request access: the form', () => {
  it('opens one form card with every field, Security Reader preselected', async () => {
    const [reply] = await h.say(PATTI, 'request access');
    const card = cardOf(reply) as { body: Array<{ id?: string; value?: unknown }> };
    expect(card.body.filter((b) => b.id).map((b) => b.id)).toEqual([
      'people',
      'role',
      'duration',
      'justification',
      'message',
      'ccEmail',
    ]);
    expect(card.body.find((b) => b.id === 'role')?.value).toBe('security-reader');
    await h.say(PATTI, 'cancel');
  });

  it('reviews a good request, lets the requester edit it with the values kept, and cancel it', async () => {
    await h.say(PATTI, 'request access');
    const [reviewCard] = await review({});
    expect(cardText(cardOf(reviewCard))).toContain('Jane Doe (Partner): jane.doe@fabrikam-mssp.example');
    const [form] = await h.say(PATTI, { text: undefined, value: { verb: RequestVerbs.formEdit } });
    expect(JSON.stringify(cardOf(form))).toContain('jane.doe@fabrikam-mssp.example, Jane, Doe');
    const [cancelled] = await h.say(PATTI, { text: undefined, value: { verb: RequestVerbs.formCancel } });
    expect(cancelled.text).toBe('Cancelled. Nothing was sent to the approvers.');
    expect(await h.db.requests.listByRequester(PATTI.aadObjectId)).toEqual([]);
  });

  it.each([
    [
      'a malformed email',
      { people: 'jane.doe-at-fabrikam, Jane, Doe' },
      /"jane.doe-at-fabrikam" is not an email address/,
    ],
    [
      'a character Graph refuses',
      { people: 'jane#doe@fabrikam-mssp.example, Jane, Doe' },
      /character Microsoft does not allow: '#'/,
    ],
    [
      'a duplicate email',
      { people: 'a@fabrikam-mssp.example, A, B\nA@Fabrikam-MSSP.example, A, C' },
      /already listed as person 1/,
    ],
    [
      'a domain that is not allow-listed',
      { people: 'eve@gmail.com, Eve, Doe' },
      /gmail\.com is not an approved partner domain/,
    ],
    [
      "the home tenant's own domain",
      { people: 'adelev@contoso.example, Adele, Vance' },
      /belongs to this organisation's own domain/,
    ],
    ['an empty name', { people: 'jane@fabrikam-mssp.example, , Doe' }, /the first name is required/],
    [
      'a 2,000-character name',
      { people: `jane@fabrikam-mssp.example, ${'J'.repeat(2000)}, Doe` },
      /the first name is 2000 characters; Microsoft Entra allows 64/,
    ],
    [
      'a role outside the allow-list',
      { role: 'global-administrator' },
      /"global-administrator" is not a role you can request here/,
    ],
    ['a duration beyond policy', { duration: '365' }, /Access can last from 1 to 90 days; 365 is outside that/],
    ['a duration that is not a number', { duration: 'forever' }, /a whole number from 1 to 90/],
    ['"until revoked" when policy forbids it', { duration: 'until revoked' }, /"Until revoked" is not allowed/],
    ['no justification', { justification: '   ' }, /Say why the partner needs this access/],
    [
      'Security Operator with a thin justification',
      { role: 'security-operator', justification: 'need it' },
      /explain in a sentence or two why Security Reader is not enough/,
    ],
    [
      'more than 20 people',
      { people: Array.from({ length: 21 }, (_, i) => `p${i}@fabrikam-mssp.example, P, ${i}`).join('\n') },
      /At most 20 people fit in one request; you listed 21/,
    ],
    ['no people', { people: '' }, /Add at least one partner person/],
    ['a bad copy recipient', { ccEmail: 'boss(at)fabrikam' }, /Copy recipient: .*character Microsoft does not allow/],
  ])('refuses %s with a clear message, keeping the values and storing nothing', async (_label, values, expected) => {
    const text = await problemsFor(values);
    expect(text).toMatch(expected);
    expect(await h.db.requests.listByRequester(PATTI.aadObjectId)).toEqual([]);
    expect(await h.db.audit.list({ action: 'request.created' })).toEqual([]);
  });

  it('lists several problems at once', async () => {
    const text = await problemsFor({ people: 'bad, , ', duration: '0', justification: '' });
    expect(text).toMatch(/is not an email address/);
    expect(text).toMatch(/first name is required/);
    expect(text).toMatch(/1 to 90 days; 0 is outside that/);
    expect(text).toMatch(/Say why/);
  });

  it('renders names with Adaptive Card template syntax literally', async () => {
    await h.say(PATTI, 'cancel');
    await h.say(PATTI, 'request access');
    const [reply] = await review({ people: 'jane@fabrikam-mssp.example, ${$root.secret}, ${people}' });
    expect(shownText(cardOf(reply))).toContain('${$root.secret} ${people} (Partner): jane@fabrikam-mssp.example');
    await h.say(PATTI, 'cancel');
  });

  it('does not submit before a review, and nudges typed text back to the form', async () => {
    await h.say(PATTI, 'request access');
    // The form has no send button yet: a forged one, carrying this form's id, still sends nothing.
    const { formId } = h.clicks.buttonData(`a:personal-${PATTI.aadObjectId}`, RequestVerbs.formReview)!;
    const [early] = await h.say(PATTI, { text: undefined, value: { verb: RequestVerbs.formSubmit, formId } });
    expect(early.text).toMatch(/Press Review first/);
    const [typed] = await h.say(PATTI, 'jane@fabrikam-mssp.example');
    expect(typed.text).toMatch(/Fill in the form above and press Review/);
    await h.say(PATTI, 'cancel');
    expect(await h.db.requests.listByRequester(PATTI.aadObjectId)).toEqual([]);
  });
});

describe('who may ask', () => {
  it('refuses a stranger at the door, and audits the attempt', async () => {
    const [reply] = await h.say(STRANGER, 'request access');
    expect(reply.text).toMatch(/not on that list/);
    const [refusal] = await h.db.audit.list({ subject: STRANGER.aadObjectId });
    expect(refusal).toMatchObject({
      action: 'access.refused',
      actorName: 'Eve Outsider',
      detail: { tenantId: STRANGER.tenantId, text: 'request access' },
    });
  });

  it('refuses invite from someone who is not an admin, and audits it', async () => {
    const [reply] = await h.say(ADELE, 'invite');
    expect(reply.text).toMatch(/Only admins can invite partner people directly/);
    await h.say(PATTI, 'invite');
    const refused = await h.db.audit.list({ action: 'access.refused' });
    expect(refused.map((r) => r.actorId)).toContain(PATTI.aadObjectId);
  });

  it('opens the invite form for an admin, saying their approval counts', async () => {
    const [reply] = await h.say(ALEX, 'invite');
    expect(cardText(cardOf(reply))).toMatch(/As an admin your own approval counts/);
    await h.say(ALEX, 'cancel');
  });
});
