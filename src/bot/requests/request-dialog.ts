import { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { renderRequestFormCard, renderRequestReviewCard, type FormValues } from '../../cards/requests/render-request';
import { RequestVerbs } from '../../cards/requests/request-verbs';
import { formatPeopleLines, parsePeopleLines } from '../../services/requests/parse-people';
import type { RequestService } from '../../services/requests/request-service';
import type { AccessRequest, RequestDraft } from '../../services/requests/types';
import type { FieldProblem } from '../../services/requests/validate-request';
import { NOT_REVIEWED, draftDigest, newFormId, stampForm, type FormState } from '../dialogs/form-guard';
import { actorOf } from '../identity';
import { cardMessage } from '../messages';
import type { ApprovalCards } from './approval-cards';
import { NO_IDENTITY, requestActorOf } from './request-actor';

export const REQUEST_DIALOG = 'request-access';

interface RequestDialogState extends FormState {
  kind: 'request' | 'invite';
  values: FormValues;
  draft?: RequestDraft;
}

const FORM_FIELDS = ['people', 'role', 'duration', 'justification', 'message', 'ccEmail'] as const;

/**
 * One form card (everything on it, so it feels like a Teams form), a review card with Submit / Edit / Cancel, then
 * the request goes to the approvers. Bad input re-shows the form with every problem listed and the values kept.
 */
export class RequestDialog extends Dialog {
  constructor(
    private readonly requests: RequestService,
    private readonly cards: ApprovalCards,
    /** Starts provisioning in the background for an admin's self-approved invitation. */
    private readonly provision: (request: AccessRequest) => void,
  ) {
    super(REQUEST_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: { kind?: 'request' | 'invite' }): Promise<DialogTurnResult> {
    const kind = options?.kind ?? 'request';
    const actor = requestActorOf(actorOf(dc.context));
    if (!actor) {
      await dc.context.sendActivity(NO_IDENTITY);
      return dc.endDialog();
    }
    const eligible = await this.requests.eligibility(actor, kind);
    if (!eligible.ok) {
      await dc.context.sendActivity(eligible.message);
      return dc.endDialog();
    }
    const state: RequestDialogState = { formId: newFormId(), kind, values: {} };
    dc.activeDialog!.state = state;
    await this.showForm(dc, state, []);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as RequestDialogState;
    const value = (dc.context.activity.value ?? {}) as Record<string, unknown>;
    switch (value.verb) {
      case RequestVerbs.formReview:
        return this.review(dc, state, value);
      case RequestVerbs.formEdit:
        await this.showForm(dc, state, []);
        return Dialog.EndOfTurn;
      case RequestVerbs.formCancel:
        await dc.context.sendActivity('Cancelled. Nothing was sent to the approvers.');
        return dc.endDialog();
      case RequestVerbs.formSubmit:
        return this.submit(dc, state, value.digest);
      default:
        await dc.context.sendActivity('Fill in the form above and press Review, or say "cancel" to stop.');
        return Dialog.EndOfTurn;
    }
  }

  private async review(
    dc: DialogContext,
    state: RequestDialogState,
    value: Record<string, unknown>,
  ): Promise<DialogTurnResult> {
    state.values = Object.fromEntries(
      FORM_FIELDS.map((f) => [
        f,
        value[f] === undefined || value[f] === null ? '' : String(value[f as string] as string | number),
      ]),
    );
    const checked = await this.requests.validate(
      { ...state.values, people: parsePeopleLines(state.values.people ?? '') },
      requestActorOf(actorOf(dc.context)),
    );
    if ('problems' in checked) {
      state.draft = undefined;
      await this.showForm(dc, state, checked.problems);
      return Dialog.EndOfTurn;
    }
    state.draft = checked.draft;
    const card = renderRequestReviewCard({ kind: state.kind, draft: checked.draft, policy: this.requests.policy });
    const digest = { verb: RequestVerbs.formSubmit, value: reviewedDigest(state) };
    await dc.context.sendActivity(cardMessage(stampForm(card, dc, digest)));
    return Dialog.EndOfTurn;
  }

  private async submit(dc: DialogContext, state: RequestDialogState, digest: unknown): Promise<DialogTurnResult> {
    const actor = requestActorOf(actorOf(dc.context));
    if (!state.draft || !actor) {
      await dc.context.sendActivity('Press Review first, so you can check the request before it is sent.');
      return Dialog.EndOfTurn;
    }
    if (digest !== reviewedDigest(state)) {
      await dc.context.sendActivity(NOT_REVIEWED);
      return Dialog.EndOfTurn;
    }
    const result = await this.requests.submit(actor, state.draft, state.kind);
    if ('error' in result) {
      await dc.context.sendActivity(result.error);
      return dc.endDialog();
    }
    const copy = await dc.context.sendActivity(
      cardMessage(this.cards.render(result, 'requester', await this.cards.refreshUserIds(result))),
    );
    if (copy?.id)
      await this.cards.recordRequesterCopy({
        requestId: result.id,
        conversationKey: `user:${actor.aadObjectId}`,
        activityId: copy.id,
        reference: referenceOf(dc),
      });
    if (state.kind === 'invite') {
      this.provision(result);
      await dc.context.sendActivity(
        'Approved by you as an admin. I am setting up access now and will tell you when it is done.',
      );
      return dc.endDialog(result);
    }
    const reached = await this.cards.announce(result);
    await dc.context.sendActivity(
      reached > 0
        ? `Sent to the approvers (${reached} ${reached === 1 ? 'place' : 'places'}). I will tell you here when someone decides.`
        : 'Your request is saved, but I could not reach any approver in Teams yet. Ask an admin to say "use this channel for approvals" in a team channel where I am installed, or ask an approver to say "pending" to me.',
    );
    return dc.endDialog(result);
  }

  private async showForm(
    dc: DialogContext,
    state: RequestDialogState,
    problems: readonly FieldProblem[],
  ): Promise<void> {
    const values = state.draft ? { ...draftToValues(state.draft), ...state.values } : state.values;
    const card = renderRequestFormCard({ kind: state.kind, values, problems, policy: this.requests.policy });
    await dc.context.sendActivity(cardMessage(stampForm(card, dc)));
  }
}

/** The send button names the draft its review card showed; a different stored draft is not sent. */
const reviewedDigest = (state: RequestDialogState): string => draftDigest({ kind: state.kind, draft: state.draft });

function draftToValues(d: RequestDraft): FormValues {
  return {
    people: formatPeopleLines(d.people),
    role: d.role,
    duration: d.durationDays === null ? '' : String(d.durationDays),
    justification: d.justification,
    message: d.message,
    ccEmail: d.ccEmail,
  };
}

function referenceOf(dc: DialogContext): Record<string, unknown> {
  return TurnContext.getConversationReference(dc.context.activity);
}
