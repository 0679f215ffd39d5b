import { BotState, type Storage, type TurnContext } from 'botbuilder';

/**
 * State that belongs to one person in one conversation. In a group chat or channel many people talk to one bot, so
 * a form and its draft are kept per person: nobody else's message can replace, submit or read them. The key uses
 * the Entra object id Teams sends (the same person on every client), else the channel's id for the sender.
 */
export class PersonalConversationState extends BotState {
  constructor(storage: Storage) {
    super(storage, (context) => Promise.resolve(personalStateKey(context)));
  }
}

export function personalStateKey(context: TurnContext): string {
  const { channelId, conversation, from } = context.activity;
  const person = from?.aadObjectId?.toLowerCase() || from?.id;
  if (!channelId || !conversation?.id || !person)
    throw new Error('PersonalConversationState: the activity names no channel, conversation or sender');
  return `${channelId}/conversations/${conversation.id}/people/${person}`;
}
