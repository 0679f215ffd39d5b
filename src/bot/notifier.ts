import type { Activity, BotAdapter, TurnContext } from 'botbuilder';
import type { PersonAddress, PersonIdentity } from '../services/access/person-identity';
import type { Logger } from '../services/logging/logger';
import type { ConversationRecord, ConversationStore } from '../services/storage/types';

export interface Delivered {
  readonly key: string;
  readonly activityId: string;
  readonly reference: Record<string, unknown>;
}

/**
 * Proactive messages through stored conversation references: to a person's personal chat, to a channel, or an
 * update of a card posted earlier. A message that cannot be delivered is logged and reported as undefined, never
 * thrown at the caller, so one unreachable person does not stop the others being told.
 */
export class Notifier {
  constructor(
    private readonly adapter: BotAdapter,
    private readonly botAppId: string,
    private readonly conversations: ConversationStore,
    private readonly logger: Logger,
    private readonly identity: Pick<PersonIdentity, 'chatOf'>,
  ) {}

  async sendToKey(key: string, activity: Partial<Activity>): Promise<Delivered | undefined> {
    const record = await this.conversations.get(key);
    if (!record) {
      this.logger.info({ key }, 'no stored conversation: cannot reach this person or channel proactively');
      return undefined;
    }
    return this.sendToRecord(record, activity);
  }

  sendToUser(aadObjectId: string, activity: Partial<Activity>): Promise<Delivered | undefined> {
    return this.sendToKey(`user:${aadObjectId.toLowerCase()}`, activity);
  }

  /** To a partner person's own chat: never to whoever else's directory claims their address (see PersonIdentity). */
  async sendToPerson(person: PersonAddress, activity: Partial<Activity>): Promise<Delivered | undefined> {
    const record = await this.identity.chatOf(person);
    return record ? this.sendToRecord(record, activity) : undefined;
  }

  async sendToRecord(record: ConversationRecord, activity: Partial<Activity>): Promise<Delivered | undefined> {
    const reference = newThreadReference(record.reference);
    let activityId: string | undefined;
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (context: TurnContext) => {
        activityId = (await context.sendActivity(activity))?.id;
      });
    } catch (error) {
      this.logger.warn({ key: record.key, err: { message: (error as Error).message } }, 'proactive message failed');
      return undefined;
    }
    return activityId ? { key: record.key, activityId, reference } : undefined;
  }

  /** Replaces a card posted earlier. Returns false when the channel refused (deleted message, removed bot…). */
  async update(reference: Record<string, unknown>, activityId: string, activity: Partial<Activity>): Promise<boolean> {
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (context: TurnContext) => {
        await context.updateActivity({ ...activity, id: activityId, type: 'message' });
      });
      return true;
    } catch (error) {
      this.logger.warn({ activityId, err: { message: (error as Error).message } }, 'card update failed');
      return false;
    }
  }

  /** Takes a message posted earlier out of its chat. Returns false when the channel refused (already gone…). */
  async delete(reference: Record<string, unknown>, activityId: string): Promise<boolean> {
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (context: TurnContext) => {
        await context.deleteActivity(activityId);
      });
      return true;
    } catch (error) {
      this.logger.warn({ activityId, err: { message: (error as Error).message } }, 'card delete failed');
      return false;
    }
  }
}

/** A channel reference saved from a reply thread points into that thread; a new post starts its own. */
function newThreadReference(reference: Record<string, unknown>): Record<string, unknown> {
  const conversation = reference.conversation as { id?: string; conversationType?: string } | undefined;
  if (conversation?.conversationType !== 'channel' || !conversation.id?.includes(';messageid=')) return reference;
  return { ...reference, conversation: { ...conversation, id: conversation.id.split(';messageid=')[0] } };
}
