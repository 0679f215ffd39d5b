/**
 * recommend(): a pure function of the answers and the knowledge. The rules live in recommend-rules.ts; this file
 * applies them to every chosen plugin, states the defaults it used, and assembles the card-ready Recommendation.
 * Invariant: every chosen plugin that the matrix knows gets exactly one method.
 */
import { DEFAULT_KNOWLEDGE, findPlugin, type Knowledge, type PluginEntry } from './knowledge';
import {
  ANSWER_DEFAULTS,
  decidePlugin,
  decideSupported,
  forcedMethod,
  joinNames,
  methodNotes,
  oneMethodReason,
  type ResolvedAnswers,
} from './recommend-rules';
import { METHOD_LABELS, METHODS } from './types';
import type {
  Answers,
  Method,
  NextStep,
  PluginAdvice,
  QuestionId,
  Reason,
  Recommendation,
  SignInAdvice,
} from './types';

export { ANSWER_DEFAULTS } from './recommend-rules';

const COPILOT_URL = 'https://securitycopilot.microsoft.com';
export const TENANT_LINK_TEMPLATE = `${COPILOT_URL}/?tenantId={tenantId}`;

const SIGN_IN: Readonly<Record<Method, Omit<SignInAdvice, 'method'>>> = {
  gdap: {
    text: "GDAP users cannot switch tenant: they open Security Copilot with the customer's tenant id in the link.",
    linkTemplate: TENANT_LINK_TEMPLATE,
  },
  b2b: {
    text: "Guests sign in with their own email, then switch to the customer's tenant in Security Copilot.",
    linkTemplate: COPILOT_URL,
  },
  lighthouse: {
    text: "Partner people sign in to Security Copilot in the partner's own tenant; the delegated Sentinel workspaces appear there.",
    linkTemplate: COPILOT_URL,
  },
};

const NEXT_STEPS: Readonly<Record<Method, Omit<NextStep, 'method'>>> = {
  b2b: { label: 'Start a B2B request', command: 'request access' },
  gdap: { label: 'Start the GDAP hand-off', command: 'gdap handoff' },
  lighthouse: { label: 'Show the Lighthouse docs', command: 'lighthouse docs' },
};

const DEFAULT_TEXT: Readonly<Record<Exclude<QuestionId, 'plugins'>, string>> = {
  'time-bound': 'You skipped whether access must end by itself, so the advice assumes it must.',
  'scu-payer': 'You skipped who pays for SCUs, so the advice assumes the customer does.',
  'existing-gdap': 'You skipped the Partner Center question, so the advice assumes there is no GDAP relationship yet.',
  'partner-size': 'You skipped how many partner people need access, so the advice assumes a few who rarely change.',
};

export function recommend(answers: Answers, data: Knowledge = DEFAULT_KNOWLEDGE): Recommendation {
  const matrix = data.pluginMatrix;
  const a = resolve(answers);
  const reasons = new Map<string, Reason>();
  const add = (list: readonly Reason[]): string[] => list.map((r) => (reasons.set(r.id, r), r.id));

  const chosenIds = [...new Set(answers.plugins ?? [])];
  const chosen = chosenIds.map((id) => findPlugin(matrix, id)).filter((p): p is PluginEntry => p !== undefined);
  const unknownIds = chosenIds.filter((id) => !findPlugin(matrix, id));

  const b2bForced = chosen.filter((p) => forcedMethod(p, a) === 'b2b');
  const b2bReason = b2bForced.length > 0 ? oneMethodReason(b2bForced) : undefined;
  const perPlugin: PluginAdvice[] = chosen.map((p) => {
    const d = decidePlugin(p, a, matrix.asOf, b2bReason);
    return { plugin: p.id, name: p.name, method: d.method, reasonIds: add(d.reasons) };
  });

  let primary: Method | 'mix';
  let summary: string;
  if (chosen.length === 0) {
    const supported = matrix.plugins.filter((p) => p.gdap === 'yes');
    const d = supported.length > 0 ? decideSupported(a, undefined) : { method: 'b2b' as const, reasons: [] };
    add([noPluginsReason(matrix.plugins, matrix.asOf), ...d.reasons, ...methodNotes(d.method, a)]);
    primary = d.method;
    summary = `${METHOD_LABELS[d.method]} (no plugins chosen)`;
  } else {
    const used = METHODS.filter((m) => perPlugin.some((pp) => pp.method === m));
    primary = used.length === 1 ? used[0] : 'mix';
    summary = used
      .map(
        (m) =>
          `${METHOD_LABELS[m]} for ${joinNames(chosen.filter((_, i) => perPlugin[i].method === m).map((p) => p.name))}`,
      )
      .join(', ');
  }
  if (unknownIds.length > 0) add([unknownPluginsReason(unknownIds, matrix.asOf)]);
  add(defaultReasons(answers));

  const methods = primary === 'mix' ? METHODS.filter((m) => perPlugin.some((pp) => pp.method === m)) : [primary];
  return {
    primary,
    perPlugin,
    summary,
    reasons: [...reasons.values()],
    signIn: methods.map((method) => ({ method, ...SIGN_IN[method] })),
    nextSteps: methods.map((method) => ({ method, ...NEXT_STEPS[method] })),
    basis: { knowledgeVersion: data.version, asOf: matrix.asOf, source: matrix.source },
  };
}

function resolve(answers: Answers): ResolvedAnswers {
  return {
    timeBound: answers.timeBound ?? ANSWER_DEFAULTS.timeBound,
    scuPayer: answers.scuPayer ?? ANSWER_DEFAULTS.scuPayer,
    existingGdap: answers.existingGdap ?? ANSWER_DEFAULTS.existingGdap,
    partnerSize: answers.partnerSize ?? ANSWER_DEFAULTS.partnerSize,
    partnerChangesOften: answers.partnerChangesOften ?? ANSWER_DEFAULTS.partnerChangesOften,
  };
}

const answerReason = (id: string, question: QuestionId, text: string): Reason => ({
  id,
  text,
  source: { kind: 'answer', question },
});

function defaultReasons(answers: Answers): Reason[] {
  const skipped: [Exclude<QuestionId, 'plugins'>, boolean][] = [
    ['time-bound', answers.timeBound === undefined],
    ['scu-payer', answers.scuPayer === undefined],
    ['existing-gdap', answers.existingGdap === undefined],
    ['partner-size', answers.partnerSize === undefined && answers.partnerChangesOften === undefined],
  ];
  return skipped.filter(([, s]) => s).map(([q]) => answerReason(`answer:default:${q}`, q, DEFAULT_TEXT[q]));
}

function noPluginsReason(plugins: readonly PluginEntry[], asOf: string): Reason {
  const names = (list: PluginEntry[]): string => joinNames(list.map((p) => p.name)) || 'none';
  const supported = plugins.filter((p) => p.gdap === 'yes');
  const others = plugins.filter((p) => p.gdap !== 'yes');
  return answerReason(
    'answer:default:plugins',
    'plugins',
    `You did not pick plugins, so the advice covers the plugins GDAP supports (as of ${asOf}): ${names(supported)}. ` +
      `The others need B2B, or Azure Lighthouse for Azure-resource plugins: ${names(others)}.`,
  );
}

function unknownPluginsReason(ids: readonly string[], asOf: string): Reason {
  return answerReason(
    'answer:unknown-plugins',
    'plugins',
    `Not in the plugin matrix (as of ${asOf}), so left out of the advice: ${joinNames(ids)}.`,
  );
}
