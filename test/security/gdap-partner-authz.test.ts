import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GdapVerbs } from '../../src/cards/gdap/gdap-verbs';
import { defaultGdapRoleIds, GLOBAL_ADMINISTRATOR_ID } from '../../src/services/gdap/gdap-draft';
import { cardText } from '../support/bot-harness';
import { cardIn, startE2e, type E2e } from '../support/e2e';
import { ADELE, ALEX, MEGAN, seed } from '../support/seed';

const NORTHWIND = seed.knownTenants[1].tenantId;
let e: E2e;
beforeAll(async () => {
  e = await startE2e({ GDAP_PARTNER: 'true' });
  for (const who of [ALEX, MEGAN, ADELE]) await e.say(who, 'help');
});
afterAll(async () => {
  await e.close();
});

const withGlobalAdmin = {
  verb: GdapVerbs.formReview,
  customer: 'northwind-sec.example',
  displayName: 'Northwind break-glass',
  durationDays: '30',
  autoExtend: 'false',
  roles: [...defaultGdapRoleIds(), GLOBAL_ADMINISTRATOR_ID].join(','),
  allowGlobalAdmin: 'true',
  justification: 'Tenant recovery after a compromise, ticket NW-99',
};

describe('GDAP partner side (issue 9, point 5)', () => {
  it('refuses the Global Administrator override from a requester who is not an admin, at Review', async () => {
    await e.say(ADELE, 'gdap new');
    const [again] = await e.say(ADELE, '', withGlobalAdmin);
    expect(cardText(cardIn(again))).toContain('Only partner admins can include Global Administrator');
    // The refused form carries no Send button; a forged Send (no form id, no digest) is refused as well.
    const sent = await e.say(ADELE, '', { verb: GdapVerbs.formSubmit });
    expect(sent.at(-1)?.text).toMatch(/Press Review first|belongs to a conversation that has ended/);
    await e.say(ADELE, '', { verb: GdapVerbs.formCancel });
    expect(await e.app.db.requests.listByRequester(ADELE.aadObjectId)).toEqual([]);
  });

  it('refuses it on the server too, whatever the dialog passed, and audits the attempt', async () => {
    const details = {
      customer: { tenantId: NORTHWIND, displayName: 'Northwind Security (simulated)' },
      displayName: 'Northwind forged override',
      durationDays: 30,
      autoExtend: false,
      roleIds: [...defaultGdapRoleIds(), GLOBAL_ADMINISTRATOR_ID],
      globalAdminOverride: true,
    };
    const result = await e.app.runtime.requests.submitGdap(ADELE, details, 'Tenant recovery, ticket NW-99');
    expect(result).toEqual({
      error: expect.stringContaining('Only partner admins can include Global Administrator') as unknown,
    });
    expect(await e.app.db.requests.listByRequester(ADELE.aadObjectId)).toEqual([]);
    const refused = await e.app.db.audit.list({ action: 'access.refused' });
    const override = refused.filter((a) => a.detail?.action === 'gdap.global-admin-override');
    expect(override.map((a) => a.actorId)).toEqual([ADELE.aadObjectId]);
  });

  it('lets an admin include Global Administrator by the override, audited', async () => {
    await e.say(ALEX, 'gdap new');
    const [review] = await e.say(ALEX, '', withGlobalAdmin);
    expect(cardText(cardIn(review))).not.toContain('Only partner admins');
    await e.say(ALEX, '', { verb: GdapVerbs.formSubmit });
    const [stored] = await e.app.db.requests.listByRequester(ALEX.aadObjectId);
    expect(stored?.gdap?.globalAdminOverride).toBe(true);
    expect(await e.app.db.audit.list({ subject: stored.id, action: 'gdap.global-admin-override' })).toHaveLength(1);
  });

  it('shows "gdap list" to admins and approvers only', async () => {
    const [refused] = await e.say(ADELE, 'gdap list');
    expect(refused.text).toMatch(/^Only partner admins and approvers can list the GDAP relationships/);
    expect(cardIn(refused)).toBeUndefined();
    const refusals = await e.app.db.audit.list({ action: 'access.refused' });
    expect(refusals.filter((a) => a.subject === 'gdap list')).toHaveLength(1);
    for (const who of [MEGAN, ALEX]) {
      const [list] = await e.say(who, 'gdap list');
      expect(cardIn(list)).toBeDefined();
    }
  });
});
