import * as ACData from 'adaptivecards-templating';

/** An Adaptive Card as JSON: what Teams receives as `application/vnd.microsoft.card.adaptive`. */
export interface AdaptiveCardJson {
  readonly type: 'AdaptiveCard';
  readonly version: string;
  readonly body?: readonly unknown[];
  readonly actions?: readonly unknown[];
  readonly [key: string]: unknown;
}

/**
 * Expands a card template with data. User text only ever travels in `data`: the templating engine never evaluates a
 * data value, so `${...}` typed by a user renders literally instead of reaching into `$root`.
 */
export function expandCard(template: object, data: object): AdaptiveCardJson {
  const expanded = new ACData.Template(template).expand({ $root: data }) as AdaptiveCardJson;
  if (expanded?.type !== 'AdaptiveCard') throw new Error('expandCard(): the template did not produce an AdaptiveCard');
  const { $schema: _schema, ...card } = expanded as AdaptiveCardJson & { $schema?: string };
  return card;
}
