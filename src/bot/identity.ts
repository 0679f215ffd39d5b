import type { Activity, TurnContext } from 'botbuilder';

/**
 * Who sent this activity, as Teams (the Bot Framework channel) says. These fields come from the authenticated
 * activity, never from card data: `value` on a card action is whatever the card carried and is not trusted for who.
 */
export interface Actor {
  readonly aadObjectId?: string;
  readonly channelUserId: string;
  readonly name: string;
  readonly tenantId?: string;
  readonly conversationType: string;
}

export function actorOf(context: TurnContext): Actor {
  const a = context.activity;
  return {
    aadObjectId: a.from?.aadObjectId?.toLowerCase(),
    channelUserId: a.from?.id ?? '',
    name: a.from?.name?.trim() || 'there',
    tenantId: tenantOf(a),
    conversationType: a.conversation?.conversationType ?? 'personal',
  };
}

export function tenantOf(a: Partial<Activity>): string | undefined {
  const data = a.channelData as { tenant?: { id?: string } } | undefined;
  return (a.conversation?.tenantId ?? data?.tenant?.id)?.toLowerCase();
}
