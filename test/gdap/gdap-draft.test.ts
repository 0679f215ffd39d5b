import { describe, expect, it } from 'vitest';
import { defaultGdapRoleIds, validateGdapDraft, type RawGdapDraft } from '../../src/services/gdap/gdap-draft';
import { ROLES } from './support';

const GOOD: RawGdapDraft = {
  customer: '36c7329c-b523-4e04-9e39-10d06f8ebeb2',
  displayName: 'Fabrikam SOC',
  durationDays: 180,
};

describe('validateGdapDraft', () => {
  it('takes the Security Copilot template when no roles are given', () => {
    const result = validateGdapDraft(GOOD);
    expect(result).toEqual({
      draft: {
        customer: { kind: 'tenantId', tenantId: '36c7329c-b523-4e04-9e39-10d06f8ebeb2' },
        displayName: 'Fabrikam SOC',
        durationDays: 180,
        duration: 'P180D',
        autoExtend: false,
        roleIds: [ROLES.securityReader, ROLES.globalReader, ROLES.securityOperator],
        defaultRoles: true,
      },
      warnings: [],
    });
    expect(defaultGdapRoleIds()).not.toContain(ROLES.globalAdministrator);
  });

  it.each<[string, RawGdapDraft, Record<string, unknown>]>([
    ['a domain customer', { customer: ' Contoso.COM ' }, { customer: { kind: 'domain', domain: 'contoso.com' } }],
    [
      'an upper-case GUID',
      { customer: '36C7329C-B523-4E04-9E39-10D06F8EBEB2' },
      { customer: { kind: 'tenantId', tenantId: '36c7329c-b523-4e04-9e39-10d06f8ebeb2' } },
    ],
    ['a trimmed 50-character name', { displayName: `  ${'n'.repeat(50)}  ` }, { displayName: 'n'.repeat(50) }],
    ['1 day', { durationDays: 1 }, { duration: 'P1D' }],
    ['730 days as text', { durationDays: '730' }, { durationDays: 730, duration: 'P730D' }],
    ['an ISO duration', { durationDays: 'P90D' }, { durationDays: 90 }],
    ['auto-extend "yes"', { autoExtend: 'yes' }, { autoExtend: true }],
    [
      'roles by key and id, deduplicated',
      { roles: `security-reader, ${ROLES.securityReader.toUpperCase()} intune-administrator` },
      { roleIds: [ROLES.securityReader, ROLES.intuneAdministrator], defaultRoles: false },
    ],
    ['roles as an array', { roles: [ROLES.securityOperator] }, { roleIds: [ROLES.securityOperator] }],
  ])('accepts %s', (_label, change, expected) => {
    const result = validateGdapDraft({ ...GOOD, ...change });
    expect(result).toMatchObject({ draft: expected, warnings: [] });
  });

  it.each<[string, RawGdapDraft, string, RegExp]>([
    ['no customer', { customer: '' }, 'customer', /tenant id .* or one of their domains/],
    ['a broken GUID', { customer: '36c7329c-b523-4e04-9e39-10d06f8ebeb' }, 'customer', /not a valid GUID/],
    ['nonsense customer', { customer: 'not a tenant!' }, 'customer', /neither a domain name/],
    ['an empty name', { displayName: '   ' }, 'displayName', /1 to 50 characters/],
    [
      'a 51-character name',
      { displayName: 'x'.repeat(51) },
      'displayName',
      /51 characters; Microsoft allows at most 50/,
    ],
    ['a tab in the name', { displayName: 'SOC\tteam' }, 'displayName', /one line of printable text/],
    ['a line break in the name', { displayName: 'SOC\nteam' }, 'displayName', /one line/],
    ['0 days', { durationDays: 0 }, 'durationDays', /1 to 730 days/],
    ['731 days', { durationDays: 731 }, 'durationDays', /"731" is not/],
    ['no duration', { durationDays: undefined }, 'durationDays', /1 to 730 days/],
    ['a fractional duration', { durationDays: 1.5 }, 'durationDays', /whole number/],
    ['auto-extend "maybe"', { autoExtend: 'maybe' }, 'autoExtend', /yes or no/],
    [
      'an unknown role id',
      { roles: ['00000000-0000-4000-8000-000000000000'] },
      'roles',
      /not a role the Security Copilot catalogue offers/,
    ],
    ['a role outside the catalogue', { roles: [ROLES.userAdministrator] }, 'roles', /catalogue/],
    [
      'Global Administrator without the override',
      { roles: [ROLES.globalAdministrator] },
      'roles',
      /never part of a Security Copilot relationship/,
    ],
  ])('refuses %s', (_label, change, field, message) => {
    const result = validateGdapDraft({ ...GOOD, ...change });
    expect('problems' in result).toBe(true);
    if (!('problems' in result)) return;
    expect(result.problems).toContainEqual({ field, message: expect.stringMatching(message) as unknown });
  });

  it('reports every problem at once', () => {
    const result = validateGdapDraft({
      customer: 'x',
      displayName: '',
      durationDays: 'soon',
      autoExtend: 'perhaps',
      roles: ['nope'],
    });
    expect('problems' in result && result.problems.map((p) => p.field)).toEqual([
      'customer',
      'displayName',
      'durationDays',
      'autoExtend',
      'roles',
    ]);
  });

  it("allows Global Administrator only with an admin's override, as a warning to audit, never with auto-extend", () => {
    const admin = { isAdmin: true };
    const allowed = validateGdapDraft({ ...GOOD, roles: [ROLES.globalAdministrator], allowGlobalAdmin: true }, admin);
    expect(allowed).toMatchObject({
      draft: { roleIds: [ROLES.globalAdministrator] },
      warnings: [{ code: 'global-administrator', message: expect.stringMatching(/must be audited/) as unknown }],
    });
    const extended = validateGdapDraft(
      { ...GOOD, roles: [ROLES.globalAdministrator], allowGlobalAdmin: true, autoExtend: true },
      admin,
    );
    expect(extended).toEqual({
      problems: [
        {
          field: 'autoExtend',
          message: expect.stringMatching(/Auto-extend is not allowed while Global Administrator/) as unknown,
        },
      ],
    });
  });

  it('refuses the override of a requester who is not an admin (and one the caller did not vouch for)', () => {
    const raw = { ...GOOD, roles: [ROLES.globalAdministrator], allowGlobalAdmin: true };
    for (const result of [validateGdapDraft(raw, { isAdmin: false }), validateGdapDraft(raw)])
      expect(result).toEqual({
        problems: [
          {
            field: 'allowGlobalAdmin',
            message: expect.stringMatching(/^Only partner admins can include Global Administrator/) as unknown,
          },
        ],
      });
  });
});
