import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GdapVerbs } from '../../src/cards/gdap/gdap-verbs';
import { defaultGdapRoleIds } from '../../src/services/gdap/gdap-draft';
import { teamsMessage, type Person } from '../support/activities';
import { cardText } from '../support/bot-harness';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { ADELE, HOME_TENANT, MEGAN } from '../support/seed';

let e: E2e;
beforeAll(async () => {
  e = await startE2e({ GDAP_PARTNER: 'true' });
});
afterAll(async () => {
  await e.close();
});

const CHANNEL = '19:partner-soc@thread.tacv2';
const form = (displayName: string) => ({
  customer: 'northwind-sec.example',
  displayName,
  durationDays: '180',
  autoExtend: 'false',
  roles: defaultGdapRoleIds().join(','),
  allowGlobalAdmin: 'false',
  justification: 'Managed SOC contract NW-12: Security Copilot triage for Northwind',
});

/** A message in one team channel over real HTTP; returns what the bot posted in reply. */
async function inChannel(who: Person, text: string, value?: Record<string, unknown>) {
  const before = e.connector.calls.length;
  const conversation = { id: CHANNEL, conversationType: 'channel', tenantId: HOME_TENANT, isGroup: true };
  const res = await e.post(teamsMessage(e.connector.url, who, text, { conversation, ...(value ? { value } : {}) }));
  expect(res.status).toBe(200);
  return e.connector.calls
    .slice(before)
    .filter((c) => c.method === 'POST' && c.path.includes('/activities'))
    .map((c) => c.body);
}
const button = (verb: string) => e.clicksIn(CHANNEL).buttonData(CHANNEL, verb)!;
const textOf = (replies: Array<Record<string, unknown>>) =>
  replies.map((a) => `${typeof a.text === 'string' ? a.text : ''}\n${cardText(cardIn(a))}`).join('\n');

describe('gdap new: a form belongs to its owner, and sends only the relationship that was reviewed', () => {
  it('refuses another person in the channel and a tampered digest, storing nothing', async () => {
    await inChannel(ADELE, 'gdap new');
    await inChannel(ADELE, '', { ...button(GdapVerbs.formReview), ...form('Northwind SOC Copilot') });
    const adeleSend = button(GdapVerbs.formSubmit);

    expect(textOf(await inChannel(MEGAN, '', adeleSend))).toMatch(/That form belongs to the person who opened it/);
    const tampered = await inChannel(ADELE, '', { ...adeleSend, digest: '0'.repeat(64) });
    expect(textOf(tampered)).toMatch(/draft changed after it was shown, so nothing was sent/);

    // Edit and review a different name: the first check card's send button is stale.
    await inChannel(ADELE, '', button(GdapVerbs.formEdit));
    await inChannel(ADELE, '', { ...button(GdapVerbs.formReview), ...form('Northwind SOC Copilot 2') });
    expect(textOf(await inChannel(ADELE, '', adeleSend))).toMatch(/draft changed after it was shown/);
    expect(await e.app.db.requests.listByRequester(ADELE.aadObjectId)).toEqual([]);
    expect(await e.app.db.requests.listByRequester(MEGAN.aadObjectId)).toEqual([]);

    expect(textOf(await inChannel(ADELE, '', button(GdapVerbs.formSubmit)))).toMatch(
      /Your request is saved|Sent to the partner approvers/,
    );
    const [stored] = await e.app.db.requests.listByRequester(ADELE.aadObjectId);
    expect(stored.gdap?.displayName).toBe('Northwind SOC Copilot 2');
  });
});
