import { randomBytes } from 'node:crypto';
import type { BotState, TurnContext } from 'botbuilder';
import { renderNoticeCard } from '../cards/core/render-core';
import { describeGraphError, isGraphRequestError } from '../services/graph/describe-graph-error';
import { scrubSecrets, type Logger } from '../services/logging/logger';
import { cardMessage } from './messages';

/** A short id the user can quote and support can find in the log. */
export const newReferenceId = (): string => randomBytes(4).toString('hex').toUpperCase();

/**
 * The one error boundary for turns: log with a reference id, tell the user something useful (without a stack trace
 * or token), answer an invoke with a proper error, and drop the sender's dialog state so a broken dialog does not
 * trap them (only theirs: other people's forms in the same chat stay).
 */
export function createTurnErrorHandler(logger: Logger, personalState: BotState) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const reference = newReferenceId();
    const a = context.activity;
    logger.error(
      {
        reference,
        activityId: a.id,
        activityType: a.type,
        conversationId: a.conversation?.id,
        err: {
          name: error.name,
          message: scrubSecrets(error.message),
          stack: error.stack && scrubSecrets(error.stack),
        },
      },
      'turn failed',
    );
    const text = isGraphRequestError(error)
      ? describeGraphError(error)
      : 'Something went wrong on my side and I could not finish that. Please try again; if it keeps happening, give your admin the reference below.';
    try {
      if (a.type === 'invoke') {
        await context.sendActivity({
          type: 'invokeResponse',
          value: {
            status: 500,
            body: {
              statusCode: 500,
              type: 'application/vnd.microsoft.error',
              value: { code: 'InternalError', message: `${text} Reference: ${reference}` },
            },
          },
        });
      } else {
        await context.sendActivity(
          cardMessage(renderNoticeCard({ kind: 'error', title: 'That did not work', text, reference })),
        );
      }
      await personalState.delete(context);
    } catch (secondary) {
      logger.error(
        { reference, err: { message: scrubSecrets(String(secondary)) } },
        'could not report the turn failure to the user',
      );
    }
  };
}
