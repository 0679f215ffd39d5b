import { TeamsInfo, TurnContext, type Middleware } from 'botbuilder';
import type { PersonIdentity } from '../services/access/person-identity';
import type { TenantPolicy } from '../services/access/tenant-policy';
import type { ConversationStore } from '../services/storage/types';
import { tenantOf } from './identity';

/**
 * Keeps the latest conversation reference for every user (personal chat) and conversation (channel, group chat)
 * the bot hears from, so later proactive messages (approval outcomes, reminders) can reach them. Writes only when
 * something changed since the last write this process made. Nothing is kept from an organisation the bot refuses,
 * and an email only when the chat's organisation owns its domain (see PersonIdentity).
 */
export class ConversationRecorder implements Middleware {
  private readonly lastSaved = new Map<string, string>();

  constructor(
    private readonly store: ConversationStore,
    private readonly tenants: Pick<TenantPolicy, 'isAllowed'>,
    private readonly identity: Pick<PersonIdentity, 'owns'>,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    await this.record(context);
    await next();
  }

  private async record(context: TurnContext): Promise<void> {
    const a = context.activity;
    if (!a.conversation?.id || !a.serviceUrl) return;
    const tenantId = tenantOf(a);
    if (!(await this.tenants.isAllowed(tenantId))) return;
    const reference = TurnContext.getConversationReference(a) as unknown as Record<string, unknown>;
    delete reference.activityId;
    const type = a.conversation.conversationType ?? 'personal';
    const aadObjectId = a.from?.aadObjectId?.toLowerCase();
    const key = type === 'personal' && aadObjectId ? `user:${aadObjectId}` : `conversation:${a.conversation.id}`;
    const fingerprint = JSON.stringify(reference);
    if (this.lastSaved.get(key) === fingerprint) return;
    const claimed = type === 'personal' ? await emailOf(context) : undefined;
    const email = claimed && (await this.identity.owns(tenantId, claimed)) ? claimed : undefined;
    await this.store.save({
      key,
      aadObjectId,
      conversationId: a.conversation.id,
      conversationType: type,
      tenantId,
      reference,
      email,
    });
    this.lastSaved.set(key, fingerprint);
  }
}

/**
 * The person's email as Teams knows it, so a partner invited by email can be reached in chat later. Best effort:
 * a channel that cannot tell (or is slow) costs nothing but the lookup.
 */
async function emailOf(context: TurnContext): Promise<string | undefined> {
  if (context.activity.channelId !== 'msteams' || !context.activity.from?.id) return undefined;
  try {
    const member = await Promise.race([
      TeamsInfo.getMember(context, context.activity.from.id),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000).unref()),
    ]);
    return member?.email ?? member?.userPrincipalName ?? undefined;
  } catch {
    return undefined;
  }
}
