import { badRequest, conflict } from './errors';
import type { GdapRelationship } from './gdap-model';
import { isoDays } from './iso-duration';
import { BodyReader, isObject, type JsonObject } from './request-body';
import { GLOBAL_ADMINISTRATOR } from './role-definitions';
import type { TenantState } from './state';

const KNOWN = ['@odata.type', 'displayName', 'duration', 'customer', 'accessDetails', 'autoExtendDuration'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RelationshipInput {
  displayName?: string;
  duration?: string;
  durationDays?: number;
  customer?: { tenantId: string | null; displayName: string | null };
  unifiedRoles?: string[];
  autoExtendDuration?: 'PT0S' | 'P180D';
}

export const isGuid = (s: string): boolean => GUID.test(s);

/** Reads the unifiedRoles array of an accessDetails object; every role must be a known directory role. */
export function readUnifiedRoles(value: unknown, state: TenantState, where: string): string[] {
  const roles = isObject(value) ? value.unifiedRoles : undefined;
  if (!Array.isArray(roles) || roles.length === 0)
    throw badRequest(`${where}.unifiedRoles must list at least one role ({ "roleDefinitionId": "…" }).`);
  const ids = roles.map((r: unknown) => {
    const id = isObject(r) ? r.roleDefinitionId : undefined;
    if (typeof id !== 'string' || !state.role(id))
      throw badRequest(
        `${where}.unifiedRoles contains '${typeof id === 'string' ? id : '?'}', which is not a known Microsoft Entra role id.`,
      );
    return state.role(id)?.id ?? id;
  });
  if (new Set(ids.map((i) => i.toLowerCase())).size !== ids.length)
    throw badRequest(`${where}.unifiedRoles lists the same role twice.`);
  return ids;
}

/** Validates a create (partial = false) or PATCH (partial = true) body. */
export function readRelationshipInput(body: JsonObject, state: TenantState, partial: boolean): RelationshipInput {
  const unknown = Object.keys(body).find((k) => !KNOWN.includes(k));
  if (unknown)
    throw badRequest(`Property '${unknown}' does not exist on type 'microsoft.graph.delegatedAdminRelationship'.`);
  const read = new BodyReader(body, 'delegatedAdminRelationship', 'BadRequest');
  const input: RelationshipInput = {};
  if (!partial || read.has('displayName')) {
    const name = read.requiredString('displayName').trim();
    if (name.length === 0 || name.length > 50)
      throw badRequest(`The displayName must be 1 to 50 characters long; it has ${name.length}.`);
    input.displayName = name;
  }
  if (!partial || read.has('duration')) {
    const duration = read.requiredString('duration');
    const days = isoDays(duration);
    if (days === undefined || days < 1 || days > 730)
      throw badRequest(
        `The duration must be a number of days from P1D to P730D (ISO 8601), e.g. P730D; got '${duration}'.`,
      );
    input.duration = duration;
    input.durationDays = days;
  }
  if (read.has('customer')) {
    const customer = body.customer;
    if (!isObject(customer)) throw badRequest('The customer must be an object such as { "tenantId": "…" }.');
    const c = new BodyReader(customer, 'delegatedAdminRelationshipCustomerParticipant', 'BadRequest');
    const tenantId = c.optionalString('tenantId') ?? null;
    if (tenantId !== null && !isGuid(tenantId)) throw badRequest(`The customer tenantId '${tenantId}' is not a GUID.`);
    const known = state.knownTenants.find((t) => t.tenantId.toLowerCase() === tenantId?.toLowerCase());
    input.customer = { tenantId, displayName: c.optionalString('displayName') ?? known?.displayName ?? null };
  }
  if (!partial || read.has('accessDetails'))
    input.unifiedRoles = readUnifiedRoles(body.accessDetails, state, 'accessDetails');
  if (read.has('autoExtendDuration')) {
    const value = read.requiredString('autoExtendDuration');
    if (value !== 'PT0S' && value !== 'P180D')
      throw badRequest(`The autoExtendDuration must be 'PT0S' (off) or 'P180D'; got '${value}'.`);
    input.autoExtendDuration = value;
  }
  return input;
}

/** Rules across fields and across relationships, checked on the relationship as it would be after the change. */
export function checkRelationship(
  candidate: Pick<GdapRelationship, 'displayName' | 'unifiedRoles' | 'autoExtendDuration'>,
  state: TenantState,
  selfId?: string,
): void {
  if (
    candidate.autoExtendDuration === 'P180D' &&
    candidate.unifiedRoles.some((r) => r.toLowerCase() === GLOBAL_ADMINISTRATOR)
  ) {
    throw badRequest(
      'Auto-extend (P180D) is not allowed for a relationship that includes the Global Administrator role.',
    );
  }
  // "displayName … must be unique across all delegated admin relationships of the partner", ended ones included
  // (api-reference/v1.0/resources/delegatedadminrelationship.md; tenantrelationship-post-delegatedadminrelationships).
  const clash = [...state.gdap.values()].find(
    (r) => r.id !== selfId && r.displayName.toLowerCase() === candidate.displayName.toLowerCase(),
  );
  if (clash)
    throw conflict(`A delegated admin relationship named '${candidate.displayName}' already exists (id ${clash.id}).`);
}
