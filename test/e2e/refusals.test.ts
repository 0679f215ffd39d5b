import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LifecycleVerbs } from '../../src/cards/lifecycle/render-lifecycle';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { SupportVerbs } from '../../src/cards/support/render-support';
import { startE2e, type E2e } from '../support/e2e';
import { ADELE, ALEX, MEGAN, PARTNER_TENANT, seed } from '../support/seed';

/** Refusals reveal nothing: whoever is refused learns no email, name or justification of someone else's request. */
const PATTI = { aadObjectId: seed.partnerPeople[0].id, name: 'Patti Fernandez', tenantId: PARTNER_TENANT };
const PERSON = 'quiet.person@fabrikam-mssp.example';
const JUSTIFICATION = 'Confidential merger due diligence for the customer';
const PROBLEM = 'Our confidential investigation prompts fail';
let e: E2e;

beforeAll(async () => {
  e = await startE2e();
  e.connector.members.set(`29:${PATTI.aadObjectId}`, {
    id: `29:${PATTI.aadObjectId}`,
    name: PATTI.name,
    aadObjectId: PATTI.aadObjectId,
    email: 'pattif@fabrikam-mssp.example',
    userPrincipalName: 'pattif@fabrikam-mssp.example',
  });
  for (const who of [ALEX, MEGAN, ADELE, PATTI]) await e.say(who, 'help');
});
afterAll(async () => {
  await e.close();
});

async function newRequest(): Promise<string> {
  await e.say(PATTI, 'request access');
  await e.say(PATTI, '', {
    verb: RequestVerbs.formReview,
    people: `${PERSON}, Quiet, Person`,
    role: 'security-reader',
    duration: '14',
    justification: JUSTIFICATION,
  });
  await e.say(PATTI, '', { verb: RequestVerbs.formSubmit });
  return (await e.app.db.requests.listByRequester(PATTI.aadObjectId))[0].id;
}

/** The answer refuses in words and carries nothing about the request, the person or the case. */
function expectBareRefusal(res: { status: number; body?: Record<string, unknown> }, words: RegExp) {
  expect(res.status).toBe(200);
  const body = JSON.stringify(res.body);
  expect(body).toMatch(words);
  for (const secret of ['@', 'Quiet', 'Patti', JUSTIFICATION, PROBLEM]) expect(body).not.toContain(secret);
}

describe('refusals reveal nothing', () => {
  let requestId: string;

  it('refuses a decision, a retry and a refresh by someone who is not entitled, in words only', async () => {
    requestId = await newRequest();
    expectBareRefusal(
      await e.click(ADELE, RequestVerbs.approve, { requestId, version: 1 }),
      /Only approvers can decide/,
    );
    expectBareRefusal(await e.click(ADELE, RequestVerbs.retry, { requestId }), /Only admins can retry/);
    expectBareRefusal(await e.click(ADELE, RequestVerbs.refresh, { requestId }), /cannot show it to you/);
    expect((await e.app.db.requests.get(requestId))?.status).toBe('pending');
  });

  it('still shows the card to the requester and an approver', async () => {
    for (const who of [PATTI, MEGAN]) {
      const res = await e.click(who, RequestVerbs.refresh, { requestId });
      expect(JSON.stringify(res.body)).toContain(PERSON);
    }
  });

  it('refuses a click on a decided request by someone not entitled, in words only', async () => {
    await e.click(MEGAN, RequestVerbs.approve, { requestId, version: 1 });
    await e.app.background.drain();
    expectBareRefusal(
      await e.click(ADELE, RequestVerbs.reject, { requestId, version: 1 }),
      /Only approvers can decide|cannot show it/,
    );
  });

  it('refuses revoke and extend of someone else\u2019s access in words only', async () => {
    const [grant] = await e.app.db.grants.listByEmail(PERSON);
    expectBareRefusal(
      await e.click(MEGAN, LifecycleVerbs.revoke, { grantId: grant.id, reason: 'Trying' }),
      /Only admins can revoke/,
    );
    expectBareRefusal(
      await e.click(ADELE, LifecycleVerbs.extend, { grantId: grant.id, days: '7', justification: 'Trying' }),
      /Only the person who has this access/,
    );
    expect((await e.app.db.grants.get(grant.id))?.status).toBe('active');
  });

  it('gives grants ids that another grant\u2019s id does not give away', async () => {
    const [grant] = await e.app.db.grants.listByEmail(PERSON);
    expect(grant.id).not.toContain(requestId);
    expect(grant.id).not.toContain(PERSON);
    expect(grant.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses "handled" on a support case by a non-admin in words only', async () => {
    await e.say(PATTI, 'support');
    await e.say(PATTI, '', {
      verb: SupportVerbs.submit,
      description: `${PROBLEM} since this morning.`,
      severity: 'blocking',
    });
    const toAlex = e.sentTo(ALEX).find((a) => JSON.stringify(a).includes(PROBLEM))!;
    const caseId = /"caseId":"([^"]+)"/.exec(JSON.stringify(toAlex))![1];
    expectBareRefusal(await e.click(MEGAN, SupportVerbs.handled, { caseId }), /Only admins can mark/);
  });
});
