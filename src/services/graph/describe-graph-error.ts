import { GraphRequestError } from './graph-error';

/**
 * The sentence a person reads when Microsoft Graph refuses or fails. Each says what happened and what to do next;
 * the reference (Graph's request id, or ours) finds the log line.
 */
export function describeGraphError(error: GraphRequestError): string {
  const what = sentenceFor(error);
  const ref = error.requestId ? ` (Microsoft Graph request id ${error.requestId})` : '';
  return `${what}${ref}`;
}

function sentenceFor(e: GraphRequestError): string {
  switch (true) {
    case e.status === 0:
      return 'I could not reach Microsoft Graph. Check the network path from the bot to Graph, then try again.';
    case e.status === 400:
      return `Microsoft Graph refused the request as invalid: ${e.message}`;
    case e.status === 401:
      return "Microsoft Graph did not accept the bot's credentials. An admin should check the app registration's secret or certificate.";
    case e.status === 403:
      return `Microsoft Graph denied the bot permission for this (${e.code}). An admin should check the app registration's Graph permissions and admin consent, then press Retry.`;
    case e.status === 404:
      return 'Microsoft Graph could not find that object; it may have been deleted by someone else.';
    case e.status === 409:
      return 'Microsoft Graph reported a conflict: the object changed or already exists. Refresh and try again.';
    case e.status === 429:
      return 'Microsoft Graph is throttling the bot right now. I retried and it still refused; please try again in a few minutes.';
    case e.status >= 500:
      return `Microsoft Graph had a problem on its side (${e.status}). Nothing was left half-done; please try again shortly.`;
    default:
      return `Microsoft Graph answered ${e.status} (${e.code}).`;
  }
}

export function isGraphRequestError(error: unknown): error is GraphRequestError {
  return error instanceof GraphRequestError;
}
