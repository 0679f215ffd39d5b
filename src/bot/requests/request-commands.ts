import { renderRequestListCard } from '../../cards/requests/render-delivery';
import type { DirectoryService } from '../../services/directory/directory-service';
import type { AuditLog, SettingsStore } from '../../services/storage/types';
import type { RequestService } from '../../services/requests/request-service';
import type { Command } from '../commands';
import { cardMessage } from '../messages';
import { APPROVALS_CHANNEL_SETTING, type ApprovalCards, type ApprovalsChannel } from './approval-cards';
import { NO_IDENTITY, requestActorOf } from './request-actor';
import { REQUEST_DIALOG } from './request-dialog';
import { TurnContext } from 'botbuilder';

export interface RequestCommandDeps {
  readonly requests: RequestService;
  readonly cards: ApprovalCards;
  readonly directory: DirectoryService;
  readonly settings: SettingsStore;
  readonly audit: AuditLog;
}

export function requestCommands(deps: RequestCommandDeps): Command[] {
  return [
    {
      name: 'request access',
      aliases: ['request', 'new request', 'get access'],
      description:
        'Ask for Security Copilot access for partner (MSSP) people: one form, reviewed before it goes to the approvers.',
      run: (dc) => dc.beginDialog(REQUEST_DIALOG, { kind: 'request' }),
    },
    {
      name: 'invite',
      description: 'Admins: invite partner people directly (your approval counts, and is audited).',
      run: (dc) => dc.beginDialog(REQUEST_DIALOG, { kind: 'invite' }),
    },
    {
      name: 'my requests',
      aliases: ['status', 'my status', 'requests'],
      description: 'Your requests and where each one stands.',
      run: async (dc, actor) => {
        const who = requestActorOf(actor);
        if (!who) return dc.context.sendActivity(NO_IDENTITY);
        const mine = await deps.requests.listMine(who);
        return dc.context.sendActivity(
          cardMessage(
            renderRequestListCard({
              title: 'Your requests',
              empty: 'You have not asked for access yet. Say "request access" to start.',
              requests: mine,
            }),
          ),
        );
      },
    },
    {
      name: 'pending',
      aliases: ['approvals', 'to approve'],
      description: 'Approvers: requests waiting for your decision, each on its own card.',
      run: async (dc, actor) => {
        const who = requestActorOf(actor);
        if (!who) return dc.context.sendActivity(NO_IDENTITY);
        const pending = await deps.requests.listPendingFor(who);
        if ('error' in pending) return dc.context.sendActivity(pending.error);
        if (pending.length === 0) return dc.context.sendActivity('Nothing is waiting for your decision.');
        await dc.context.sendActivity(
          `${pending.length} ${pending.length === 1 ? 'request is' : 'requests are'} waiting${pending.length > 10 ? '; here are the oldest 10' : ''}:`,
        );
        const reference = TurnContext.getConversationReference(dc.context.activity) as unknown as Record<
          string,
          unknown
        >;
        for (const request of pending.slice(0, 10)) {
          const sent = await dc.context.sendActivity(
            cardMessage(deps.cards.render(request, 'approver', await deps.cards.refreshUserIds(request))),
          );
          if (sent?.id)
            await deps.cards.recordApproverCopy({
              requestId: request.id,
              conversationKey: `user:${who.aadObjectId}`,
              activityId: sent.id,
              reference,
            });
        }
        return undefined;
      },
    },
    {
      name: 'use this channel for approvals',
      aliases: ['use this channel for approval', 'approvals here'],
      description: 'Admins, in a team channel: send approval cards here.',
      run: async (dc, actor) => {
        const who = requestActorOf(actor);
        if (!who) return dc.context.sendActivity(NO_IDENTITY);
        const conversation = dc.context.activity.conversation;
        if (conversation.conversationType !== 'channel')
          return dc.context.sendActivity(
            'Say this in the team channel where approval cards should go (mention me there), not in a chat.',
          );
        if (!(await deps.directory.staffRoles(who)).isAdmin) {
          await deps.audit.append({
            actorId: who.aadObjectId,
            actorName: who.name,
            action: 'access.refused',
            subject: APPROVALS_CHANNEL_SETTING,
            detail: { action: 'set approvals channel' },
          });
          return dc.context.sendActivity('Only admins can choose the approvals channel.');
        }
        const channelId = conversation.id.split(';messageid=')[0];
        const before = await deps.settings.get<ApprovalsChannel>(APPROVALS_CHANNEL_SETTING);
        const after: ApprovalsChannel = {
          key: `conversation:${conversation.id}`,
          name: conversation.name ?? channelId,
          setBy: who.name,
          at: new Date().toISOString(),
        };
        await deps.settings.set(APPROVALS_CHANNEL_SETTING, after);
        await deps.audit.append({
          actorId: who.aadObjectId,
          actorName: who.name,
          action: 'settings.approvals-channel',
          subject: APPROVALS_CHANNEL_SETTING,
          before,
          after,
        });
        return dc.context.sendActivity('Done: approval cards for new requests will be posted in this channel.');
      },
    },
  ];
}
