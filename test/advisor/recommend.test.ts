import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE, type Knowledge } from '../../src/services/advisor/knowledge';
import { recommend } from '../../src/services/advisor/recommend';
import type { Answers, Method, PluginId } from '../../src/services/advisor/types';

const methodsOf = (answers: Answers, data?: Knowledge): Record<PluginId, Method> =>
  Object.fromEntries(recommend(answers, data).perPlugin.map((p) => [p.plugin, p.method]));

describe('recommend(): every plugin alone, with each SCU payer', () => {
  // Other questions skipped: time-bound, no GDAP relationship, a few people.
  const table: [PluginId, customerPays: Method, partnerPays: Method][] = [
    ['defender-easm', 'b2b', 'b2b'],
    ['entra', 'b2b', 'b2b'],
    ['intune', 'gdap', 'gdap'],
    ['mdti', 'b2b', 'b2b'],
    ['defender-xdr', 'gdap', 'gdap'],
    ['nl2kql-defender', 'gdap', 'gdap'],
    ['nl2kql-sentinel', 'b2b', 'lighthouse'],
    ['sentinel', 'b2b', 'lighthouse'],
  ];

  it('covers every plugin in the matrix', () => {
    expect(table.map(([id]) => id).sort()).toEqual(DEFAULT_KNOWLEDGE.pluginMatrix.plugins.map((p) => p.id).sort());
  });

  it.each(table)('%s: customer pays -> %s, partner pays -> %s', (plugin, customer, partner) => {
    for (const [scuPayer, expected] of [
      ['customer', customer],
      ['partner', partner],
    ] as const) {
      const rec = recommend({ plugins: [plugin], scuPayer });
      expect(rec.primary).toBe(expected);
      expect(rec.perPlugin).toEqual([expect.objectContaining({ plugin, method: expected })]);
      expect(rec.nextSteps.map((s) => s.method)).toEqual([expected]);
      expect(rec.signIn.map((s) => s.method)).toEqual([expected]);
    }
  });
});

describe('recommend(): the answers that flip a GDAP-supported plugin', () => {
  const table: [string, Answers, Method, reasonId: string][] = [
    ['nothing else answered', {}, 'gdap', 'comparison:time-bound-gdap'],
    [
      'time-bound, no relationship, few',
      { timeBound: true, existingGdap: false, partnerSize: 'few' },
      'gdap',
      'comparison:time-bound-gdap',
    ],
    ['no expiry needed', { timeBound: false }, 'b2b', 'comparison:setup-b2b-simple'],
    ['no expiry, existing GDAP', { timeBound: false, existingGdap: true }, 'gdap', 'comparison:setup-existing-gdap'],
    ['no expiry, many people', { timeBound: false, partnerSize: 'many' }, 'gdap', 'comparison:least-privilege-groups'],
    [
      'no expiry, few but changing',
      { timeBound: false, partnerChangesOften: true },
      'gdap',
      'comparison:least-privilege-groups',
    ],
    ['no expiry, partner pays', { timeBound: false, scuPayer: 'partner' }, 'b2b', 'comparison:billing-customer-only'],
    ['partner pays', { scuPayer: 'partner' }, 'gdap', 'comparison:billing-customer-only'],
  ];
  it.each(table)('%s -> %s', (_, answers, method, reasonId) => {
    const rec = recommend({ ...answers, plugins: ['defender-xdr'] });
    expect(rec.perPlugin[0].method).toBe(method);
    expect(rec.perPlugin[0].reasonIds).toContain(reasonId);
  });
});

describe('recommend(): mixed cases', () => {
  const table: [string, Answers, expected: Record<PluginId, Method>, summary: string][] = [
    [
      'the issue example: existing GDAP',
      { plugins: ['defender-xdr', 'intune', 'sentinel'], existingGdap: true },
      { 'defender-xdr': 'gdap', intune: 'gdap', sentinel: 'b2b' },
      'GDAP for Defender XDR and Intune, B2B for Sentinel',
    ],
    [
      'B2B needed anyway and nothing favours GDAP: one method',
      { plugins: ['defender-xdr', 'sentinel'] },
      { 'defender-xdr': 'b2b', sentinel: 'b2b' },
      'B2B for Defender XDR and Sentinel',
    ],
    [
      'many people keep GDAP next to B2B',
      { plugins: ['defender-xdr', 'sentinel'], partnerSize: 'many' },
      { 'defender-xdr': 'gdap', sentinel: 'b2b' },
      'GDAP for Defender XDR, B2B for Sentinel',
    ],
    [
      'partner pays: Lighthouse for Sentinel, GDAP stays time-bound',
      { plugins: ['defender-xdr', 'sentinel'], scuPayer: 'partner' },
      { 'defender-xdr': 'gdap', sentinel: 'lighthouse' },
      'GDAP for Defender XDR, Azure Lighthouse for Sentinel',
    ],
    [
      'partner pays, no expiry: B2B and Lighthouse',
      { plugins: ['defender-xdr', 'nl2kql-sentinel'], scuPayer: 'partner', timeBound: false },
      { 'defender-xdr': 'b2b', 'nl2kql-sentinel': 'lighthouse' },
      'B2B for Defender XDR, Azure Lighthouse for NL2KQL Sentinel',
    ],
    [
      'all three methods',
      { plugins: ['sentinel', 'mdti', 'defender-xdr'], scuPayer: 'partner', existingGdap: true },
      { sentinel: 'lighthouse', mdti: 'b2b', 'defender-xdr': 'gdap' },
      'GDAP for Defender XDR, B2B for Microsoft Defender Threat Intelligence (MDTI), Azure Lighthouse for Sentinel',
    ],
    [
      'Entra (partial) stays B2B next to GDAP',
      { plugins: ['entra', 'intune'], existingGdap: true, scuPayer: 'partner' },
      { entra: 'b2b', intune: 'gdap' },
      'GDAP for Intune, B2B for Entra',
    ],
  ];
  it.each(table)('%s', (_, answers, expected, summary) => {
    const rec = recommend(answers);
    expect(methodsOf(answers)).toEqual(expected);
    expect(rec.summary).toBe(summary);
    const used = new Set(Object.values(expected));
    expect(rec.primary).toBe(used.size === 1 ? [...used][0] : 'mix');
    expect(rec.nextSteps.map((s) => s.method).sort()).toEqual([...used].sort());
  });
});

describe('recommend(): notes that come with a method', () => {
  const table: [string, Answers, PluginId, reasonId: string, present: boolean][] = [
    ['B2B + time-bound needs PIM', { timeBound: true }, 'mdti', 'comparison:time-bound-pim', true],
    ['B2B without expiry needs no PIM', { timeBound: false }, 'mdti', 'comparison:time-bound-pim', false],
    ['B2B + many people -> groups', { partnerSize: 'many' }, 'mdti', 'comparison:least-privilege-b2b-groups', true],
    [
      'B2B + few stable people -> no group note',
      { partnerSize: 'few', partnerChangesOften: false },
      'mdti',
      'comparison:least-privilege-b2b-groups',
      false,
    ],
    ['Lighthouse + time-bound', { scuPayer: 'partner' }, 'sentinel', 'comparison:time-bound-lighthouse', true],
    [
      'Lighthouse without expiry',
      { scuPayer: 'partner', timeBound: false },
      'sentinel',
      'comparison:time-bound-lighthouse',
      false,
    ],
    [
      'Sentinel on B2B mentions Lighthouse',
      { scuPayer: 'customer' },
      'sentinel',
      'comparison:lighthouse-alternative',
      true,
    ],
    ['Lighthouse bills the partner', { scuPayer: 'partner' }, 'sentinel', 'comparison:billing-partner', true],
    [
      'GDAP while customer pays: no billing warning',
      { scuPayer: 'customer' },
      'intune',
      'comparison:billing-customer-only',
      false,
    ],
  ];
  it.each(table)('%s', (_, answers, plugin, reasonId, present) => {
    const ids = recommend({ ...answers, plugins: [plugin] }).perPlugin[0].reasonIds;
    expect(ids.includes(reasonId)).toBe(present);
  });
});
