/** A Graph-shaped failure; the dispatcher turns it into {"error":{code,message,innerError}} with this status. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'GraphHttpError';
  }
}

export const INSUFFICIENT_PRIVILEGES = 'Insufficient privileges to complete the operation.';

export function badRequest(message: string, code = 'BadRequest'): GraphHttpError {
  return new GraphHttpError(400, code, message);
}

/** Directory (Entra) endpoints say Request_BadRequest where other workloads say BadRequest. */
export function directoryBadRequest(message: string): GraphHttpError {
  return new GraphHttpError(400, 'Request_BadRequest', message);
}

export function notFound(id: string): GraphHttpError {
  return new GraphHttpError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function forbidden(message = INSUFFICIENT_PRIVILEGES): GraphHttpError {
  return new GraphHttpError(403, 'Authorization_RequestDenied', message);
}

export function conflict(message: string): GraphHttpError {
  return new GraphHttpError(409, 'Conflict', message);
}

/** Graph's innerError.date has no milliseconds and no zone letter. */
export function graphDate(d: Date): string {
  return d.toISOString().slice(0, 19);
}

export function errorBody(
  code: string,
  message: string,
  ids: { requestId: string; clientRequestId: string },
  date: Date,
): object {
  return {
    error: {
      code,
      message,
      innerError: { date: graphDate(date), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
    },
  };
}
