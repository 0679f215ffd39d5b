import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { cardText } from '../support/bot-harness';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { ALEX, MEGAN, PARTNER_TENANT, STRANGER, seed } from '../support/seed';

const PATTI = { aadObjectId: seed.partnerPeople[0].id, name: 'Patti Fernandez', tenantId: PARTNER_TENANT };
let e: E2e;

beforeAll(async () => {
  // Retries of a 403 would only slow the test down; the Graph SDK does not retry it anyway.
  e = await startE2e();
  for (const who of [ALEX, MEGAN]) await e.say(who, 'help');
});
afterAll(async () => {
  await e.close();
});

async function request(who: typeof PATTI, kind: 'request access' | 'invite', email: string): Promise<string> {
  await e.say(who, kind);
  await e.say(who, '', {
    verb: RequestVerbs.formReview,
    people: `${email}, Sam, Partner`,
    role: 'security-reader',
    duration: '10',
    justification: 'Covering the on-call rota in December',
  });
  await e.say(who, '', { verb: RequestVerbs.formSubmit });
  return (await e.app.db.requests.listByRequester(who.aadObjectId))[0].id;
}

const failNext = (rule: Record<string, unknown>) =>
  fetch(`${e.app.localTenantUrl}/_local/faults/next`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });

describe('a provisioning step that fails for good', () => {
  it('marks the request failed with an actionable sentence, tells the requester, and only an admin can retry', async () => {
    const id = await request(PATTI, 'request access', 'sam.failing@fabrikam-mssp.example');
    await failNext({
      status: 403,
      path: '/invitations',
      count: 1,
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
    await e.click(MEGAN, RequestVerbs.approve, { requestId: id, version: 1 });
    await e.app.background.drain();

    const failed = (await e.app.db.requests.get(id))!;
    expect(failed.status).toBe('failed');
    expect(failed.failure?.message).toMatch(/lacks User\.Invite\.All/);
    expect(failed.failure?.reference).toMatch(/\S+/);
    const lastUpdate = e.updates().at(-1)!;
    const shown = cardText(cardIn(lastUpdate.body));
    expect(shown).toMatch(/setting up access failed: .*User\.Invite\.All.*Reference: /);
    expect(JSON.stringify(cardIn(lastUpdate.body))).toContain(RequestVerbs.retry);
    expect(
      e
        .sentTo(PATTI)
        .map((a) => a.text)
        .join('\n'),
    ).toMatch(/setting up access stopped: .*User\.Invite\.All/);

    const notAdmin = await e.click(MEGAN, RequestVerbs.retry, { requestId: id, version: failed.version });
    expect(cardText(notAdmin.body!.value)).toContain('Only admins can retry provisioning');
    expect((await e.app.db.requests.get(id))?.status).toBe('failed');

    const retried = await e.click(ALEX, RequestVerbs.retry, { requestId: id, version: failed.version });
    expect(cardText(retried.body!.value)).toContain('Retrying now.');
    await e.app.background.drain();
    expect((await e.app.db.requests.get(id))?.status).toBe('completed');
    const actions = (await e.app.db.audit.list({ subject: id })).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['provisioning.failed', 'provisioning.retried', 'provisioning.completed']),
    );
  });
});

describe('a step that fails for good for one person of several', () => {
  it('fails that person only: the others get access, the card and the requester say who has it, Retry does the rest', async () => {
    const [first, second] = ['sam.refused@fabrikam-mssp.example', 'kim.granted@fabrikam-mssp.example'];
    await e.say(PATTI, 'request access');
    await e.say(PATTI, '', {
      verb: RequestVerbs.formReview,
      people: `${first}, Sam, Refused\n${second}, Kim, Granted`,
      role: 'security-reader',
      duration: '10',
      justification: 'Covering the on-call rota in December',
    });
    await e.say(PATTI, '', { verb: RequestVerbs.formSubmit });
    const id = (await e.app.db.requests.listByRequester(PATTI.aadObjectId)).find((r) => r.people.length === 2)!.id;
    await failNext({ status: 403, path: '/invitations', count: 1, code: 'Authorization_RequestDenied' });
    await e.click(MEGAN, RequestVerbs.approve, { requestId: id, version: 1 });
    await e.app.background.drain();

    const failed = (await e.app.db.requests.get(id))!;
    expect(failed).toMatchObject({ status: 'failed', failure: { people: [{ email: first }], granted: [second] } });
    const shown = cardText(cardIn(e.updates().at(-1)!.body));
    expect(shown).toContain(`setting up access failed for ${first}:`);
    expect(shown).toContain(`Access was granted to ${second}.`);
    const told = e
      .sentTo(PATTI)
      .map((a) => a.text)
      .join('\n');
    expect(told).toMatch(/Kim Granted.* has access now; setting it up for Sam Refused.* failed: .*User\.Invite\.All/);

    await e.click(ALEX, RequestVerbs.retry, { requestId: id, version: failed.version });
    await e.app.background.drain();
    expect((await e.app.db.requests.get(id))?.status).toBe('completed');
  });
});

describe('an admin invites directly', () => {
  it('is approved by that admin at once, audited as self-approved, and provisioned', async () => {
    const id = await request(ALEX, 'invite', 'sam.invited@fabrikam-mssp.example');
    await e.app.background.drain();
    const r = (await e.app.db.requests.get(id))!;
    expect(r).toMatchObject({
      kind: 'invite',
      decision: {
        outcome: 'approved',
        by: { name: 'Alex Wilber' },
        comment: expect.stringMatching(/self-approved/) as unknown,
      },
    });
    expect(r.status).toBe('completed');
    const approved = await e.app.db.audit.list({ subject: id, action: 'request.approved' });
    expect(approved[0]).toMatchObject({
      actorId: ALEX.aadObjectId,
      detail: { comment: expect.stringMatching(/self-approved/) as unknown },
    });
  });
});

describe('strangers', () => {
  it('get a 403 on a card click, audited, and nothing changes', async () => {
    const id = await request(PATTI, 'request access', 'sam.stranger@fabrikam-mssp.example');
    const res = await e.click(STRANGER, RequestVerbs.approve, { requestId: id, version: 1 });
    expect(res.status).toBe(403);
    expect((await e.app.db.requests.get(id))?.status).toBe('pending');
    expect((await e.app.db.audit.list({ subject: STRANGER.aadObjectId }))[0]).toMatchObject({
      action: 'access.refused',
      detail: { verb: RequestVerbs.approve },
    });
  });
});
