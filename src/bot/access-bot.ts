import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type BotState,
  type TurnContext,
} from 'botbuilder';
import { renderWelcomeCard } from '../cards/core/render-core';
import { Verbs } from '../cards/verbs';
import type { TenantPolicy } from '../services/access/tenant-policy';
import type { Logger } from '../services/logging/logger';
import type { AuditLog } from '../services/storage/types';
import { invokeError, invokeMessage, type CardActionRouter } from './card-actions';
import { RequestActions } from './requests/request-actions';
import type { MainDialog } from './dialogs/main-dialog';
import { actorOf } from './identity';
import { cardMessage } from './messages';

export interface AccessBotDeps {
  readonly conversationState: BotState;
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
      if (RequestActions.isRequestVerb(value?.verb)) {
        await this.onRequestSubmitFallback(context, String(value!.verb), value as Record<string, unknown>);
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
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
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
   * A client without Universal Actions sends the card's Action.Submit fallback as a message: same handler, and the
   * answer replaces the card it came from.
   */
  private async onRequestSubmitFallback(
    context: TurnContext,
    verb: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    const outcome = await this.deps.requestActions.handle(context, verb, { ...data, version: Number(data.version) });
    if ('error' in outcome) {
      await context.sendActivity(outcome.error);
      return;
    }
    const message = cardMessage(outcome.card);
    if (context.activity.replyToId) await context.updateActivity({ ...message, id: context.activity.replyToId });
    else await context.sendActivity(message);
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
