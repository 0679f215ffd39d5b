import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GdapVerbs } from '../../src/cards/gdap/gdap-verbs';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { defaultGdapRoleIds } from '../../src/services/gdap/gdap-draft';
import { cardText } from '../support/bot-harness';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { ADELE, ALEX, MEGAN, seed } from '../support/seed';
import { shownMarkdown, shownText } from '../support/shown-text';

const NORTHWIND = seed.knownTenants[1].tenantId;
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const MINUTE = 60_000;
const NAME = 'Northwind SOC Copilot';

let now = new Date('2026-03-02T09:00:00.000Z');
let e: E2e;

beforeAll(async () => {
  e = await startE2e({ GDAP_PARTNER: 'true' }, () => now);
  for (const who of [ALEX, MEGAN, ADELE]) await e.say(who, 'help');
});
afterAll(async () => {
  await e.close();
});

const good = {
  verb: GdapVerbs.formReview,
  customer: 'northwind-sec.example',
  displayName: NAME,
  durationDays: '180',
  autoExtend: 'false',
  roles: defaultGdapRoleIds().join(','),
  allowGlobalAdmin: 'false',
  justification: 'Managed SOC contract NW-12: Security Copilot triage for Northwind',
};

/** Everything sent into one person's chat, text and card text together. */
const chatOf = (who: typeof ADELE) =>
  e
    .sentTo(who)
    // What the person reads: message text and card text as a Markdown renderer shows them.
    .map((a) => `${shownMarkdown(typeof a.text === 'string' ? a.text : '').shown}\n${shownText(cardIn(a))}`)
    .join('\n');

describe('gdap new → approve → relationship → customer approval → access, over real HTTP', () => {
  let requestId: string;
  let relationshipId: string;

  it('lists the partner commands in help', async () => {
    const [help] = await e.say(ADELE, 'help');
    const text = cardText(cardIn(help));
    for (const name of ['gdap new', 'gdap list', 'gdap terminate']) expect(text).toContain(name);
  });

  it.each([
    ['a 51-character name', { displayName: 'N'.repeat(51) }, /51 characters; Microsoft allows at most 50/],
    ['731 days', { durationDays: '731' }, /lasts 1 to 730 days/],
    [
      'auto-extend with Global Administrator',
      { autoExtend: 'true', allowGlobalAdmin: 'true', roles: `${good.roles},${GLOBAL_ADMIN}` },
      /Auto-extend is not allowed while Global Administrator/,
    ],
    ['a malformed tenant id', { customer: 'bedb35a6-c399-4045-931d-42c1047635b' }, /not a valid GUID/],
    [
      'an unknown domain',
      { customer: 'nobody-here.example' },
      /No Microsoft tenant uses the domain "nobody-here.example"/,
    ],
  ])('re-shows the form with a clear message and stores nothing for %s', async (_what, change, message) => {
    const [form] = await e.say(ADELE, 'gdap new');
    expect(cardText(cardIn(form))).toContain('New GDAP relationship with a customer');
    const [again] = await e.say(ADELE, '', { ...good, ...change });
    const card = cardIn(again)!;
    expect(cardText(card)).toMatch(message);
    expect(JSON.stringify(card)).toContain(String(Object.values(change)[0]));
    await e.say(ADELE, '', { verb: GdapVerbs.formCancel });
    expect(await e.app.db.requests.listByRequester(ADELE.aadObjectId)).toEqual([]);
  });

  it('refuses a relationship name the partner already uses, and stores nothing', async () => {
    const taken = 'Already used by another relationship';
    await e.graph.api('/tenantRelationships/delegatedAdminRelationships').post({
      displayName: taken,
      duration: 'P30D',
      customer: { tenantId: 'bedb35a6-c399-4045-931d-42c1047635bc', displayName: 'Northwind Security (simulated)' },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: '5d6b6bb7-de71-4623-b4af-96380a352509' }] },
      autoExtendDuration: 'PT0S',
    });
    await e.say(ADELE, 'gdap new');
    const [again] = await e.say(ADELE, '', { ...good, displayName: taken });
    expect(cardText(cardIn(again))).toMatch(/already/i);
    await e.say(ADELE, '', { verb: GdapVerbs.formCancel });
    expect(await e.app.db.requests.listByRequester(ADELE.aadObjectId)).toEqual([]);
  });

  it('refuses a name an ended relationship still carries, says so, and stores nothing', async () => {
    const ended = 'Ended last year';
    const created = (await e.graph.api('/tenantRelationships/delegatedAdminRelationships').post({
      displayName: ended,
      duration: 'P30D',
      customer: { tenantId: 'bedb35a6-c399-4045-931d-42c1047635bc', displayName: 'Northwind Security (simulated)' },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: '5d6b6bb7-de71-4623-b4af-96380a352509' }] },
      autoExtendDuration: 'PT0S',
    })) as { id: string };
    const tenantUrl = e.app.graphBaseUrl.replace(/\/v1\.0$/, '');
    expect((await fetch(`${tenantUrl}/_local/gdap/${created.id}/terminate`, { method: 'POST' })).ok).toBe(true);
    await e.say(ADELE, 'gdap new');
    const [again] = await e.say(ADELE, '', { ...good, displayName: ended.toUpperCase() });
    expect(cardText(cardIn(again))).toMatch(/has ended \(expired or terminated\).*cannot be used again/);
    await e.say(ADELE, '', { verb: GdapVerbs.formCancel });
    expect(await e.app.db.requests.listByRequester(ADELE.aadObjectId)).toEqual([]);
  });

  it('sends a good request to the partner approvers, never to the requester', async () => {
    await e.say(ADELE, 'gdap new');
    const [review] = await e.say(ADELE, '', good);
    const reviewText = cardText(cardIn(review));
    expect(reviewText).toContain('Northwind Security (simulated)');
    expect(reviewText).toContain('Security Reader: Reads the security data');
    const replies = await e.say(ADELE, '', { verb: GdapVerbs.formSubmit });
    expect(replies.at(-1)?.text).toMatch(/Sent to the partner approvers \(2 places\)/);
    const [stored] = await e.app.db.requests.listByRequester(ADELE.aadObjectId);
    requestId = stored.id;
    expect(stored).toMatchObject({
      kind: 'gdap',
      status: 'pending',
      gdap: { customer: { tenantId: NORTHWIND }, displayName: NAME, durationDays: 180, autoExtend: false },
    });
    const approverCard = e.sentTo(MEGAN).find((a) => JSON.stringify(cardIn(a) ?? {}).includes(requestId));
    expect(cardText(cardIn(approverCard))).toContain('GDAP relationship request');
    expect(JSON.stringify(approverCard)).toContain(RequestVerbs.approve);
    expect(e.sentTo(ADELE).some((a) => JSON.stringify(a).includes(RequestVerbs.approve))).toBe(false);
  });

  it("refuses Adele's click (she is no approver) and lets Megan approve", async () => {
    const refused = await e.click(ADELE, RequestVerbs.approve, { requestId, version: 1 });
    expect(cardText(refused.body?.value)).toMatch(/Only approvers can decide/);
    const res = await e.click(MEGAN, RequestVerbs.approve, { requestId, version: 1 });
    expect(res.status).toBe(200);
    await e.app.background.drain();

    const gdap = await e.app.db.gdap.get(requestId);
    expect(gdap).toMatchObject({ status: 'awaiting-approval', relationshipStatus: 'approvalPending' });
    relationshipId = gdap?.relationshipId ?? '';
    expect((await e.app.db.requests.get(requestId))?.status).toBe('provisioning');
    const toAdele = chatOf(ADELE);
    expect(toAdele).toContain(
      `https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/${relationshipId}`,
    );
    expect(toAdele).toContain('GDAP hand-off (Copilot Partner Access) v1');
    expect(toAdele).toMatch(/Megan Bowen approved your request: the GDAP relationship ".+" with /);
    expect(toAdele).toContain("What the customer's Global Administrator must do");
  });

  it('polls on schedule until the customer approves, then delivers the tenant-explicit link', async () => {
    const hook = await fetch(`${e.app.localTenantUrl}/_local/gdap/${relationshipId}/approve`, { method: 'POST' });
    expect(hook.ok).toBe(true);
    for (let i = 0; i < 10 && (await e.app.db.gdap.get(requestId))?.status !== 'completed'; i++) {
      now = new Date(now.getTime() + 5 * MINUTE);
      await e.app.scheduler.tick();
      await e.app.background.drain();
    }
    expect((await e.app.db.gdap.get(requestId))?.status).toBe('completed');
    expect((await e.app.db.requests.get(requestId))?.status).toBe('completed');
    const toAdele = chatOf(ADELE);
    expect(toAdele).toContain(`https://securitycopilot.microsoft.com/?tenantId=${NORTHWIND}`);
    expect(toAdele).toMatch(/tenant switcher does not recognise GDAP/);
    expect(toAdele).toMatch(/is now active/);
  });

  it('lists the relationship as active, without Global Administrator, to an approver', async () => {
    const [list] = await e.say(MEGAN, 'gdap list');
    const card = cardIn(list);
    expect(cardText(card)).toContain(NAME);
    expect(cardText(card)).toContain('active');
    expect(cardText(card)).not.toContain('Includes Global Administrator');
  });

  it('lets only an approver terminate, with a reason, and audits both', async () => {
    const [refused] = await e.say(ADELE, `gdap terminate ${NAME}`);
    expect(refused.text).toMatch(/Only partner approvers can terminate/);
    expect(await e.app.db.audit.list({ action: 'gdap.terminate.refused' })).toHaveLength(1);
    const byClick = await e.click(ADELE, GdapVerbs.terminate, { relationshipId, reason: 'mine' });
    expect(byClick.body).toMatchObject({ statusCode: 403 });

    const [confirm] = await e.say(MEGAN, `gdap terminate ${NAME}`);
    expect(JSON.stringify(cardIn(confirm))).toContain(GdapVerbs.terminate);
    const noReason = await e.click(MEGAN, GdapVerbs.terminate, { relationshipId, reason: ' ' });
    expect(cardText(noReason.body?.value)).toMatch(/Say why the relationship ends/);
    const done = await e.click(MEGAN, GdapVerbs.terminate, { relationshipId, reason: 'Contract NW-12 ended' });
    expect(cardText(done.body?.value)).toMatch(/Termination requested by Megan Bowen/);
    const rel = (await e.graph.api(`/tenantRelationships/delegatedAdminRelationships/${relationshipId}`).get()) as {
      status: string;
    };
    expect(['terminationRequested', 'terminating', 'terminated']).toContain(rel.status);
    const [audited] = await e.app.db.audit.list({ action: 'gdap.terminated' });
    expect(audited).toMatchObject({ subject: relationshipId, detail: { reason: 'Contract NW-12 ended' } });
  });
});

describe('customer-side deployment (GDAP_PARTNER off)', () => {
  it('has no partner commands', async () => {
    const other = await startE2e();
    try {
      for (const name of ['gdap new', 'gdap list', 'gdap terminate'])
        expect(other.app.runtime.commands.parse(name)?.command.name).not.toBe(name);
    } finally {
      await other.close();
    }
  });
});
