import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE, withPluginMatrix } from '../../src/services/advisor/knowledge';
import { loadPluginMatrixOverride } from '../../src/services/advisor/plugin-matrix-override';
import { recommend } from '../../src/services/advisor/recommend';

const dir = mkdtempSync(path.join(tmpdir(), 'plugin-matrix-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: unknown): string => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};
const failure = (file: string): string => {
  try {
    loadPluginMatrixOverride(file);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected loadPluginMatrixOverride() to throw');
};

describe('loadPluginMatrixOverride()', () => {
  it('accepts the built-in matrix written as a file', () => {
    const file = write('default.json', DEFAULT_KNOWLEDGE.pluginMatrix);
    expect(loadPluginMatrixOverride(file)).toEqual(DEFAULT_KNOWLEDGE.pluginMatrix);
  });

  it('accepts a newer matrix, which then drives the advice', () => {
    const file = write('newer.json', {
      source: 'Grant partners access to Microsoft Copilot for Security',
      asOf: '2027-03-01',
      plugins: [
        { id: 'sentinel', name: 'Sentinel', gdap: 'yes', azureResource: true },
        { id: 'purview', name: 'Purview', gdap: 'partial', note: 'Reports only.', azureResource: false },
      ],
    });
    const matrix = loadPluginMatrixOverride(file);
    expect(matrix.plugins.map((p) => p.id)).toEqual(['sentinel', 'purview']);
    const rec = recommend(
      { plugins: ['sentinel', 'purview'], existingGdap: true },
      withPluginMatrix(DEFAULT_KNOWLEDGE, matrix),
    );
    expect(rec.summary).toBe('GDAP for Sentinel, B2B for Purview');
    expect(rec.basis.asOf).toBe('2027-03-01');
  });

  it('lists every problem of a bad file at once', () => {
    const file = write('bad.json', {
      source: '',
      asOf: '01/03/2027',
      extra: true,
      plugins: [
        { id: 'Defender XDR', name: '', gdap: 'maybe', azureResource: 'no' },
        { id: 'entra', name: 'Entra', gdap: 'partial', azureResource: false },
        { id: 'entra', name: 'Entra again', gdap: 'no', azureResource: false, colour: 'red' },
      ],
    });
    const message = failure(file);
    expect(message).toContain(`the plugin matrix file ${file} has 10 problems:`);
    for (const expected of [
      '- source: must not be empty',
      '- asOf: must be a date such as 2026-11-01',
      '- (file): unknown field "extra"',
      '- plugins[0].id: must be lower-case kebab-case',
      '- plugins[0].name: must not be empty',
      '- plugins[0].gdap: must be "yes", "no" or "partial"',
      '- plugins[0].azureResource: must be true or false',
      '- plugins[1].note: is required when "gdap" is "partial"',
      '- plugins[2]: unknown field "colour"',
      '- plugins[2].id: "entra" is listed twice',
    ]) {
      expect(message).toContain(expected);
    }
  });

  it.each([
    [
      'an empty plugin list',
      { source: 'x', asOf: '2027-01-01', plugins: [] },
      'plugins: must list at least one plugin',
    ],
    ['a list instead of an object', [], '(file): must be a JSON object with source, asOf and plugins'],
    ['no plugins field', { source: 'x', asOf: '2027-01-01' }, 'plugins: must be a list of plugins'],
    ['an impossible date', { source: 'x', asOf: '2027-02-30', plugins: [] }, 'asOf: must be a date'],
  ])('refuses %s', (name, content, expected) => {
    expect(failure(write(`${name}.json`, content))).toContain(expected);
  });

  it('says when the file is not JSON', () => {
    const file = write('broken.json', '{ "source": ');
    expect(failure(file)).toMatch(new RegExp(`plugin matrix file .*broken\\.json is not valid JSON: `));
  });

  it('says when the file is missing', () => {
    const file = path.join(dir, 'missing.json');
    expect(failure(file)).toBe(`loadPluginMatrixOverride(): the plugin matrix file ${file} cannot be read (ENOENT)`);
  });
});
