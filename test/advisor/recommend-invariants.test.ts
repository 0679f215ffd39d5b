import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE } from '../../src/services/advisor/knowledge';
import { ADVISE_QUESTIONS } from '../../src/services/advisor/questions';
import { recommend, TENANT_LINK_TEMPLATE } from '../../src/services/advisor/recommend';
import { METHOD_LABELS, type Answers, type Reason } from '../../src/services/advisor/types';

const ids = DEFAULT_KNOWLEDGE.pluginMatrix.plugins.map((p) => p.id);
const subsets = (max: number): string[][] => {
  const out: string[][] = [[]];
  for (const id of ids) for (const s of [...out]) if (s.length < max) out.push([...s, id]);
  return [...out, ids];
};
const opt = <T>(...values: T[]): (T | undefined)[] => [undefined, ...values];

function* everyAnswerSet(): Generator<Answers> {
  for (const plugins of subsets(3))
    for (const timeBound of opt(true, false))
      for (const scuPayer of opt('customer' as const, 'partner' as const))
        for (const existingGdap of opt(true, false))
          for (const partnerSize of opt('few' as const, 'many' as const))
            for (const partnerChangesOften of opt(true, false))
              yield { plugins, timeBound, scuPayer, existingGdap, partnerSize, partnerChangesOften };
}

function sourceProblem(r: Reason): string | undefined {
  const s = r.source;
  if (s.kind === 'comparison' && !DEFAULT_KNOWLEDGE.comparison.some((row) => row.id === s.row)) return `row ${s.row}`;
  if (s.kind === 'plugin' && !ids.includes(s.plugin)) return `plugin ${s.plugin}`;
  if (s.kind === 'answer' && !ADVISE_QUESTIONS.some((q) => q.id === s.question)) return `question ${s.question}`;
  return r.text.trim() ? undefined : 'empty text';
}

/** Everything that would make a recommendation contradict itself, as sentences (empty when it is sound). */
function problemsOf(answers: Answers): string[] {
  const rec = recommend(answers);
  const problems: string[] = [];
  const check = (ok: boolean, what: string): void => void (ok || problems.push(what));
  // Every chosen plugin gets exactly one method.
  check(JSON.stringify(rec.perPlugin.map((p) => p.plugin)) === JSON.stringify(answers.plugins), 'plugins differ');
  // Every reason has a valid source; ids are unique; every referenced id exists.
  rec.reasons.forEach((r) => check(sourceProblem(r) === undefined, `bad source: ${sourceProblem(r)}`));
  const reasonIds = rec.reasons.map((r) => r.id);
  check(new Set(reasonIds).size === reasonIds.length, 'duplicate reason ids');
  for (const p of rec.perPlugin) {
    check(p.reasonIds.length > 0, `${p.plugin} has no reason`);
    p.reasonIds.forEach((id) => check(reasonIds.includes(id), `unknown reason id ${id}`));
    check(rec.summary.includes(p.name), `summary misses ${p.name}`);
  }
  // Primary, sign-in and next steps agree with the per-plugin methods.
  const used = [...new Set(rec.perPlugin.map((p) => p.method))];
  if (used.length > 0) check(rec.primary === (used.length === 1 ? used[0] : 'mix'), `primary ${rec.primary}`);
  const methods = (used.length > 0 ? used : [rec.primary]).sort().join();
  check(
    rec.signIn
      .map((s) => s.method)
      .sort()
      .join() === methods,
    'sign-in methods differ',
  );
  check(
    rec.nextSteps
      .map((s) => s.method)
      .sort()
      .join() === methods,
    'next-step methods differ',
  );
  for (const m of used) check(rec.summary.includes(METHOD_LABELS[m]), `summary misses ${m}`);
  return problems.map((p) => `${JSON.stringify(answers)}: ${p}`);
}

describe('recommend(): invariants over every answer set (plugins up to three, and all eight)', () => {
  it('never contradicts itself', () => {
    const sets = [...everyAnswerSet()];
    expect(sets.length).toBeGreaterThan(20_000);
    expect(sets.flatMap(problemsOf).slice(0, 10)).toEqual([]);
  });

  it('gives the tenant-explicit link for GDAP and the tenant switch for B2B', () => {
    const rec = recommend({ plugins: ['intune', 'mdti'], existingGdap: true });
    expect(rec.signIn.find((s) => s.method === 'gdap')?.linkTemplate).toBe(TENANT_LINK_TEMPLATE);
    expect(TENANT_LINK_TEMPLATE).toBe('https://securitycopilot.microsoft.com/?tenantId={tenantId}');
    expect(rec.signIn.find((s) => s.method === 'b2b')?.text).toMatch(/switch/);
    expect(rec.nextSteps).toEqual([
      { method: 'gdap', label: 'Start the GDAP hand-off', command: 'gdap handoff' },
      { method: 'b2b', label: 'Start a B2B request', command: 'request access' },
    ]);
  });
});
