import { addDays } from './iso-duration';
import type { JsonObject } from './request-body';
import type { Seed } from './seed';

export type GdapStatus =
  | 'created'
  | 'approvalPending'
  | 'approved'
  | 'activating'
  | 'active'
  | 'expiring'
  | 'expired'
  | 'terminationRequested'
  | 'terminating'
  | 'terminated';

export interface GdapAccessAssignment {
  id: string;
  status: 'pending' | 'active' | 'deleting' | 'deleted' | 'error';
  accessContainerId: string;
  unifiedRoles: string[];
  createdDateTime: string;
  lastModifiedDateTime: string;
  /** When a pending assignment turns active (evaluated lazily against the clock). */
  activeAt: number;
  version: number;
}

export interface GdapRequest {
  id: string;
  action: string;
  status: 'created' | 'succeeded' | 'failed';
  createdDateTime: string;
  lastModifiedDateTime: string;
}

export interface GdapRelationship {
  id: string;
  displayName: string;
  duration: string;
  durationDays: number;
  status: GdapStatus;
  autoExtendDuration: 'PT0S' | 'P180D';
  customer: { tenantId: string | null; displayName: string | null };
  unifiedRoles: string[];
  createdDateTime: string;
  lastModifiedDateTime: string;
  activatedDateTime: string | null;
  endDateTime: string | null;
  lockedAt: number | null;
  terminationRequestedAt: number | null;
  version: number;
  requests: GdapRequest[];
  accessAssignments: GdapAccessAssignment[];
}

/** Microsoft expires an approval request nobody answered after 90 days. */
const APPROVAL_WINDOW_DAYS = 90;
export const FINISHED: readonly GdapStatus[] = ['expired', 'terminated'];

export function etag(id: string, version: number): string {
  return `W/"${Buffer.from(`${id}:${version}`).toString('base64')}"`;
}

export function touch(rel: GdapRelationship, now: Date): void {
  rel.lastModifiedDateTime = now.toISOString();
  rel.version += 1;
}

function endAssignments(rel: GdapRelationship, now: Date): void {
  for (const a of rel.accessAssignments) {
    if (a.status !== 'deleted')
      Object.assign(a, { status: 'deleted', lastModifiedDateTime: now.toISOString(), version: a.version + 1 });
  }
}

export function activate(rel: GdapRelationship, now: Date): void {
  rel.status = 'active';
  rel.activatedDateTime = now.toISOString();
  rel.endDateTime = addDays(now, rel.durationDays).toISOString();
  touch(rel, now);
}

export function finish(rel: GdapRelationship, status: 'expired' | 'terminated', now: Date): void {
  rel.status = status;
  if (status === 'expired' || !rel.endDateTime || Date.parse(rel.endDateTime) > now.getTime())
    rel.endDateTime = now.toISOString();
  endAssignments(rel, now);
  touch(rel, now);
}

/** Moves time-driven states forward; called before every read so the clock decides, not a timer. */
export function refresh(rel: GdapRelationship, now: Date, timing: Seed['gdap']): void {
  const t = now.getTime();
  if (
    rel.status === 'approvalPending' &&
    rel.lockedAt !== null &&
    t >= addDays(new Date(rel.lockedAt), APPROVAL_WINDOW_DAYS).getTime()
  )
    finish(rel, 'expired', now);
  if (rel.status === 'active' && rel.endDateTime && Date.parse(rel.endDateTime) <= t) {
    if (rel.autoExtendDuration === 'P180D') {
      let end = new Date(rel.endDateTime);
      while (end.getTime() <= t) end = addDays(end, 180);
      rel.endDateTime = end.toISOString();
      touch(rel, now);
    } else {
      finish(rel, 'expired', now);
    }
  }
  if (
    rel.status === 'terminationRequested' &&
    rel.terminationRequestedAt !== null &&
    t >= rel.terminationRequestedAt + timing.terminationDelayMs
  )
    finish(rel, 'terminated', now);
  for (const a of rel.accessAssignments) {
    if (a.status === 'pending' && t >= a.activeAt)
      Object.assign(a, { status: 'active', lastModifiedDateTime: now.toISOString(), version: a.version + 1 });
  }
  for (const r of rel.requests)
    if (r.status === 'created') Object.assign(r, { status: 'succeeded', lastModifiedDateTime: now.toISOString() });
}

export function relationshipJson(rel: GdapRelationship): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.delegatedAdminRelationship',
    '@odata.etag': etag(rel.id, rel.version),
    id: rel.id,
    displayName: rel.displayName,
    duration: rel.duration,
    status: rel.status,
    autoExtendDuration: rel.autoExtendDuration,
    createdDateTime: rel.createdDateTime,
    lastModifiedDateTime: rel.lastModifiedDateTime,
    activatedDateTime: rel.activatedDateTime,
    endDateTime: rel.endDateTime,
    customer: { ...rel.customer },
    accessDetails: { unifiedRoles: rel.unifiedRoles.map((roleDefinitionId) => ({ roleDefinitionId })) },
  };
}

export function accessAssignmentJson(a: GdapAccessAssignment): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.delegatedAdminAccessAssignment',
    '@odata.etag': etag(a.id, a.version),
    id: a.id,
    status: a.status,
    createdDateTime: a.createdDateTime,
    lastModifiedDateTime: a.lastModifiedDateTime,
    accessContainer: { accessContainerId: a.accessContainerId, accessContainerType: 'securityGroup' },
    accessDetails: { unifiedRoles: a.unifiedRoles.map((roleDefinitionId) => ({ roleDefinitionId })) },
  };
}

export function requestJson(r: GdapRequest): JsonObject {
  return { '@odata.type': '#microsoft.graph.delegatedAdminRelationshipRequest', ...r };
}
