import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type BotState,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { renderWelcomeCard } from '../cards/core/render-core';
import { Verbs } from '../cards/verbs';
import type { TenantPolicy } from '../services/access/tenant-policy';
import type { Logger } from '../services/logging/logger';
import type { AuditLog } from '../services/storage/types';
import { invokeError, invokeMessage, invokeValueProblem, type CardActionRouter } from './card-actions';
import type { RequestActions } from './requests/request-actions';
import type { MainDialog } from './dialogs/main-dialog';
import { actorOf } from './identity';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardMessage } from './messages';
import { OncePerWindow } from './once-per-window';
import type { AdaptiveCardJson } from '../cards/render';

export interface AccessBotDeps {
  /** The sender's own state in this conversation: their dialogs and drafts. */
  readonly personalState: BotState;
  readonly userState: BotState;
  readonly mainDialog: MainDialog;
  readonly cardActions: CardActionRouter;
  readonly requestActions: RequestActions;
  readonly tenants: TenantPolicy;
  readonly homeTenantName: string;
  readonly logger: Logger;
  readonly audit: AuditLog;
}

/** The Teams entry point: refuses unknown organisations, routes messages and card actions, saves state. */
export class AccessBot extends TeamsActivityHandler {
  /** A refused organisation's messages are audited once per sender per hour: they must not grow the log at will. */
  private readonly refusalsAudited = new OncePerWindow(3_600_000);

  constructor(private readonly deps: AccessBotDeps) {
    super();
    deps.cardActions.on(Verbs.runCommand, async (context, data) => {
      await this.deps.mainDialog.run(context, {
        text: typeof data.command === 'string' ? data.command : '',
        fromButton: true,
      });
      return invokeMessage('Done.');
    });

    this.onMessage(async (context, next) => {
      if (await this.refuseStranger(context)) return;
      const value = context.activity.value as { verb?: unknown; command?: unknown } | undefined;
      if (value?.verb !== Verbs.runCommand && this.deps.cardActions.has(value?.verb)) {
        await this.onSubmitFallback(context, value.verb, value);
        return next();
      }
      const fromButton = value?.verb === Verbs.runCommand && typeof value.command === 'string';
      const text = fromButton ? String(value.command) : (context.activity.text ?? '');
      await this.deps.mainDialog.run(context, { text, fromButton });
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient?.id);
      if (botAdded && (await this.deps.tenants.isAllowed(actorOf(context).tenantId))) {
        await context.sendActivity(cardMessage(renderWelcomeCard({ tenantName: this.deps.homeTenantName })));
      }
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.personalState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  /** A forged or malformed invoke is the caller's mistake: 400 with a reason, never a 500 or a 501. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const { name } = context.activity;
    const value: unknown = context.activity.value;
    const problem = name === 'adaptiveCard/action' ? invokeValueProblem(value) : undefined;
    if (problem) return { status: 400, body: invokeError(400, 'BadRequest', problem) };
    const response = await super.onInvokeActivity(context);
    if (response.status !== 501) return response;
    return { status: 400, body: invokeError(400, 'BadRequest', 'This bot does not handle that kind of request.') };
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (!(await this.deps.tenants.isAllowed(actorOf(context).tenantId))) {
      await this.auditStranger(context);
      return invokeError(403, 'Forbidden', this.strangerText());
    }
    return this.deps.cardActions.dispatch(context, value);
  }

  /**
   * A client without Universal Actions sends a card's Action.Submit fallback as a message: it goes to the same
   * handler as the Action.Execute it stands in for, and a card answer replaces the card the click came from.
   */
  private async onSubmitFallback(context: TurnContext, verb: string, data: Record<string, unknown>): Promise<void> {
    const response = await this.deps.cardActions.dispatch(context, {
      action: { type: 'Action.Execute', verb, data, id: '' },
      trigger: 'manual',
    } as unknown as AdaptiveCardInvokeValue);
    if (response.type === ADAPTIVE_CARD_CONTENT_TYPE) {
      const message = cardMessage(response.value as unknown as AdaptiveCardJson);
      if (context.activity.replyToId) await context.updateActivity({ ...message, id: context.activity.replyToId });
      else await context.sendActivity(message);
      return;
    }
    const value = response.value as unknown as string | { message?: string } | undefined;
    const text = typeof value === 'string' ? value : value?.message;
    if (text) await context.sendActivity(text);
  }

  private async refuseStranger(context: TurnContext): Promise<boolean> {
    const actor = actorOf(context);
    if (await this.deps.tenants.isAllowed(actor.tenantId)) return false;
    this.deps.logger.warn(
      { tenantId: actor.tenantId, aadObjectId: actor.aadObjectId },
      'refused a message from a tenant that is not allowed',
    );
    await this.auditStranger(context);
    await context.sendActivity(this.strangerText());
    return true;
  }

  private async auditStranger(context: TurnContext): Promise<void> {
    const actor = actorOf(context);
    if (!this.refusalsAudited.first(`${actor.tenantId ?? ''}:${actor.aadObjectId ?? actor.channelUserId}`)) return;
    const verb = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
    await this.deps.audit.append({
      actorId: actor.aadObjectId ?? actor.channelUserId,
      actorName: actor.name,
      action: 'access.refused',
      subject: actor.aadObjectId ?? actor.channelUserId,
      detail: {
        reason: 'organisation not allowed',
        tenantId: actor.tenantId,
        text: (context.activity.text ?? '').slice(0, 100),
        ...(typeof verb === 'string' ? { verb } : {}),
      },
    });
  }

  private strangerText(): string {
    return `This bot serves ${this.deps.homeTenantName} and its approved security partners, and your organisation is not on that list. If you work for a partner, ask ${this.deps.homeTenantName}'s admin to add your organisation's domain.`;
  }
}
