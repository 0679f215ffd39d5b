/**
 * The five `advise` questions as data, and the pure step that turns a raw card value into Answers.
 * Every question can be skipped; `skipped` says which default recommend() then uses.
 */
import { DEFAULT_KNOWLEDGE, type Knowledge } from './knowledge';
import type { Answers, QuestionId } from './types';

export interface QuestionChoice {
  readonly value: string;
  readonly title: string;
  /** The Answers fields this choice sets (multi-select: array fields are combined across the picked choices). */
  readonly sets: Answers;
}

export interface AdviseQuestion {
  readonly id: QuestionId;
  readonly text: string;
  readonly multiSelect: boolean;
  readonly choices: readonly QuestionChoice[];
  /** The Answers fields this question fills; skipping clears them. */
  readonly fields: readonly (keyof Answers)[];
  /** What the advice assumes when the question is skipped. */
  readonly skipped: string;
}

const MAX_ECHO = 40;

export function buildAdviseQuestions(data: Knowledge = DEFAULT_KNOWLEDGE): readonly AdviseQuestion[] {
  return [
    {
      id: 'plugins',
      text: 'Which Security Copilot plugins must the partner use?',
      multiSelect: true,
      choices: data.pluginMatrix.plugins.map((p) => ({ value: p.id, title: p.name, sets: { plugins: [p.id] } })),
      fields: ['plugins'],
      skipped: 'Skip if unsure: the advice then covers the plugins GDAP supports.',
    },
    {
      id: 'time-bound',
      text: "Must the partner's access end by itself?",
      multiSelect: false,
      choices: [
        { value: 'yes', title: 'Yes, it must expire (recommended)', sets: { timeBound: true } },
        { value: 'no', title: 'No, we remove it ourselves', sets: { timeBound: false } },
      ],
      fields: ['timeBound'],
      skipped: 'Skip if unsure: the advice then assumes access must end by itself.',
    },
    {
      id: 'scu-payer',
      text: 'Who should pay for Security Compute Units (SCUs)?',
      multiSelect: false,
      choices: [
        { value: 'customer', title: 'We, the customer', sets: { scuPayer: 'customer' } },
        { value: 'partner', title: 'The partner', sets: { scuPayer: 'partner' } },
      ],
      fields: ['scuPayer'],
      skipped: 'Skip if unsure: the advice then assumes the customer pays.',
    },
    {
      id: 'existing-gdap',
      text: 'Does the partner already manage you through Partner Center (an existing GDAP relationship)?',
      multiSelect: false,
      choices: [
        { value: 'yes', title: 'Yes', sets: { existingGdap: true } },
        { value: 'no', title: 'No, or not sure', sets: { existingGdap: false } },
      ],
      fields: ['existingGdap'],
      skipped: 'Skip if unsure: the advice then assumes there is no GDAP relationship yet.',
    },
    {
      id: 'partner-size',
      text: 'How many partner people need access, and do they change often?',
      multiSelect: false,
      choices: [
        {
          value: 'few-stable',
          title: 'Up to 5, rarely changing',
          sets: { partnerSize: 'few', partnerChangesOften: false },
        },
        {
          value: 'few-changing',
          title: 'Up to 5, changing often',
          sets: { partnerSize: 'few', partnerChangesOften: true },
        },
        {
          value: 'many-stable',
          title: 'More than 5, rarely changing',
          sets: { partnerSize: 'many', partnerChangesOften: false },
        },
        {
          value: 'many-changing',
          title: 'More than 5, changing often',
          sets: { partnerSize: 'many', partnerChangesOften: true },
        },
      ],
      fields: ['partnerSize', 'partnerChangesOften'],
      skipped: 'Skip if unsure: the advice then assumes a few people who rarely change.',
    },
  ];
}

export const ADVISE_QUESTIONS: readonly AdviseQuestion[] = buildAdviseQuestions();

export function findQuestion(questionId: string, data: Knowledge = DEFAULT_KNOWLEDGE): AdviseQuestion | undefined {
  return buildAdviseQuestions(data).find((q) => q.id === questionId);
}

/**
 * Validates the raw string a question card submitted (a multi-select sends "a,b,c") and returns the new answers,
 * or an error sentence that can be shown to the user as is.
 */
export function applyAnswer(
  answers: Answers,
  questionId: string,
  rawValue: unknown,
  data: Knowledge = DEFAULT_KNOWLEDGE,
): { answers: Answers } | { error: string } {
  const question = findQuestion(questionId, data);
  if (!question) return { error: `There is no advise question called '${echo(questionId)}'.` };
  const raw = typeof rawValue === 'string' ? rawValue.trim() : '';
  const values = question.multiSelect
    ? [
        ...new Set(
          raw
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean),
        ),
      ]
    : [raw];
  if (values.length === 0 || !values[0]) {
    return {
      error: question.multiSelect ? 'Pick at least one answer, or press Skip.' : 'Pick an answer, or press Skip.',
    };
  }
  const picked = values.map((v) => question.choices.find((c) => c.value === v));
  const unknown = values.filter((_, i) => picked[i] === undefined);
  if (unknown.length > 0) return { error: unknownAnswer(question, unknown) };
  let next: Answers = skipAnswer(answers, question.id, data);
  for (const choice of picked) {
    if (!choice) continue;
    const plugins = choice.sets.plugins ? [...(next.plugins ?? []), ...choice.sets.plugins] : next.plugins;
    next = { ...next, ...choice.sets, ...(plugins ? { plugins } : {}) };
  }
  return { answers: next };
}

/** The card value that reproduces the current answer (so a question shown again is pre-filled), or ''. */
export function currentAnswerValue(question: AdviseQuestion, answers: Answers): string {
  if (question.multiSelect) {
    return question.choices
      .filter((c) => c.sets.plugins?.every((id) => answers.plugins?.includes(id)))
      .map((c) => c.value)
      .join(',');
  }
  const matches = (c: QuestionChoice): boolean =>
    Object.entries(c.sets).every(([field, value]) => answers[field as keyof Answers] === value);
  return question.choices.find(matches)?.value ?? '';
}

/** The answers with this question's fields cleared: a skipped question counts as unknown. */
export function skipAnswer(answers: Answers, questionId: string, data: Knowledge = DEFAULT_KNOWLEDGE): Answers {
  const question = findQuestion(questionId, data);
  if (!question) return answers;
  const next: Record<string, unknown> = { ...answers };
  for (const field of question.fields) delete next[field];
  return next;
}

function unknownAnswer(question: AdviseQuestion, unknown: readonly string[]): string {
  const list = unknown.map((v) => `'${echo(v)}'`).join(', ');
  if (question.id === 'plugins') {
    const noun = unknown.length === 1 ? 'a plugin' : 'plugins';
    return `${list} ${unknown.length === 1 ? 'is not' : 'are not'} ${noun} in the plugin matrix. Pick from the list, or press Skip.`;
  }
  const options = question.choices.map((c) => c.title).join('; ');
  return `${list} is not an answer to "${question.text}" Pick one of: ${options}.`;
}

/** Echoes a user's value in an error sentence without letting a long paste flood the chat. */
function echo(value: string): string {
  return value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…` : value;
}
