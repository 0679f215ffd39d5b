import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { cardText } from '../support/bot-harness';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { shownMarkdown } from '../support/shown-text';
import { ADELE, ALEX, MEGAN, PARTNER_TENANT, seed } from '../support/seed';

const PATTI = { aadObjectId: seed.partnerPeople[0].id, name: 'Patti Fernandez', tenantId: PARTNER_TENANT };
let e: E2e;
let n = 0;

beforeAll(async () => {
  e = await startE2e();
  for (const who of [ALEX, MEGAN, ADELE]) await e.say(who, 'help');
});
afterAll(async () => {
  await e.close();
});

/** A fresh pending request from `who` for one new partner person; returns its id. */
async function newRequest(who: typeof PATTI = PATTI): Promise<string> {
  const email = `person${++n}@fabrikam-mssp.example`;
  await e.say(who, 'cancel');
  await e.say(who, 'request access');
  await e.say(who, '', {
    verb: RequestVerbs.formReview,
    people: `${email}, Person, ${n}`,
    role: 'security-reader',
    duration: '14',
    justification: 'Incident response support for the December change freeze',
  });
  await e.say(who, '', { verb: RequestVerbs.formSubmit });
  const mine = await e.app.db.requests.listByRequester(who.aadObjectId);
  return mine[0].id;
}

const bodyText = (res: { body?: Record<string, unknown> }) => cardText(res.body?.value);
const guestCount = async (email: string) =>
  ((await e.graph.api('/users').filter(`mail eq '${email}'`).get()) as { value: unknown[] }).value.length;

describe('who may decide', () => {
  it('refuses a non-approver, saying why (and nothing about the request), and changes nothing', async () => {
    const id = await newRequest();
    const res = await e.click(ADELE, RequestVerbs.approve, { requestId: id, version: 1 });
    expect(res.status).toBe(200);
    expect(res.body?.value).toContain('Only approvers can decide on access requests');
    expect((await e.app.db.requests.get(id))?.status).toBe('pending');
    expect((await e.app.db.audit.list({ subject: id, action: 'decision.refused' }))[0]).toMatchObject({
      actorId: ADELE.aadObjectId,
    });
  });

  it('never lets the requester approve their own request, even an approver', async () => {
    const id = await newRequest(ALEX);
    const res = await e.click(ALEX, RequestVerbs.approve, { requestId: id, version: 1 });
    expect(bodyText(res)).toContain('You asked for this access, so another approver has to decide on it');
    expect((await e.app.db.requests.get(id))?.status).toBe('pending');
  });

  it.each([
    ['a missing request id', {}],
    ['an unknown request id', { requestId: 'f00dfeed-0000-4000-8000-000000000000', version: 1 }],
    ['a tampered request id', { requestId: "x'; DROP TABLE access_requests; --", version: 1 }],
  ])('answers %s with an error and changes nothing', async (_label, data) => {
    const res = await e.click(MEGAN, RequestVerbs.approve, data);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
  });

  it('refuses a tampered or stale version', async () => {
    const id = await newRequest();
    const res = await e.click(MEGAN, RequestVerbs.approve, { requestId: id, version: 7 });
    expect(bodyText(res)).toContain('This card is out of date');
    expect((await e.app.db.requests.get(id))?.status).toBe('pending');
  });
});

describe('user-specific views (refresh)', () => {
  it('gives the requester Withdraw, an approver Approve and Reject, anyone else neither', async () => {
    const id = await newRequest();
    const verbsOf = async (who: typeof ALEX) => {
      const res = await e.click(who, RequestVerbs.refresh, { requestId: id });
      return ((res.body!.value as { actions?: Array<{ verb?: string }> }).actions ?? [])
        .map((a) => a.verb)
        .filter(Boolean);
    };
    expect(await verbsOf(PATTI)).toEqual([RequestVerbs.withdraw]);
    expect(await verbsOf(MEGAN)).toEqual([RequestVerbs.approve, RequestVerbs.reject]);
    expect(await verbsOf(ADELE)).toEqual([]);
    expect((await e.click(MEGAN, RequestVerbs.refresh, { requestId: 'nope' })).status).toBe(400);
  });
});

describe('rejecting and withdrawing', () => {
  it('requires a reason to reject, then tells the requester the reason', async () => {
    const id = await newRequest();
    const noReason = await e.click(MEGAN, RequestVerbs.reject, { requestId: id, version: 1, comment: '  ' });
    expect(bodyText(noReason)).toContain('Say why you reject it');
    expect((await e.app.db.requests.get(id))?.status).toBe('pending');
    const res = await e.click(MEGAN, RequestVerbs.reject, {
      requestId: id,
      version: 1,
      comment: 'No contract for this yet',
    });
    expect(bodyText(res)).toMatch(/Rejected by Megan Bowen on .*"No contract for this yet"/);
    await e.app.background.drain();
    expect(
      e
        .sentTo(PATTI)
        .map((a) => a.text)
        .join('\n'),
    ).toMatch(/Megan Bowen rejected your request: .*Reason: "No contract for this yet"/);
    const late = await e.click(ALEX, RequestVerbs.approve, { requestId: id, version: 1 });
    expect(bodyText(late)).toMatch(/Rejected by Megan Bowen/);
  });

  it("shows a reason as typed in the requester's chat, and refuses one that is too long", async () => {
    const id = await newRequest();
    const tooLong = await e.click(MEGAN, RequestVerbs.reject, { requestId: id, version: 1, comment: 'x'.repeat(1001) });
    expect(bodyText(tooLong)).toContain('Your comment is 1001 characters; keep it to 1000.');
    expect((await e.app.db.requests.get(id))?.status).toBe('pending');
    const phishing = '[Open the verification portal](https://evil.example) **now**';
    await e.click(MEGAN, RequestVerbs.reject, { requestId: id, version: 1, comment: phishing });
    await e.app.background.drain();
    const told =
      e
        .sentTo(PATTI)
        .map((a) => (typeof a.text === 'string' ? a.text : ''))
        .filter((t) => t.includes('rejected your request'))
        .pop() ?? '';
    const shown = shownMarkdown(told);
    expect(shown.shown).toContain(`Reason: "${phishing}"`);
    expect(shown.html).not.toMatch(/<a |<strong>/);
  });

  it('lets the requester withdraw, and nobody else', async () => {
    const id = await newRequest();
    const other = await e.click(MEGAN, RequestVerbs.withdraw, { requestId: id, version: 1 });
    expect(bodyText(other)).toContain('Only the person who asked can withdraw');
    const res = await e.click(PATTI, RequestVerbs.withdraw, { requestId: id, version: 1 });
    expect(bodyText(res)).toMatch(/Withdrawn by Patti Fernandez/);
    const late = await e.click(MEGAN, RequestVerbs.approve, { requestId: id, version: 1 });
    expect(bodyText(late)).toMatch(/Withdrawn by Patti Fernandez/);
  });
});

describe('first decision wins', () => {
  it('many simultaneous clicks from several approvers: exactly one decision, one invitation, one role assignment', async () => {
    const id = await newRequest();
    const email = `person${n}@fabrikam-mssp.example`;
    const clicks = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        e.click(i % 2 ? ALEX : MEGAN, i % 3 ? RequestVerbs.approve : RequestVerbs.reject, {
          requestId: id,
          version: 1,
          comment: `click ${i}`,
        }),
      ),
    );
    expect(clicks.every((c) => c.status === 200)).toBe(true);
    await e.app.background.drain();
    const decided = await e.app.db.audit.list({ subject: id });
    expect(decided.filter((a) => a.action === 'request.approved' || a.action === 'request.rejected')).toHaveLength(1);
    const request = (await e.app.db.requests.get(id))!;
    const texts = clicks.map((c) => bodyText(c));
    expect(texts.every((t) => t.includes(request.decision!.by.name))).toBe(true);
    if (request.decision!.outcome === 'approved') {
      expect(request.status).toBe('completed');
      expect(await guestCount(email)).toBe(1);
      const [user] = (
        (await e.graph.api('/users').filter(`mail eq '${email}'`).get()) as { value: Array<{ id: string }> }
      ).value;
      const roles = (
        (await e.graph
          .api('/roleManagement/directory/roleAssignments')
          .filter(`principalId eq '${user.id}'`)
          .get()) as { value: unknown[] }
      ).value;
      expect(roles).toHaveLength(1);
    } else {
      expect(await guestCount(email)).toBe(0);
    }
  });
});

describe('clients without Universal Actions (Action.Submit fallback)', () => {
  it('decides through a message and replaces the card it came from', async () => {
    const id = await newRequest();
    const before = e.updates().length;
    const res = await e.post({
      ...(await import('../support/activities')).teamsMessage(e.connector.url, MEGAN, ''),
      replyToId: 'approval-card-1',
      value: { verb: RequestVerbs.approve, requestId: id, version: '1', comment: 'ok' },
    });
    expect(res.status).toBe(200);
    await e.app.background.drain();
    const replaced = e
      .updates()
      .slice(before)
      .find((u) => u.path.endsWith('/activities/approval-card-1'));
    expect(cardText(cardIn(replaced?.body))).toMatch(/Approved by Megan Bowen/);
    expect((await e.app.db.requests.get(id))?.status).toBe('completed');
  });
});

describe('approvals channel, pending and my requests', () => {
  const channel = (who: typeof ALEX, text: string) =>
    e.post({
      ...teamsChannelMessage(who, text),
    });
  function teamsChannelMessage(who: typeof ALEX, text: string) {
    return {
      type: 'message',
      id: `chan-${Math.random()}`,
      channelId: 'msteams',
      serviceUrl: e.connector.url,
      from: { id: `29:${who.aadObjectId}`, name: who.name, aadObjectId: who.aadObjectId },
      conversation: {
        id: '19:approvals@thread.tacv2;messageid=1700000000000',
        conversationType: 'channel',
        tenantId: who.tenantId,
        name: 'Approvals',
      },
      recipient: { id: '28:bot', name: 'Copilot Partner Access' },
      channelData: {
        tenant: { id: who.tenantId },
        channel: { id: '19:approvals@thread.tacv2' },
        team: { id: '19:team@thread.tacv2' },
      },
      text: `<at>Copilot Partner Access</at> ${text}`,
    };
  }

  it('lets only an admin choose the approvals channel, then posts new requests there', async () => {
    await channel(MEGAN, 'use this channel for approvals');
    expect(await e.app.db.settings.get('approvals.channel')).toBeUndefined();
    await channel(ALEX, 'use this channel for approvals');
    expect(await e.app.db.settings.get('approvals.channel')).toMatchObject({ setBy: 'Alex Wilber' });
    const id = await newRequest();
    const inChannel = e.connector.calls.filter(
      (c) =>
        c.method === 'POST' &&
        c.path.startsWith(`/v3/conversations/${encodeURIComponent('19:approvals@thread.tacv2')}/activities`),
    );
    expect(inChannel.some((c) => JSON.stringify(c.body).includes(id))).toBe(true);
  });

  it('refuses the command outside a channel', async () => {
    const [reply] = await e.say(ALEX, 'use this channel for approvals');
    expect(reply.text).toMatch(/Say this in the team channel/);
  });

  it('lists what awaits an approver (never their own) and what a requester asked for', async () => {
    const pending = await e.say(MEGAN, 'pending');
    expect(pending[0].text).toMatch(/waiting/);
    expect(pending.slice(1).every((a) => JSON.stringify(cardIn(a)).includes(RequestVerbs.approve))).toBe(true);
    const [none] = await e.say(ADELE, 'pending');
    expect(none.text).toMatch(/^Only approvers have a queue of pending requests\./);
    const [mine] = await e.say(PATTI, 'my requests');
    expect(cardText(cardIn(mine))).toMatch(/Your requests[\s\S]*Waiting for an approver[\s\S]*Rejected by Megan Bowen/);
  });
});
