import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SupportVerbs } from '../../src/cards/support/render-support';
import { teamsMessage } from '../support/activities';
import { cardText } from '../support/bot-harness';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { ALEX, MEGAN, PARTNER_TENANT, seed } from '../support/seed';

const PATTI = { aadObjectId: seed.partnerPeople[0].id, name: 'Patti Fernandez', tenantId: PARTNER_TENANT };
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
  for (const who of [ALEX, MEGAN]) await e.say(who, 'help');
});
afterAll(async () => {
  await e.close();
});

describe('support hand-off', () => {
  let caseId: string;

  it('asks the partner to describe the problem, and refuses an empty description without sending anything', async () => {
    const [form] = await e.say(PATTI, 'support');
    expect(cardText(cardIn(form))).toMatch(/Contoso \(simulated\)'s admins open Microsoft support cases for you/);
    const [again] = await e.say(PATTI, '', { verb: SupportVerbs.submit, description: 'broken', severity: 'blocking' });
    expect(cardText(cardIn(again))).toMatch(/Describe the problem in a sentence or two/);
    expect(e.sentTo(ALEX).filter((a) => JSON.stringify(a).includes('Support hand-off'))).toHaveLength(0);
  });

  it('hands the case to the admins with who, what, when and the steps to open a Microsoft case; the partner gets a copy', async () => {
    const replies = await e.say(PATTI, '', {
      verb: SupportVerbs.submit,
      description: 'Prompts about Defender incidents fail with "Plugin unavailable" since this morning.',
      severity: 'blocking',
    });
    expect(replies.at(-1)?.text).toMatch(/^Sent to Contoso \(simulated\)'s admins/);
    const toAlex = e.sentTo(ALEX).find((a) => JSON.stringify(a).includes('Support hand-off'))!;
    const text = cardText(cardIn(toAlex));
    expect(text).toContain('Patti Fernandez (pattif@fabrikam-mssp.example)');
    expect(text).toContain('Plugin unavailable');
    expect(text).toMatch(/New service request/);
    expect(e.sentTo(MEGAN).some((a) => JSON.stringify(a).includes('Support hand-off'))).toBe(false);
    caseId = (cardIn(toAlex)!.actions as Array<{ data?: { caseId?: string } }>).find((a) => a.data?.caseId)!.data!
      .caseId!;
    expect((await e.app.db.audit.list({ subject: caseId }))[0].action).toBe('support.opened');
  });

  it('lets only an admin mark it handled; the first click wins and the partner is told', async () => {
    const notAdmin = await e.click(MEGAN, SupportVerbs.handled, { caseId });
    expect(notAdmin.body!.value).toBe('Only admins can mark a support case handled.');
    const handled = await e.click(ALEX, SupportVerbs.handled, { caseId, note: 'Microsoft case 2611270040001234' });
    expect(cardText(handled.body!.value)).toMatch(/Handled by Alex Wilber on .*Microsoft case 2611270040001234/);
    await e.app.background.drain();
    expect(
      e
        .sentTo(PATTI)
        .map((a) => a.text)
        .join('\n'),
    ).toMatch(/Alex Wilber has handled your Security Copilot support request .*2611270040001234/);
    expect(
      e.updates().filter((u) => cardText(cardIn(u.body)).includes('Handled by Alex Wilber')).length,
    ).toBeGreaterThanOrEqual(2);
    const again = await e.click(ALEX, SupportVerbs.handled, { caseId, note: 'second click' });
    expect(cardText(again.body!.value)).not.toContain('second click');
    expect(await e.app.db.audit.list({ subject: caseId, action: 'support.handled' })).toHaveLength(1);
  });

  it('works from a client without Universal Actions (the Action.Submit fallback), replacing the card', async () => {
    await e.say(PATTI, 'support');
    await e.say(PATTI, '', {
      verb: SupportVerbs.submit,
      description: 'The Sentinel plugin answers with an empty table since Monday.',
      severity: 'degraded',
    });
    const opened = (await e.app.db.audit.list({ action: 'support.opened' })).at(-1)!;
    const before = e.updates().length;
    const res = await e.post({
      ...teamsMessage(e.connector.url, ALEX, ''),
      replyToId: 'support-card-1',
      value: { verb: SupportVerbs.handled, caseId: opened.subject, note: 'Case 2611270040009999' },
    });
    expect(res.status).toBe(200);
    const replaced = e
      .updates()
      .slice(before)
      .find((u) => u.path.endsWith('/activities/support-card-1'));
    expect(cardText(cardIn(replaced?.body))).toMatch(/Handled by Alex Wilber .*2611270040009999/);
    expect(await e.app.db.audit.list({ subject: opened.subject, action: 'support.handled' })).toHaveLength(1);
  });

  it('answers a forged case id with an error', async () => {
    const res = await e.click(ALEX, SupportVerbs.handled, { caseId: '../../etc/passwd' });
    expect(res.status).toBe(400);
  });
});
