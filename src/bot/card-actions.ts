import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards/render';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './messages';

/** A handler for one `Action.Execute` verb. The data is what the card carried: untrusted, validated per verb. */
export type CardActionHandler = (
  context: TurnContext,
  data: Record<string, unknown>,
) => Promise<AdaptiveCardInvokeResponse>;

export class CardActionRouter {
  private readonly handlers = new Map<string, CardActionHandler>();

  on(verb: string, handler: CardActionHandler): this {
    if (this.handlers.has(verb)) throw new Error(`CardActionRouter.on(): verb '${verb}' already has a handler`);
    this.handlers.set(verb, handler);
    return this;
  }

  has(verb: unknown): verb is string {
    return typeof verb === 'string' && this.handlers.has(verb);
  }

  async dispatch(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = value?.action?.verb;
    const handler = verb ? this.handlers.get(verb) : undefined;
    if (!handler)
      return invokeError(
        400,
        'BadRequest',
        'This card is out of date or was not made by this bot. Ask for a new one (say "help").',
      );
    const data = value.action.data && typeof value.action.data === 'object' ? value.action.data : {};
    return handler(context, data);
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What is wrong with an `adaptiveCard/action` invoke's value, or undefined when its shape is sound. Checked before
 * botbuilder reads it (it dereferences `value.action` unguarded, which turns a forged body into a 500).
 */
export function invokeValueProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'The card action carried no value.';
  const { action } = value;
  if (!isPlainObject(action)) return 'The card action carried no action.';
  if (typeof action.verb !== 'string' || action.verb === '') return 'The card action carried no verb.';
  if (action.data !== undefined && !isPlainObject(action.data))
    return 'The card action carried data of the wrong shape.';
  return undefined;
}

export const invokeCard = (card: AdaptiveCardJson): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: ADAPTIVE_CARD_CONTENT_TYPE,
  value: card,
});
export const invokeMessage = (message: string): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value: message as unknown as AdaptiveCardInvokeResponse['value'],
});
export const invokeError = (
  statusCode: 400 | 403 | 429 | 500,
  code: string,
  message: string,
): AdaptiveCardInvokeResponse => ({
  statusCode,
  type: 'application/vnd.microsoft.error',
  value: { code, message },
});
