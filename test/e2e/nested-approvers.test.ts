import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { cardText } from '../support/bot-harness';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { ALEX, APPROVER_GROUP, HOME_TENANT, MEGAN, PATTI, seed } from '../support/seed';

/** Isaiah is in no group of the bot; he becomes an approver only through a group nested in the approver group. */
const ISAIAH = { aadObjectId: seed.users[3].id, name: seed.users[3].displayName, tenantId: HOME_TENANT };

let e: E2e;
beforeAll(async () => {
  e = await startE2e();
  // Two per page, whatever the bot asks for: the approver list spans pages as a 1,000-member group would.
  const modes = await fetch(`${e.app.localTenantUrl}/_local/modes`, {
    method: 'PUT',
    body: JSON.stringify({ paging: { maxPageSize: 2 } }),
  });
  expect(modes.status).toBe(200);
  const nested = (await e.graph.api('/groups').post({
    displayName: 'SOC shift leads',
    mailNickname: 'soc-shift-leads',
    mailEnabled: false,
    securityEnabled: true,
  })) as { id: string };
  const ref = (id: string) => ({ '@odata.id': `${e.app.graphBaseUrl}/directoryObjects/${id}` });
  await e.graph.api(`/groups/${APPROVER_GROUP}/members/$ref`).post(ref(nested.id));
  await e.graph.api(`/groups/${nested.id}/members/$ref`).post(ref(ISAIAH.aadObjectId));
  for (const who of [ALEX, MEGAN, ISAIAH]) await e.say(who, 'help');
});
afterAll(async () => {
  await e.close();
});

describe('approvers through a nested group, listed across pages', () => {
  it('sends the nested approver the card, and accepts his click', async () => {
    await e.say(PATTI, 'request access');
    await e.say(PATTI, '', {
      verb: RequestVerbs.formReview,
      people: 'nested-check@fabrikam-mssp.example, Nina, Nested',
      role: 'security-reader',
      duration: '14',
      justification: 'Incident response support for the December change freeze',
    });
    await e.say(PATTI, '', { verb: RequestVerbs.formSubmit });
    const [request] = await e.app.db.requests.listByRequester(PATTI.aadObjectId);

    const card = e.sentTo(ISAIAH).find((a) => JSON.stringify(cardIn(a) ?? {}).includes(request.id));
    expect(cardText(cardIn(card))).toContain('nested-check@fabrikam-mssp.example');
    expect(JSON.stringify(card)).toContain(RequestVerbs.approve);
    for (const direct of [ALEX, MEGAN])
      expect(e.sentTo(direct).some((a) => JSON.stringify(cardIn(a) ?? {}).includes(request.id))).toBe(true);

    const res = await e.click(ISAIAH, RequestVerbs.approve, { requestId: request.id, version: 1 });
    expect(res.status).toBe(200);
    expect(cardText(res.body?.value)).not.toMatch(/Only approvers can decide/);
    await e.app.background.drain();
    const decided = await e.app.db.requests.get(request.id);
    expect(decided?.status).not.toBe('pending');
    expect(decided?.decision).toMatchObject({ by: { aadObjectId: ISAIAH.aadObjectId } });
  });
});
