import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { cardOf, cardText, startBotHarness, type BotHarness } from '../support/bot-harness';
import { PATTI } from '../support/seed';
import { seedWith } from '../provisioning/saga-harness';

const JANE = 'jane.doe@fabrikam-mssp.example';
const LEE = 'lee.park@fabrikam-mssp.example';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({
    seed: seedWith((s) => {
      s.users.push({
        id: '00d3a4b1-93f4-4c7b-8a65-3c1f7f0c1a11',
        displayName: 'Isaac Insider',
        mail: 'isaac@contoso.example',
        userPrincipalName: 'isaac@contoso.onmicrosoft.com',
        userType: 'Member',
        accountEnabled: true,
        otherMails: [JANE],
      });
      s.users.push({
        id: '9a4f3c2e-1d6b-4e8a-b0c7-2f5e8d9a1b33',
        displayName: 'Lee Park',
        mail: LEE,
        userPrincipalName: 'lee.park_fabrikam-mssp.example#EXT#@contoso.onmicrosoft.com',
        userType: 'Guest',
        accountEnabled: true,
        otherMails: [],
      });
    }),
  });
});
afterAll(async () => {
  await h.close();
});

const review = (people: string) =>
  h.say(PATTI, {
    text: undefined,
    value: {
      verb: RequestVerbs.formReview,
      people,
      role: 'security-reader',
      duration: '30',
      justification: 'Monthly threat hunting under contract SOC-7',
    },
  });

describe('Only partner guests get roles: the requester hears it at Review', () => {
  it("names a person whose address sits on a home member's account, before anything reaches approvers", async () => {
    await h.say(PATTI, 'request access');
    const [reply] = await review(`${JANE}, Jane, Doe`);
    const text = cardText(cardOf(reply));
    expect(text).toContain('Please fix these and press Review again');
    expect(text).toMatch(/Person 1: jane\.doe@fabrikam-mssp\.example is listed on an account of a member of this/);
    expect(text).toContain("use the person's own work address");
    await h.say(PATTI, 'cancel');
    expect(await h.db.requests.listByRequester(PATTI.aadObjectId)).toEqual([]);
  });

  it("lets a partner person's own guest account through to the review card", async () => {
    await h.say(PATTI, 'request access');
    const [reply] = await review(`${LEE}, Lee, Park`);
    const text = cardText(cardOf(reply));
    expect(text).not.toContain('Please fix these');
    expect(text).toContain(LEE);
    await h.say(PATTI, 'cancel');
  });
});
