import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE, withPluginMatrix } from '../../src/services/advisor/knowledge';
import { recommend } from '../../src/services/advisor/recommend';
import type { Answers, Method } from '../../src/services/advisor/types';

describe('recommend(): skipped questions and odd input', () => {
  it('states every default it used', () => {
    const rec = recommend({});
    expect(rec.primary).toBe('gdap');
    expect(rec.perPlugin).toEqual([]);
    expect(rec.summary).toBe('GDAP (no plugins chosen)');
    expect(rec.reasons.filter((r) => r.source.kind === 'answer').map((r) => r.id)).toEqual([
      'answer:default:plugins',
      'answer:default:time-bound',
      'answer:default:scu-payer',
      'answer:default:existing-gdap',
      'answer:default:partner-size',
    ]);
  });

  it('states no default when everything is answered', () => {
    const all: Answers = {
      plugins: ['intune'],
      timeBound: true,
      scuPayer: 'customer',
      existingGdap: false,
      partnerSize: 'few',
      partnerChangesOften: false,
    };
    expect(recommend(all).reasons.filter((r) => r.id.startsWith('answer:default'))).toEqual([]);
  });

  it.each([
    [{ plugins: [] }, 'gdap'],
    [{ timeBound: false }, 'b2b'],
    [{ timeBound: false, existingGdap: true }, 'gdap'],
    [{ timeBound: false, partnerSize: 'many' }, 'gdap'],
  ] as [Answers, Method][])('no plugins chosen: %o -> %s', (answers, method) => {
    expect(recommend(answers).primary).toBe(method);
  });

  it('leaves out unknown plugins with a reason, and counts duplicates once', () => {
    const rec = recommend({ plugins: ['intune', 'nope', 'intune'] });
    expect(rec.perPlugin.map((p) => p.plugin)).toEqual(['intune']);
    expect(rec.reasons.find((r) => r.id === 'answer:unknown-plugins')?.text).toContain('nope');
  });

  it('follows an overriding matrix and says so in its basis', () => {
    const matrix = { ...DEFAULT_KNOWLEDGE.pluginMatrix, asOf: '2027-01-15' };
    const data = withPluginMatrix(DEFAULT_KNOWLEDGE, {
      ...matrix,
      plugins: matrix.plugins.map((p) => (p.id === 'sentinel' ? { ...p, gdap: 'yes' as const } : p)),
    });
    const rec = recommend({ plugins: ['sentinel'] }, data);
    expect(rec.primary).toBe('gdap');
    expect(rec.basis).toMatchObject({ asOf: '2027-01-15', knowledgeVersion: data.version });
  });

  it('falls back to B2B when the matrix has no GDAP plugin and none was chosen', () => {
    const matrix = DEFAULT_KNOWLEDGE.pluginMatrix;
    const data = withPluginMatrix(DEFAULT_KNOWLEDGE, {
      ...matrix,
      plugins: matrix.plugins.filter((p) => p.gdap !== 'yes'),
    });
    expect(recommend({}, data).primary).toBe('b2b');
  });

  it('is pure: frozen input, same output twice', () => {
    const answers: Answers = Object.freeze({ plugins: Object.freeze(['sentinel', 'intune']), existingGdap: true });
    expect(recommend(answers)).toEqual(recommend(answers));
  });
});
