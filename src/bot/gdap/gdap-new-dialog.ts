import { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import {
  includesGlobalAdmin,
  renderGdapCheckCard,
  renderGdapFormCard,
  type GdapFormValues,
} from '../../cards/gdap/render-gdap-partner';
import { GdapVerbs } from '../../cards/gdap/gdap-verbs';
import type { TenantPolicy } from '../../services/access/tenant-policy';
import type { GdapClient } from '../../services/gdap/gdap-client';
import {
  defaultGdapRoleIds,
  gdapJustificationProblem,
  validateGdapDraft,
  type GdapDraft,
} from '../../services/gdap/gdap-draft';
import { nameTakenMessage } from '../../services/gdap/gdap-messages';
import type { RequestService } from '../../services/requests/request-service';
import type { GdapRequestDetails } from '../../services/requests/types';
import type { FieldProblem } from '../../services/requests/validate-request';
import { NOT_REVIEWED, draftDigest, newFormId, stampForm, type FormState } from '../dialogs/form-guard';
import { actorOf } from '../identity';
import { cardMessage } from '../messages';
import type { ApprovalCards } from '../requests/approval-cards';
import { NO_IDENTITY, requestActorOf } from '../requests/request-actor';

export const GDAP_NEW_DIALOG = 'gdapNew';

export interface GdapNewDeps {
  readonly requests: RequestService;
  readonly cards: ApprovalCards;
  readonly tenants: TenantPolicy;
  readonly client: Pick<GdapClient, 'nameTaken'>;
}

interface GdapNewState extends FormState {
  values: GdapFormValues;
  details?: GdapRequestDetails;
  justification?: string;
  /** From the admin group at `gdap new` (Graph); the override of Global Administrator is an admin's only. */
  isAdmin?: boolean;
}

const FIELDS = [
  'customer',
  'displayName',
  'durationDays',
  'autoExtend',
  'roles',
  'allowGlobalAdmin',
  'justification',
] as const;

const asText = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

/**
 * `gdap new` (partner side): one form, every problem listed at once with the values kept, then a review card and
 * the same approval cards as an access request. The customer is resolved and the name checked in Graph before
 * anything is stored.
 */
export class GdapNewDialog extends Dialog {
  constructor(private readonly deps: GdapNewDeps) {
    super(GDAP_NEW_DIALOG);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const actor = requestActorOf(actorOf(dc.context));
    if (!actor) {
      await dc.context.sendActivity(NO_IDENTITY);
      return dc.endDialog();
    }
    const eligible = await this.deps.requests.gdapEligibility(actor);
    if (!eligible.ok) {
      await dc.context.sendActivity(eligible.message);
      return dc.endDialog();
    }
    const state: GdapNewState = { formId: newFormId(), values: {}, isAdmin: eligible.isAdmin };
    dc.activeDialog!.state = state;
    await this.showForm(dc, state, []);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as GdapNewState;
    const value = (dc.context.activity.value ?? {}) as Record<string, unknown>;
    switch (value.verb) {
      case GdapVerbs.formReview:
        return this.review(dc, state, value);
      case GdapVerbs.formEdit:
        await this.showForm(dc, state, []);
        return Dialog.EndOfTurn;
      case GdapVerbs.formCancel:
        await dc.context.sendActivity('Cancelled. Nothing was sent to the approvers.');
        return dc.endDialog();
      case GdapVerbs.formSubmit:
        return this.submit(dc, state, value.digest);
      default:
        await dc.context.sendActivity('Fill in the form above and press Review, or say "cancel" to stop.');
        return Dialog.EndOfTurn;
    }
  }

  private async review(dc: DialogContext, state: GdapNewState, value: Record<string, unknown>) {
    state.values = Object.fromEntries(FIELDS.map((f) => [f, asText(value[f])]));
    state.details = undefined;
    const checked = await this.check(state.values, state.isAdmin === true);
    if ('problems' in checked) {
      await this.showForm(dc, state, checked.problems);
      return Dialog.EndOfTurn;
    }
    state.details = checked.details;
    state.justification = checked.justification;
    const card = renderGdapCheckCard({ ...checked.details, justification: checked.justification });
    await dc.context.sendActivity(
      cardMessage(stampForm(card, dc, { verb: GdapVerbs.formSubmit, value: reviewedDigest(state) })),
    );
    return Dialog.EndOfTurn;
  }

  /** The form's rules, then what only Graph knows: whose tenant the customer is, and whether the name is free. */
  private async check(
    v: GdapFormValues,
    isAdmin: boolean,
  ): Promise<{ details: GdapRequestDetails; justification: string } | { problems: FieldProblem[] }> {
    const validated = validateGdapDraft(v, { isAdmin });
    const problems: FieldProblem[] = 'problems' in validated ? [...validated.problems] : [];
    const justification = (v.justification ?? '').trim();
    const justificationIssue = gdapJustificationProblem(justification);
    if (justificationIssue) problems.push({ field: 'justification', message: justificationIssue });
    if (!('draft' in validated) || problems.length > 0) return { problems };
    const { draft } = validated;
    const customer = await this.customerOf(draft);
    if ('problem' in customer) problems.push({ field: 'customer', message: customer.problem });
    const name = await this.deps.client.nameTaken(draft.displayName);
    if (name.taken) problems.push({ field: 'displayName', message: nameTakenMessage(draft.displayName, name.ended) });
    if (problems.length > 0 || 'problem' in customer) return { problems };
    return {
      justification,
      details: {
        customer,
        displayName: draft.displayName,
        durationDays: draft.durationDays,
        autoExtend: draft.autoExtend,
        roleIds: [...draft.roleIds],
        globalAdminOverride: includesGlobalAdmin(draft.roleIds),
      },
    };
  }

  private async customerOf(
    draft: GdapDraft,
  ): Promise<{ tenantId: string; displayName?: string } | { problem: string }> {
    const ref = draft.customer;
    const found =
      ref.kind === 'domain'
        ? await this.deps.tenants.lookupDomain(ref.domain)
        : await this.deps.tenants.lookupTenantId(ref.tenantId);
    if (!found)
      return {
        problem:
          ref.kind === 'domain'
            ? `No Microsoft tenant uses the domain "${ref.domain}". Check the spelling, or give the customer's tenant id.`
            : `No Microsoft tenant has the id ${ref.tenantId}. Check it with the customer.`,
      };
    if (this.deps.tenants.isHome(found.tenantId))
      return { problem: 'That is this (partner) organisation itself; name the customer you want admin access to.' };
    return { tenantId: found.tenantId.toLowerCase(), displayName: found.displayName };
  }

  private async submit(dc: DialogContext, state: GdapNewState, digest: unknown): Promise<DialogTurnResult> {
    const actor = requestActorOf(actorOf(dc.context));
    if (!state.details || !actor) {
      await dc.context.sendActivity('Press Review first, so you can check the request before it is sent.');
      return Dialog.EndOfTurn;
    }
    if (digest !== reviewedDigest(state)) {
      await dc.context.sendActivity(NOT_REVIEWED);
      return Dialog.EndOfTurn;
    }
    const { requests, cards } = this.deps;
    const result = await requests.submitGdap(actor, state.details, state.justification ?? '');
    if ('error' in result) {
      await dc.context.sendActivity(result.error);
      return dc.endDialog();
    }
    const copy = await dc.context.sendActivity(
      cardMessage(cards.render(result, 'requester', await cards.refreshUserIds(result))),
    );
    if (copy?.id)
      await cards.recordRequesterCopy({
        requestId: result.id,
        conversationKey: `user:${actor.aadObjectId}`,
        activityId: copy.id,
        reference: TurnContext.getConversationReference(dc.context.activity),
      });
    const reached = await cards.announce(result);
    await dc.context.sendActivity(
      reached > 0
        ? `Sent to the partner approvers (${reached} ${reached === 1 ? 'place' : 'places'}). Once one approves, I create the relationship and give you the link for the customer's Global Administrator.`
        : 'Your request is saved, but I could not reach any approver in Teams yet. Ask an approver to say "pending" to me.',
    );
    return dc.endDialog(result);
  }

  private async showForm(dc: DialogContext, state: GdapNewState, problems: readonly FieldProblem[]) {
    const card = renderGdapFormCard({ values: state.values, problems, defaultRoleIds: defaultGdapRoleIds() });
    await dc.context.sendActivity(cardMessage(stampForm(card, dc)));
  }
}

/** The send button names the relationship its check card showed; a different stored one is not sent. */
const reviewedDigest = (state: GdapNewState): string =>
  draftDigest({ details: state.details, justification: state.justification });
