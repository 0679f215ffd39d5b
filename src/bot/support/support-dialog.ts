import { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { SupportVerbs, renderSupportCaseCard, renderSupportFormCard } from '../../cards/support/render-support';
import type { SupportService } from '../../services/support/support-service';
import type { CardPostStore } from '../../services/storage/types';
import type { AdminBroadcast } from '../admin-broadcast';
import { newFormId, stampForm, type FormState } from '../dialogs/form-guard';
import { actorOf } from '../identity';
import { cardMessage } from '../messages';
import { NO_IDENTITY, requestActorOf } from '../requests/request-actor';

export const SUPPORT_DIALOG = 'support';

export interface SupportDialogDeps {
  readonly support: SupportService;
  readonly admins: AdminBroadcast;
  readonly cardPosts: CardPostStore;
  readonly home: { readonly tenantId: string; readonly displayName: string };
  /** The person's email as Teams knows it, if it does. */
  readonly emailOf: (context: TurnContext) => Promise<string | undefined>;
}

/** `support`: one card to describe the problem; the admins get a hand-off card, the partner a copy of it. */
export class SupportDialog extends Dialog {
  constructor(private readonly deps: SupportDialogDeps) {
    super(SUPPORT_DIALOG);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    dc.activeDialog!.state = { formId: newFormId() } satisfies FormState;
    const card = renderSupportFormCard({ tenantName: this.deps.home.displayName });
    await dc.context.sendActivity(cardMessage(stampForm(card, dc)));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const value = (dc.context.activity.value ?? {}) as Record<string, unknown>;
    if (value.verb !== SupportVerbs.submit) {
      await dc.context.sendActivity(
        'Describe the problem on the card above and press "Send to the admins", or say "cancel".',
      );
      return Dialog.EndOfTurn;
    }
    const checked = this.deps.support.validate(value);
    if ('problems' in checked) {
      const again = renderSupportFormCard({
        tenantName: this.deps.home.displayName,
        description: typeof value.description === 'string' ? value.description : '',
        severity: typeof value.severity === 'string' ? value.severity : '',
        problems: checked.problems,
      });
      await dc.context.sendActivity(cardMessage(stampForm(again, dc)));
      return Dialog.EndOfTurn;
    }
    const actor = requestActorOf(actorOf(dc.context));
    if (!actor) {
      await dc.context.sendActivity(NO_IDENTITY);
      return dc.endDialog();
    }
    const created = await this.deps.support.open({ ...actor, email: await this.deps.emailOf(dc.context) }, checked);
    const view = (canHandle: boolean) =>
      renderSupportCaseCard(created, {
        tenantId: this.deps.home.tenantId,
        tenantName: this.deps.home.displayName,
        canHandle,
      });
    const delivered = await this.deps.admins.send(cardMessage(view(true)), { exclude: actor.aadObjectId });
    for (const d of delivered)
      await this.deps.cardPosts.add({
        requestId: created.id,
        conversationKey: d.key,
        activityId: d.activityId,
        audience: 'approvers',
        reference: d.reference,
      });
    const copy = await dc.context.sendActivity(cardMessage(view(false)));
    if (copy?.id) {
      const reference = TurnContext.getConversationReference(dc.context.activity) as unknown as Record<string, unknown>;
      await this.deps.cardPosts.add({
        requestId: created.id,
        conversationKey: `user:${actor.aadObjectId}`,
        activityId: copy.id,
        audience: 'requester',
        reference,
      });
    }
    await dc.context.sendActivity(
      delivered.length > 0
        ? `Sent to ${this.deps.home.displayName}'s admins. They open the Microsoft support case for you; I will tell you here when they have.`
        : `Saved (case ${created.id.slice(0, 8)}), but I could not reach any admin in Teams right now. Please also tell your contact at ${this.deps.home.displayName}.`,
    );
    return dc.endDialog(created);
  }
}
