/**
 * Typed renderers for the advisor's cards. Every value from the knowledge, the answers or the user travels as
 * template DATA, never as template text, so a value such as `${$root.secret}` renders literally.
 */
import { DEFAULT_KNOWLEDGE, SOURCE_DOCUMENT, type Knowledge } from '../../services/advisor/knowledge';
import { currentAnswerValue, type AdviseQuestion } from '../../services/advisor/questions';
import { METHOD_LABELS, type Answers, type Recommendation } from '../../services/advisor/types';
import { expandCard, type AdaptiveCardJson } from '../render';
import { Verbs } from '../verbs';
import adviseQuestionTemplate from './advise-question.json';
import comparisonTemplate from './comparison.json';
import pluginMatrixTemplate from './plugin-matrix.json';
import recommendationTemplate from './recommendation.json';

/** Submitted by a question card's "Next": `{ verb, questionId, value }` (a multi-select value is "a,b,c"). */
export const ADVISE_ANSWER_VERB = 'advise.answer';
/** Submitted by a question card's "Skip": `{ verb, questionId }`. */
export const ADVISE_SKIP_VERB = 'advise.skip';
export const LIGHTHOUSE_DOCS_URL = 'https://learn.microsoft.com/azure/lighthouse/overview';

const TENANT_PLACEHOLDER = '<customer tenant id>';

export function renderRecommendationCard(rec: Recommendation, options: { tenantId: string }): AdaptiveCardJson {
  const tenant = options.tenantId.trim() ? encodeURIComponent(options.tenantId.trim()) : TENANT_PLACEHOLDER;
  return expandCard(recommendationTemplate, {
    summary: rec.summary,
    hasPlugins: rec.perPlugin.length > 0,
    perPlugin: rec.perPlugin.map((p) => ({ name: p.name, methodLabel: METHOD_LABELS[p.method] })),
    reasons: rec.reasons.map((r) => ({ text: r.text })),
    signIn: rec.signIn.map((s) => ({
      label: METHOD_LABELS[s.method],
      text: s.text,
      link: s.linkTemplate.split('{tenantId}').join(tenant),
    })),
    basis: basisLine(rec.basis.asOf, rec.basis.source, rec.basis.knowledgeVersion),
    submitSteps: rec.nextSteps
      .filter((s) => s.method !== 'lighthouse')
      .map((s) => ({ title: s.label, verb: Verbs.runCommand, command: s.command })),
    urlSteps: rec.nextSteps
      .filter((s) => s.method === 'lighthouse')
      .map((s) => ({ title: s.label, url: LIGHTHOUSE_DOCS_URL })),
  });
}

export function renderComparisonCard(data: Knowledge = DEFAULT_KNOWLEDGE): AdaptiveCardJson {
  return expandCard(comparisonTemplate, {
    intro: `From "${SOURCE_DOCUMENT}" (knowledge v${data.version}). The methods can be mixed per plugin.`,
    labels: METHOD_LABELS,
    rows: data.comparison.map((r) => ({
      consideration: r.consideration,
      gdap: r.gdap,
      b2b: r.b2b,
      lighthouse: r.lighthouse,
    })),
    verb: Verbs.runCommand,
  });
}

const GDAP_LABEL = { yes: 'Yes', partial: 'Partly', no: 'No' } as const;

export function renderPluginMatrixCard(data: Knowledge = DEFAULT_KNOWLEDGE): AdaptiveCardJson {
  const matrix = data.pluginMatrix;
  return expandCard(pluginMatrixTemplate, {
    asOfLine: `As of ${matrix.asOf}, from "${matrix.source}".`,
    hasMatrixNote: Boolean(matrix.note),
    matrixNote: matrix.note ?? '',
    plugins: matrix.plugins.map((p) => ({
      name: p.name,
      gdap: p.gdap,
      gdapLabel: GDAP_LABEL[p.gdap],
      lighthouseLabel: p.azureResource ? 'Yes' : 'No',
      hasNote: Boolean(p.note),
      note: p.note ?? '',
    })),
    verb: Verbs.runCommand,
  });
}

export interface QuestionCardOptions {
  /** 1-based position of the question, for "Question 2 of 5". */
  readonly step?: number;
  readonly total?: number;
  /** Answers so far: the card pre-selects this question's current answer. */
  readonly answers?: Answers;
}

export function renderAdviseQuestionCard(
  question: AdviseQuestion,
  options: QuestionCardOptions = {},
): AdaptiveCardJson {
  const { step, total, answers = {} } = options;
  return expandCard(adviseQuestionTemplate, {
    progress: step && total ? `Question ${step} of ${total}` : 'Question',
    text: question.text,
    label: question.multiSelect ? 'Pick one or more' : 'Pick one',
    isMultiSelect: question.multiSelect,
    current: currentAnswerValue(question, answers),
    errorMessage: question.multiSelect ? 'Pick at least one, or press Skip.' : 'Pick one, or press Skip.',
    choices: question.choices.map((c) => ({ title: c.title, value: c.value })),
    hint: question.skipped,
    questionId: question.id,
    answerVerb: ADVISE_ANSWER_VERB,
    skipVerb: ADVISE_SKIP_VERB,
  });
}

function basisLine(asOf: string, source: string, version: string): string {
  return `Plugin matrix as of ${asOf}, from "${source}". Knowledge v${version}.`;
}
