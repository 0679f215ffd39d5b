// The adaptivecards package ships ESM without extensions; its UMD build loads in plain Node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
  AdaptiveCard: new () => {
    parse(json: unknown, ctx: unknown): void;
    validateProperties(): { validationEvents: Array<{ message: string }> };
  };
};

/** Every problem the Adaptive Cards renderer finds in a card: unknown elements, bad values, duplicate ids. */
export function cardProblems(json: unknown): string[] {
  const ctx = new AC.SerializationContext();
  const card = new AC.AdaptiveCard();
  card.parse(json, ctx);
  const problems: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
  for (const e of card.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}
