import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE, withPluginMatrix } from '../../src/services/advisor/knowledge';
import {
  ADVISE_QUESTIONS,
  applyAnswer,
  buildAdviseQuestions,
  currentAnswerValue,
  skipAnswer,
} from '../../src/services/advisor/questions';
import type { Answers } from '../../src/services/advisor/types';

const ok = (result: ReturnType<typeof applyAnswer>): Answers => {
  if ('error' in result) throw new Error(`expected answers, got: ${result.error}`);
  return result.answers;
};
const error = (result: ReturnType<typeof applyAnswer>): string => ('error' in result ? result.error : '(no error)');

describe('the advise questions', () => {
  it('are the five from the issue, at most five, only plugins multi-select', () => {
    expect(ADVISE_QUESTIONS.map((q) => q.id)).toEqual([
      'plugins',
      'time-bound',
      'scu-payer',
      'existing-gdap',
      'partner-size',
    ]);
    expect(ADVISE_QUESTIONS.filter((q) => q.multiSelect).map((q) => q.id)).toEqual(['plugins']);
    for (const q of ADVISE_QUESTIONS) {
      expect(q.choices.length).toBeGreaterThan(1);
      expect(new Set(q.choices.map((c) => c.value)).size).toBe(q.choices.length);
      expect(q.skipped).toMatch(/^Skip if unsure/);
    }
  });

  it('offer every plugin of the matrix, and follow an override', () => {
    expect(ADVISE_QUESTIONS[0].choices.map((c) => c.value)).toEqual(
      DEFAULT_KNOWLEDGE.pluginMatrix.plugins.map((p) => p.id),
    );
    const data = withPluginMatrix(DEFAULT_KNOWLEDGE, {
      ...DEFAULT_KNOWLEDGE.pluginMatrix,
      plugins: [{ id: 'purview', name: 'Purview', gdap: 'no', azureResource: false }],
    });
    expect(buildAdviseQuestions(data)[0].choices).toEqual([
      { value: 'purview', title: 'Purview', sets: { plugins: ['purview'] } },
    ]);
    expect(ok(applyAnswer({}, 'plugins', 'purview', data))).toEqual({ plugins: ['purview'] });
    expect(error(applyAnswer({}, 'plugins', 'sentinel', data))).toContain("'sentinel'");
  });
});

describe('applyAnswer()', () => {
  const table: [string, string, Answers][] = [
    ['plugins', 'sentinel', { plugins: ['sentinel'] }],
    ['plugins', ' defender-xdr , intune,defender-xdr ', { plugins: ['defender-xdr', 'intune'] }],
    ['time-bound', 'yes', { timeBound: true }],
    ['time-bound', 'no', { timeBound: false }],
    ['scu-payer', 'customer', { scuPayer: 'customer' }],
    ['scu-payer', 'partner', { scuPayer: 'partner' }],
    ['existing-gdap', 'yes', { existingGdap: true }],
    ['existing-gdap', 'no', { existingGdap: false }],
    ['partner-size', 'few-stable', { partnerSize: 'few', partnerChangesOften: false }],
    ['partner-size', 'few-changing', { partnerSize: 'few', partnerChangesOften: true }],
    ['partner-size', 'many-stable', { partnerSize: 'many', partnerChangesOften: false }],
    ['partner-size', 'many-changing', { partnerSize: 'many', partnerChangesOften: true }],
  ];
  it.each(table)('%s = %j', (questionId, raw, expected) => {
    expect(ok(applyAnswer({}, questionId, raw))).toEqual(expected);
  });

  it('covers every choice of every question', () => {
    const covered = new Set(table.flatMap(([q, raw]) => raw.split(',').map((v) => `${q}:${v.trim()}`)));
    const single = ADVISE_QUESTIONS.filter((q) => !q.multiSelect).flatMap((q) =>
      q.choices.map((c) => `${q.id}:${c.value}`),
    );
    expect(single.filter((c) => !covered.has(c))).toEqual([]);
  });

  it('keeps other answers and replaces this question’s', () => {
    const before: Answers = { plugins: ['mdti'], timeBound: false };
    expect(ok(applyAnswer(before, 'plugins', 'sentinel'))).toEqual({ plugins: ['sentinel'], timeBound: false });
    expect(ok(applyAnswer(before, 'time-bound', 'yes'))).toEqual({ plugins: ['mdti'], timeBound: true });
    expect(before).toEqual({ plugins: ['mdti'], timeBound: false });
  });

  it.each([
    ['plugins', 'foo', "'foo' is not a plugin in the plugin matrix. Pick from the list, or press Skip."],
    [
      'plugins',
      'sentinel,foo,bar',
      "'foo', 'bar' are not plugins in the plugin matrix. Pick from the list, or press Skip.",
    ],
    ['plugins', ' , ', 'Pick at least one answer, or press Skip.'],
    ['time-bound', '', 'Pick an answer, or press Skip.'],
    [
      'time-bound',
      'maybe',
      `'maybe' is not an answer to "Must the partner's access end by itself?" Pick one of: Yes, it must expire (recommended); No, we remove it ourselves.`,
    ],
    ['scu-payer', 'both', "'both' is not an answer"],
    ['partner-size', 'few', "'few' is not an answer"],
    ['colour', 'blue', "There is no advise question called 'colour'."],
  ])('%s = %j -> a clear error', (questionId, raw, message) => {
    expect(error(applyAnswer({}, questionId, raw))).toContain(message);
  });

  it('refuses a value that is not text, and shortens a long echo', () => {
    expect(error(applyAnswer({}, 'time-bound', 42))).toBe('Pick an answer, or press Skip.');
    expect(error(applyAnswer({}, 'time-bound', undefined))).toBe('Pick an answer, or press Skip.');
    const long = 'x'.repeat(500);
    expect(error(applyAnswer({}, 'scu-payer', long))).toContain(`'${'x'.repeat(40)}…'`);
    expect(error(applyAnswer({}, 'scu-payer', long)).length).toBeLessThan(200);
  });
});

describe('skipAnswer() and currentAnswerValue()', () => {
  it('skipping clears the fields of that question only', () => {
    const answers: Answers = { plugins: ['intune'], partnerSize: 'many', partnerChangesOften: true, timeBound: true };
    expect(skipAnswer(answers, 'partner-size')).toEqual({ plugins: ['intune'], timeBound: true });
    expect(skipAnswer(answers, 'plugins')).toEqual({ partnerSize: 'many', partnerChangesOften: true, timeBound: true });
    expect(skipAnswer(answers, 'nope')).toBe(answers);
  });

  it('round-trips every choice', () => {
    for (const q of ADVISE_QUESTIONS) {
      expect(currentAnswerValue(q, {})).toBe('');
      for (const c of q.choices) expect(currentAnswerValue(q, ok(applyAnswer({}, q.id, c.value)))).toBe(c.value);
    }
    expect(currentAnswerValue(ADVISE_QUESTIONS[0], { plugins: ['sentinel', 'intune'] })).toBe('intune,sentinel');
  });
});
