import { describe, expect, it } from 'vitest';
import adviseQuestionTemplate from '../../src/cards/advisor/advise-question.json';
import comparisonTemplate from '../../src/cards/advisor/comparison.json';
import pluginMatrixTemplate from '../../src/cards/advisor/plugin-matrix.json';
import recommendationTemplate from '../../src/cards/advisor/recommendation.json';
import {
  ADVISE_ANSWER_VERB,
  ADVISE_SKIP_VERB,
  LIGHTHOUSE_DOCS_URL,
  renderAdviseQuestionCard,
  renderComparisonCard,
  renderPluginMatrixCard,
  renderRecommendationCard,
} from '../../src/cards/advisor/render-advisor';
import type { AdaptiveCardJson } from '../../src/cards/render';
import { Verbs } from '../../src/cards/verbs';
import { DEFAULT_KNOWLEDGE, withPluginMatrix } from '../../src/services/advisor/knowledge';
import { ADVISE_QUESTIONS } from '../../src/services/advisor/questions';
import { recommend } from '../../src/services/advisor/recommend';
import type { Answers } from '../../src/services/advisor/types';

// The UMD build runs in Node; the package's main entry expects a browser.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const HOSTILE = '${$root.secret}';

/** Parses a card with the Adaptive Cards library; returns every parse and validation message. */
function cardProblems(json: unknown): string[] {
  const ctx = new AC.SerializationContext();
  const card = new AC.AdaptiveCard();
  card.parse(json, ctx);
  const problems: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
  return [...problems, ...card.validateProperties().validationEvents.map((e) => e.message)];
}

const actions = (card: AdaptiveCardJson): Record<string, unknown>[] =>
  (card.actions ?? []) as Record<string, unknown>[];
const texts = (card: AdaptiveCardJson): string => JSON.stringify(card);

const answerSets: [string, Answers][] = [
  ['nothing answered', {}],
  ['one plugin', { plugins: ['intune'] }],
  ['all three methods', { plugins: ['defender-xdr', 'mdti', 'sentinel'], scuPayer: 'partner', existingGdap: true }],
  ['every plugin', { plugins: DEFAULT_KNOWLEDGE.pluginMatrix.plugins.map((p) => p.id), partnerSize: 'many' }],
];

const rendered: [string, AdaptiveCardJson][] = [
  ...answerSets.map(([name, a]): [string, AdaptiveCardJson] => [
    `recommendation: ${name}`,
    renderRecommendationCard(recommend(a), { tenantId: TENANT }),
  ]),
  ['recommendation without tenant', renderRecommendationCard(recommend({ plugins: ['intune'] }), { tenantId: ' ' })],
  ['comparison', renderComparisonCard(DEFAULT_KNOWLEDGE)],
  ['plugin matrix', renderPluginMatrixCard(DEFAULT_KNOWLEDGE)],
  ...ADVISE_QUESTIONS.map((q, i): [string, AdaptiveCardJson] => [
    `question ${q.id}`,
    renderAdviseQuestionCard(q, { step: i + 1, total: ADVISE_QUESTIONS.length }),
  ]),
  [
    'question with answers',
    renderAdviseQuestionCard(ADVISE_QUESTIONS[0], { answers: { plugins: ['mdti', 'sentinel'] } }),
  ],
];

describe('advisor card templates', () => {
  it.each([
    ['recommendation.json', recommendationTemplate],
    ['comparison.json', comparisonTemplate],
    ['plugin-matrix.json', pluginMatrixTemplate],
    ['advise-question.json', adviseQuestionTemplate],
  ])('%s is a valid Adaptive Card 1.5', (_, template) => {
    expect(template).toMatchObject({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.5',
    });
    expect(cardProblems(template)).toEqual([]);
  });
});

describe('rendered advisor cards', () => {
  it.each(rendered)('%s is valid and fully expanded', (_, card) => {
    expect(cardProblems(card)).toEqual([]);
    expect(texts(card)).not.toContain('${');
    expect(card.version).toBe('1.5');
  });

  it('recommendation: next steps run chat commands, Lighthouse opens its docs', () => {
    const rec = recommend({ plugins: ['defender-xdr', 'mdti', 'sentinel'], scuPayer: 'partner', existingGdap: true });
    const card = renderRecommendationCard(rec, { tenantId: TENANT });
    expect(actions(card)).toEqual([
      {
        type: 'Action.Submit',
        title: 'Start the GDAP hand-off',
        data: { verb: Verbs.runCommand, command: 'gdap handoff' },
      },
      {
        type: 'Action.Submit',
        title: 'Start a B2B request',
        data: { verb: Verbs.runCommand, command: 'request access' },
      },
      { type: 'Action.OpenUrl', title: 'Show the Lighthouse docs', url: LIGHTHOUSE_DOCS_URL },
    ]);
    expect(texts(card)).toContain(`https://securitycopilot.microsoft.com/?tenantId=${TENANT}`);
    for (const r of rec.reasons) expect(texts(card)).toContain(JSON.stringify(`- ${r.text}`));
    expect(texts(card)).toContain(rec.summary);
  });

  it('recommendation: a hostile tenant id is encoded, never expanded', () => {
    const card = renderRecommendationCard(recommend({ plugins: ['intune'] }), { tenantId: HOSTILE });
    expect(texts(card)).toContain('?tenantId=%24%7B%24root.secret%7D');
    expect(cardProblems(card)).toEqual([]);
  });

  it('data that looks like a template expression renders literally', () => {
    const matrix = DEFAULT_KNOWLEDGE.pluginMatrix;
    const data = withPluginMatrix(DEFAULT_KNOWLEDGE, {
      ...matrix,
      note: '${$root.verb}',
      plugins: [{ id: 'evil', name: HOSTILE, gdap: 'partial', note: '${verb}', azureResource: false }],
    });
    const matrixCard = texts(renderPluginMatrixCard(data));
    expect(matrixCard).toContain(JSON.stringify(HOSTILE));
    expect(matrixCard).toContain('"${$root.verb}"');
    expect(matrixCard).toContain('"${verb}"');
    const recCard = texts(renderRecommendationCard(recommend({ plugins: ['evil'] }, data), { tenantId: TENANT }));
    expect(recCard).toContain(HOSTILE);
    expect(recCard).not.toContain('"secret"');
  });

  it('comparison shows every row and every method', () => {
    const card = texts(renderComparisonCard());
    for (const row of DEFAULT_KNOWLEDGE.comparison) {
      for (const cell of [row.consideration, row.gdap, row.b2b, row.lighthouse])
        expect(card).toContain(JSON.stringify(cell));
    }
    expect(card).toContain('"Azure Lighthouse"');
  });

  it('plugin matrix shows each plugin and its "as of" date', () => {
    const card = texts(renderPluginMatrixCard());
    expect(card).toContain('As of 2026-11-01, from \\"Grant partners access to Microsoft Copilot for Security\\".');
    for (const p of DEFAULT_KNOWLEDGE.pluginMatrix.plugins) expect(card).toContain(JSON.stringify(p.name));
  });

  it('question cards submit the answer verb with the value, and skip without inputs', () => {
    for (const q of ADVISE_QUESTIONS) {
      const card = renderAdviseQuestionCard(q);
      const [next, skip] = actions(card);
      expect(next).toMatchObject({
        type: 'Action.Submit',
        title: 'Next',
        data: { verb: ADVISE_ANSWER_VERB, questionId: q.id },
      });
      expect(skip).toMatchObject({ type: 'Action.Submit', title: 'Skip', associatedInputs: 'none' });
      expect(skip.data).toEqual({ verb: ADVISE_SKIP_VERB, questionId: q.id });
      const input = (card.body as Record<string, unknown>[]).find((e) => e.type === 'Input.ChoiceSet');
      expect(input).toMatchObject({ id: 'value', isMultiSelect: q.multiSelect, value: '' });
      expect(input?.choices).toEqual(q.choices.map((c) => ({ title: c.title, value: c.value })));
    }
    expect([ADVISE_ANSWER_VERB, ADVISE_SKIP_VERB]).toEqual(['advise.answer', 'advise.skip']);
  });

  it('a question shown again pre-selects the current answer', () => {
    const card = renderAdviseQuestionCard(ADVISE_QUESTIONS[4], {
      answers: { partnerSize: 'many', partnerChangesOften: true },
    });
    expect(texts(card)).toContain('"value":"many-changing"');
  });
});
