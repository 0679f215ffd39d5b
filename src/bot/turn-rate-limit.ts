import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { GdapVerbs } from '../cards/gdap/gdap-verbs';
import { RequestVerbs } from '../cards/requests/request-verbs';
import { Verbs } from '../cards/verbs';
import type { Logger } from '../services/logging/logger';
import type { TurnLimiter } from '../services/rate-limit/turn-limiter';
import { invokeError } from './card-actions';
import { actorOf } from './identity';

/** Commands whose answer asks Microsoft Graph (memberships, users, domains, relationships), by command name. */
export const GRAPH_COMMANDS: ReadonlySet<string> = new Set([
  'whoami',
  'link',
  'pending',
  'invite',
  'revoke',
  'gdap new',
  'gdap list',
]);
/** Card actions that ask Graph: reviewing and submitting a request, deciding one, GDAP forms. */
export const GRAPH_VERBS: ReadonlySet<string> = new Set([
  RequestVerbs.formReview,
  RequestVerbs.formSubmit,
  RequestVerbs.approve,
  RequestVerbs.reject,
  RequestVerbs.retry,
  GdapVerbs.formReview,
  GdapVerbs.formSubmit,
  GdapVerbs.terminate,
]);

/** Names the command a text starts with, if any (the CommandRouter's parse). */
export type CommandOf = (text: string) => string | undefined;

/**
 * Per-person limits on turns, before anything else runs. Over the limit, the first refused turn of a window gets
 * one polite answer; later ones are dropped silently (an invoke still needs an answer: a 429 card error).
 */
export class TurnRateLimit implements Middleware {
  constructor(
    private readonly limiter: TurnLimiter,
    private readonly commandOf: CommandOf,
    private readonly logger: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const type: string = context.activity.type;
    if (type !== 'message' && type !== 'invoke') return next();
    const actor = actorOf(context);
    const id = `${actor.tenantId ?? '-'}:${actor.aadObjectId ?? actor.channelUserId}`;
    const verdict = await this.limiter.check({ id, name: actor.name }, this.callsGraph(context));
    if (verdict.allowed) return next();
    const text =
      verdict.limit === 'graph'
        ? `That is a lot of look-ups in a short time, ${actor.name}. Please wait about ${verdict.retryAfterSeconds} seconds and try again.`
        : `You are sending messages faster than I can keep up with, ${actor.name}. Please wait about ${verdict.retryAfterSeconds} seconds; I will ignore messages until then.`;
    if (verdict.firstInWindow) {
      this.logger.warn({ person: id, limit: verdict.limit }, 'rate limit reached');
      await context.sendActivity(text);
    }
    if (type === 'invoke')
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 429, body: invokeError(429, 'TooManyRequests', text) },
      });
  }

  private callsGraph(context: TurnContext): boolean {
    const value: unknown = context.activity.value;
    const fromCard = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const action = (typeof fromCard.action === 'object' && fromCard.action !== null ? fromCard.action : fromCard) as {
      verb?: unknown;
      data?: { command?: unknown };
      command?: unknown;
    };
    const verb = action.verb;
    if (typeof verb === 'string' && verb !== Verbs.runCommand) return GRAPH_VERBS.has(verb);
    const command = verb === Verbs.runCommand ? (action.data?.command ?? action.command) : context.activity.text;
    const name = typeof command === 'string' ? this.commandOf(command) : undefined;
    return name !== undefined && GRAPH_COMMANDS.has(name);
  }
}
