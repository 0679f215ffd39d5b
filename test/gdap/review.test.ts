import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE } from '../../src/services/advisor/knowledge';
import { REMINDERS, reviewRelationship, type RelationshipUnderReview } from '../../src/services/gdap/review';
import { ROLES } from './support';

const POLICY = { maxDurationDays: 365 };
const TEMPLATE = [ROLES.securityReader, ROLES.globalReader, ROLES.securityOperator];
const BASE: RelationshipUnderReview = {
  partnerName: 'Contoso Partner',
  partnerTenantId: '06ada22e-cdb9-47a5-929d-963ebb2cda7c',
  roles: TEMPLATE,
  durationDays: 180,
  autoExtend: false,
};

describe('reviewRelationship', () => {
  it('says ok for the Security Copilot template within policy, with roles in plain words and the plugin matrix', () => {
    const review = reviewRelationship(BASE, DEFAULT_KNOWLEDGE, POLICY);
    expect(review.verdict).toBe('ok');
    expect(review.findings).toEqual([]);
    expect(review.rolesInPlainWords.map((r) => r.name)).toEqual([
      'Security Reader',
      'Global Reader',
      'Security Operator',
    ]);
    expect(review.rolesInPlainWords[0]?.whatItGrants).toMatch(/changes nothing/);
    expect(review.plugins.works.map((p) => p.id)).toEqual(['intune', 'defender-xdr', 'nl2kql-defender']);
    expect(review.plugins.partial).toEqual([
      { id: 'entra', name: 'Entra', note: 'Mostly not supported; a few capabilities work.' },
    ]);
    expect(review.plugins.doesNot.map((p) => p.id)).toEqual(['defender-easm', 'mdti', 'nl2kql-sentinel', 'sentinel']);
    expect(review.reminders).toBe(REMINDERS);
    expect(review.reminders[0]).toMatch(/^Only a Global Administrator can approve/);
    expect(review.reminders[1]).toMatch(/^The approval page is the authority: compare its role list with this card/);
  });

  it.each<[string, Partial<RelationshipUnderReview>, 'ok' | 'caution' | 'refuse', RegExp]>([
    [
      'Global Administrator',
      { roles: [...TEMPLATE, ROLES.globalAdministrator] },
      'refuse',
      /Global Administrator is included/,
    ],
    [
      'Privileged Role Administrator',
      { roles: [ROLES.privilegedRoleAdministrator] },
      'refuse',
      /can make anyone .* Global Administrator/,
    ],
    [
      'a role no plugin needs',
      { roles: [...TEMPLATE, ROLES.userAdministrator] },
      'caution',
      /User Administrator: no Security Copilot plugin needs this role/,
    ],
    [
      'an unknown role',
      { roles: ['00000000-0000-4000-8000-000000000000'] },
      'caution',
      /Unknown role .* no Security Copilot plugin needs/,
    ],
    [
      'Intune Administrator',
      { roles: [...TEMPLATE, ROLES.intuneAdministrator] },
      'caution',
      /Intune Administrator: Only when the partner uses the Intune plugin/,
    ],
    [
      'Security Administrator',
      { roles: [ROLES.securityAdministrator] },
      'caution',
      /Only when the partner must be Copilot owner/,
    ],
    ['a duration over policy', { durationDays: 730 }, 'caution', /lasts 730 days; your policy allows at most 365/],
    ['auto-extend', { autoExtend: true }, 'caution', /Auto-extend is on: .* 180 days/],
    ['no roles', { roles: [] }, 'caution', /No roles are listed/],
    ['a malformed partner tenant id', { partnerTenantId: 'contoso' }, 'caution', /not a valid GUID/],
    ['an unknown duration', { durationDays: undefined }, 'ok', /duration is not known/],
    ['no partner details', { partnerName: undefined }, 'ok', /partner name and tenant id/],
  ])('flags %s', (_label, change, verdict, finding) => {
    const review = reviewRelationship({ ...BASE, ...change }, DEFAULT_KNOWLEDGE, POLICY);
    expect(review.verdict).toBe(verdict);
    expect(review.findings.map((f) => f.text)).toContainEqual(expect.stringMatching(finding));
  });

  it('lets the worst finding decide and names roles it only knows by id', () => {
    const review = reviewRelationship(
      { roles: [ROLES.globalAdministrator, ROLES.userAdministrator, 'abc'], durationDays: 900, autoExtend: true },
      DEFAULT_KNOWLEDGE,
      POLICY,
    );
    expect(review.verdict).toBe('refuse');
    expect(review.findings.map((f) => f.severity).sort()).toEqual([
      'caution',
      'caution',
      'caution',
      'caution',
      'info',
      'refuse',
    ]);
    expect(review.rolesInPlainWords.map((r) => r.name)).toEqual([
      'Global Administrator',
      'User Administrator',
      'Unknown role abc',
    ]);
  });
});

describe('reviewRelationship: names and look-alikes', () => {
  it.each([
    [ROLES.globalAdministrator, 'Global Administrator'],
    [ROLES.privilegedRoleAdministrator, 'privileged role administrator'],
    [ROLES.userAdministrator, 'User Administrator'],
    [ROLES.securityReader, 'Security Reader'],
  ])('gives a role by id (%s) and by name (%s) the same verdict', (roleId, name) => {
    const byId = reviewRelationship({ ...BASE, roles: [roleId] }, DEFAULT_KNOWLEDGE, POLICY);
    const byName = reviewRelationship({ ...BASE, roles: [name] }, DEFAULT_KNOWLEDGE, POLICY);
    expect(byName.verdict).toBe(byId.verdict);
    expect(byName.findings).toEqual(byId.findings);
    expect(byName.rolesInPlainWords).toEqual(byId.rolesInPlainWords);
  });

  it.each([
    ['Glob\u0430l Administrator'],
    ['Security\u200bReader'],
    ['Security Reader\u202e'],
    ['\uff33ecurity Reader'],
  ])('refuses a role name with look-alike or invisible characters (%j)', (name) => {
    const review = reviewRelationship({ ...BASE, roles: [ROLES.securityReader, name] }, DEFAULT_KNOWLEDGE, POLICY);
    expect(review.verdict).toBe('refuse');
    expect(review.findings.some((f) => f.severity === 'refuse' && /look-alike or invisible/.test(f.text))).toBe(true);
  });
});
