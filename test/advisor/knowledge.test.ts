import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE, KNOWLEDGE_VERSION, SOURCE_DOCUMENT, findRole } from '../../src/services/advisor/knowledge';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the advisor knowledge', () => {
  it('is versioned, dated and names its source', () => {
    expect(DEFAULT_KNOWLEDGE.version).toBe(KNOWLEDGE_VERSION);
    expect(DEFAULT_KNOWLEDGE.pluginMatrix.source).toBe('Grant partners access to Microsoft Copilot for Security');
    expect(SOURCE_DOCUMENT).toBe(DEFAULT_KNOWLEDGE.pluginMatrix.source);
    expect(DEFAULT_KNOWLEDGE.pluginMatrix.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('holds the eight plugins of the source page, with Lighthouse only for the Sentinel ones', () => {
    const rows = DEFAULT_KNOWLEDGE.pluginMatrix.plugins.map((p) => [p.id, p.gdap, p.azureResource]);
    expect(rows).toEqual([
      ['defender-easm', 'no', false],
      ['entra', 'partial', false],
      ['intune', 'yes', false],
      ['mdti', 'no', false],
      ['defender-xdr', 'yes', false],
      ['nl2kql-defender', 'yes', false],
      ['nl2kql-sentinel', 'no', true],
      ['sentinel', 'no', true],
    ]);
  });

  it('compares the methods on every consideration of the source page, plus billing and setup', () => {
    expect(DEFAULT_KNOWLEDGE.comparison.map((r) => r.id)).toEqual([
      'time-bound',
      'least-privilege',
      'plugins',
      'sign-in',
      'embedded',
      'billing',
      'setup',
    ]);
  });

  it('ranks roles by privilege and never offers Global Administrator', () => {
    const roles = DEFAULT_KNOWLEDGE.roles;
    expect(roles.map((r) => r.privilegeRank)).toEqual([...roles.map((r) => r.privilegeRank)].sort((a, b) => a - b));
    expect(new Set(roles.map((r) => r.privilegeRank)).size).toBe(roles.length);
    roles.forEach((r) => expect(r.roleDefinitionId).toMatch(GUID));
    const ga = findRole('global-administrator');
    expect(ga).toMatchObject({ offeredForB2b: false, inDefaultGdapTemplate: false });
    expect(roles.filter((r) => r.offeredForB2b).map((r) => r.key)).toEqual(['security-reader', 'security-operator']);
    expect(roles.filter((r) => r.inDefaultGdapTemplate).map((r) => r.name)).toEqual([
      'Security Reader',
      'Global Reader',
      'Security Operator',
    ]);
    expect(roles[0].key).toBe('security-reader');
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(DEFAULT_KNOWLEDGE.pluginMatrix.plugins[0])).toBe(true);
    expect(() => (DEFAULT_KNOWLEDGE.roles as unknown[]).push({})).toThrow();
  });
});
