import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { cardText } from '../support/bot-harness';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { MEGAN, PATTI } from '../support/seed';

const DAY = 86_400_000;
let now = new Date('2026-12-01T09:00:00.000Z');
let e: E2e;

beforeAll(async () => {
  e = await startE2e({ OFFBOARDING: 'block' }, () => now);
  for (const who of [MEGAN, PATTI]) await e.say(who, 'help');
});
afterAll(async () => {
  await e.close();
});

/** Patti asks for one day of access for `email`, Megan approves; returns the request once provisioning is over. */
async function requestFor(email: string, first: string) {
  await e.say(PATTI, 'cancel');
  await e.say(PATTI, 'request access');
  await e.say(PATTI, '', {
    verb: RequestVerbs.formReview,
    people: `${email}, ${first}, Partner`,
    role: 'security-reader',
    duration: '1',
    justification: 'Quarterly threat hunting for the customer',
  });
  await e.say(PATTI, '', { verb: RequestVerbs.formSubmit });
  // The clock stands still between requests, so pick the request by whom it is for, not by its place in the list.
  const request = (await e.app.db.requests.listByRequester(PATTI.aadObjectId)).find(
    (r) => r.status === 'pending' && r.people.some((p) => p.email === email),
  )!;
  await e.click(MEGAN, RequestVerbs.approve, { requestId: request.id, version: 1 });
  await e.app.background.drain();
  return (await e.app.db.requests.get(request.id))!;
}

const userByMail = async (mail: string) =>
  (
    (await e.graph.api('/users').filter(`mail eq '${mail}'`).select('id,accountEnabled').get()) as {
      value: Array<{ id: string; accountEnabled: boolean }>;
    }
  ).value[0];
const rolesOf = async (id: string) =>
  (
    (await e.graph.api('/roleManagement/directory/roleAssignments').filter(`principalId eq '${id}'`).get()) as {
      value: unknown[];
    }
  ).value;
const pattiSaw = () =>
  e
    .sentTo(PATTI)
    .map((a) => `${typeof a.text === 'string' ? a.text : ''}\n${cardText(cardIn(a))}`)
    .join('\n');

describe('granting again to a guest whose earlier access ended', () => {
  it('re-enables the account the bot blocked itself, audits it, and says so on the card', async () => {
    const mail = 'rex@fabrikam-mssp.example';
    expect((await requestFor(mail, 'Rex')).status).toBe('completed');
    const { id } = await userByMail(mail);
    now = new Date(now.getTime() + DAY + 60_000);
    await e.app.scheduler.tick();
    await e.app.background.drain();
    expect(await userByMail(mail)).toMatchObject({ id, accountEnabled: false });
    expect(await rolesOf(id)).toHaveLength(0);

    const again = await requestFor(mail, 'Rex');
    expect(again.status).toBe('completed');
    expect(await userByMail(mail)).toMatchObject({ id, accountEnabled: true });
    expect(await rolesOf(id)).toHaveLength(1);
    const [audit] = await e.app.db.audit.list({ subject: again.id, action: 'provisioning.account-reenabled' });
    expect(audit).toMatchObject({ actorId: 'system', detail: { email: mail, userId: id } });
    expect(pattiSaw()).toMatch(
      /rex@fabrikam-mssp\.example \(existing account re-used: re-enabled the account the bot had blocked when earlier access ended\)/,
    );
    expect((await e.app.db.grants.listByRequest(again.id))[0]).toMatchObject({ status: 'active', userId: id });
  });

  it('never re-enables a guest someone else blocked: that person fails with a sentence, the account stays blocked', async () => {
    const mail = 'sam@fabrikam-mssp.example';
    // A partner guest the bot never touched, invited and later blocked by an admin of the tenant.
    const invited = (await e.graph.api('/invitations').post({
      invitedUserEmailAddress: mail,
      invitedUserDisplayName: 'Sam Partner',
      inviteRedirectUrl: 'https://myapps.microsoft.com',
      sendInvitationMessage: false,
    })) as { invitedUser: { id: string } };
    const id = invited.invitedUser.id;
    await e.graph.api(`/users/${id}`).patch({ accountEnabled: false });

    const refused = await requestFor(mail, 'Sam');
    expect(refused.status).toBe('failed');
    expect(refused.failure?.message).toMatch(
      /guest account for sam@fabrikam-mssp\.example .*is blocked from signing in, and not by this bot/,
    );
    expect(refused.failure?.message).toMatch(/unblock the account in Microsoft Entra .*then press Retry/);
    expect(await userByMail(mail)).toMatchObject({ id, accountEnabled: false });
    expect(await rolesOf(id)).toHaveLength(0);
    expect(await e.app.db.audit.list({ subject: refused.id, action: 'provisioning.account-reenabled' })).toEqual([]);
  });
});
