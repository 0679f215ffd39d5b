import type { Client } from '@microsoft/microsoft-graph-client';
import {
  loadSeed,
  startLocalTenant,
  type LocalTenant,
  type LocalTenantOptions,
  type Seed,
} from '../../src/dev/local-tenant';
import { createGraphClient } from '../../src/services/graph/graph-client';
import { toGraphRequestError, type GraphRequestError } from '../../src/services/graph/graph-error';

export const TENANT_ID = '06ada22e-cdb9-47a5-929d-963ebb2cda7c';
export const ALEX = '05880bf4-c5eb-4e30-a9eb-59f9190fa859';
export const MEGAN = 'ce73339e-2e12-4937-98ec-810ece911611';
export const ISAIAH = 'f9936c07-9483-4d9a-9ffc-2da4aa1ca2ef';
export const APPROVERS = 'e720e7c9-bb86-4f41-9d6e-6a21385ceb80';
export const ADMINS = '8cb9d9bd-3d72-48e1-9d9b-8e18cd791b0a';
export const GUESTS_GROUP = 'dc1c3bd2-d68e-48cd-b1cd-5219f0631879';
export const FABRIKAM_TENANT = '36c7329c-b523-4e04-9e39-10d06f8ebeb2';
export const ROLES = {
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  securityOperator: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  guestInviter: '95e79109-95c0-4d8e-aee3-d01accf2d47b',
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
};

export interface Harness {
  readonly tenant: LocalTenant;
  readonly graph: Client;
}

export async function startHarness(options: LocalTenantOptions = {}): Promise<Harness> {
  const tenant = await startLocalTenant({ port: 0, ...options });
  return { tenant, graph: createGraphClient({ baseUrl: tenant.graphBaseUrl }) };
}

/** The shipped seed, deep-copied so a test can change it. */
export function seedCopy(change: (seed: Seed) => void = () => undefined): Seed {
  const seed = structuredClone(loadSeed());
  change(seed);
  return seed;
}

/** The error a Graph call failed with, as the bot sees it; fails the test if the call succeeded. */
export async function failure(call: Promise<unknown>): Promise<GraphRequestError> {
  try {
    await call;
  } catch (error) {
    return toGraphRequestError('test', error);
  }
  throw new Error('expected the Graph call to fail, but it succeeded');
}

export function invitation(address: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { invitedUserEmailAddress: address, inviteRedirectUrl: 'https://securitycopilot.microsoft.com', ...extra };
}

/** A clock the test moves by hand. */
export function manualClock(start = '2026-03-01T09:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    clock: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
