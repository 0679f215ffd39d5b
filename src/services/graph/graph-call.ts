import type { Client } from '@microsoft/microsoft-graph-client';
import { toGraphRequestError } from './graph-error';

/** Runs one Graph call and turns any failure into a GraphRequestError named after the operation. */
export async function graphCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGraphRequestError(operation, error);
  }
}

/** Like graphCall, but a 404 becomes `undefined` instead of an error. */
export async function graphFind<T>(operation: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    const e = toGraphRequestError(operation, error);
    if (e.status === 404) return undefined;
    throw e;
  }
}

export type GraphClient = Client;
