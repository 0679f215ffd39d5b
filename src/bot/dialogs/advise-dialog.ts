import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import {
  ADVISE_ANSWER_VERB,
  ADVISE_SKIP_VERB,
  renderAdviseQuestionCard,
  renderRecommendationCard,
} from '../../cards/advisor/render-advisor';
import type { Knowledge } from '../../services/advisor/knowledge';
import { applyAnswer, buildAdviseQuestions, skipAnswer, type AdviseQuestion } from '../../services/advisor/questions';
import { recommend } from '../../services/advisor/recommend';
import type { Answers } from '../../services/advisor/types';
import { cardMessage } from '../messages';
import { newFormId, stampForm, type FormState } from './form-guard';

export const ADVISE_DIALOG = 'advise';

interface AdviseState extends FormState {
  index: number;
  answers: Answers;
}

interface CardValue {
  verb?: unknown;
  questionId?: unknown;
  value?: unknown;
}

/**
 * Up to five questions, one card each, every one skippable; then the recommendation card. An answer to an
 * earlier card (the user scrolled up) updates that answer and shows the current question again.
 */
export class AdviseDialog extends Dialog {
  private readonly questions: readonly AdviseQuestion[];

  constructor(
    private readonly knowledge: Knowledge,
    private readonly homeTenantId: string,
  ) {
    super(ADVISE_DIALOG);
    this.questions = buildAdviseQuestions(knowledge);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state: AdviseState = { formId: newFormId(), index: 0, answers: {} };
    dc.activeDialog!.state = state;
    await dc.context.sendActivity(
      'A few questions, and I will recommend how to let your partner in. Skip any you are unsure of; say "cancel" to stop.',
    );
    await this.ask(dc, state);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as AdviseState;
    const value = (dc.context.activity.value ?? {}) as CardValue;
    const typed = (dc.context.activity.text ?? '').trim().toLowerCase();
    const isSkip = value.verb === ADVISE_SKIP_VERB || (!value.verb && typed === 'skip');
    const questionId = typeof value.questionId === 'string' ? value.questionId : this.questions[state.index].id;
    const target = this.questions.findIndex((q) => q.id === questionId);

    if (!isSkip && value.verb !== ADVISE_ANSWER_VERB) {
      await dc.context.sendActivity(
        'Answer with the buttons on the question card, type "skip" to skip it, or "cancel" to stop.',
      );
      await this.ask(dc, state);
      return Dialog.EndOfTurn;
    }
    if (target < 0) {
      await dc.context.sendActivity('That card belongs to another advice session. Here is the current question again.');
      await this.ask(dc, state);
      return Dialog.EndOfTurn;
    }
    if (isSkip) {
      state.answers = skipAnswer(state.answers, questionId, this.knowledge);
    } else {
      const applied = applyAnswer(state.answers, questionId, value.value, this.knowledge);
      if ('error' in applied) {
        await dc.context.sendActivity(applied.error);
        await this.ask(dc, state);
        return Dialog.EndOfTurn;
      }
      state.answers = applied.answers;
    }
    if (target === state.index) state.index++;
    if (state.index < this.questions.length) {
      if (target !== state.index - 1) await dc.context.sendActivity('Updated that earlier answer.');
      await this.ask(dc, state);
      return Dialog.EndOfTurn;
    }
    await dc.context.sendActivity(
      cardMessage(renderRecommendationCard(recommend(state.answers, this.knowledge), { tenantId: this.homeTenantId })),
    );
    return dc.endDialog(state.answers);
  }

  private async ask(dc: DialogContext, state: AdviseState): Promise<void> {
    const question = this.questions[state.index];
    const card = renderAdviseQuestionCard(question, {
      step: state.index + 1,
      total: this.questions.length,
      answers: state.answers,
    });
    await dc.context.sendActivity(cardMessage(stampForm(card, dc)));
  }
}
