import { randomUUID } from 'node:crypto';

export interface Person {
  readonly aadObjectId: string;
  readonly name: string;
  readonly tenantId: string;
}

/** A Teams personal-chat message activity, shaped as Teams sends it to /api/messages. */
export function teamsMessage(
  serviceUrl: string,
  from: Person,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'message',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${from.aadObjectId}`, name: from.name, aadObjectId: from.aadObjectId },
    conversation: { id: `a:personal-${from.aadObjectId}`, conversationType: 'personal', tenantId: from.tenantId },
    recipient: { id: '28:bot', name: 'Copilot Partner Access' },
    channelData: { tenant: { id: from.tenantId } },
    text,
    locale: 'en-US',
    ...extra,
  };
}

/** A Universal Actions (`Action.Execute`) click, as Teams sends it: an invoke named adaptiveCard/action. */
export function cardActionInvoke(
  serviceUrl: string,
  from: Person,
  verb: string,
  data: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ...teamsMessage(serviceUrl, from, ''),
    type: 'invoke',
    name: 'adaptiveCard/action',
    text: undefined,
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
  };
}
