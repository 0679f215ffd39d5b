import type { GdapStatus } from './gdap-types';

/** A delegated admin relationship, in the shape the rest of the code uses. */
export interface GdapRelationship {
  readonly id: string;
  readonly displayName: string;
  readonly status: GdapStatus;
  /** ISO 8601, e.g. P730D. */
  readonly duration: string;
  readonly autoExtendDuration: string;
  readonly customer: { readonly tenantId: string | null; readonly displayName: string | null };
  readonly roleIds: readonly string[];
  readonly createdDateTime?: string;
  readonly activatedDateTime: string | null;
  readonly endDateTime: string | null;
}

export type AccessAssignmentStatus = 'pending' | 'active' | 'deleting' | 'deleted' | 'error';

export interface GdapAccessAssignment {
  readonly id: string;
  readonly status: AccessAssignmentStatus;
  readonly groupId: string;
  readonly roleIds: readonly string[];
}

/** What the relationship is created with (POST …/delegatedAdminRelationships). */
export interface GdapRelationshipInput {
  readonly displayName: string;
  readonly durationDays: number;
  readonly customer: { readonly tenantId: string; readonly displayName?: string };
  readonly roleIds: readonly string[];
  readonly autoExtend: boolean;
}

interface UnifiedRoles {
  unifiedRoles?: Array<{ roleDefinitionId?: string }>;
}

export interface RelationshipJson {
  id: string;
  displayName?: string;
  status?: GdapStatus;
  duration?: string;
  autoExtendDuration?: string;
  customer?: { tenantId?: string | null; displayName?: string | null };
  accessDetails?: UnifiedRoles;
  createdDateTime?: string;
  activatedDateTime?: string | null;
  endDateTime?: string | null;
}

export interface AccessAssignmentJson {
  id: string;
  status?: AccessAssignmentStatus;
  accessContainer?: { accessContainerId?: string };
  accessDetails?: UnifiedRoles;
}

const roleIdsOf = (details: UnifiedRoles | undefined): string[] =>
  (details?.unifiedRoles ?? []).flatMap((r) => (r.roleDefinitionId ? [r.roleDefinitionId] : []));

export function toRelationship(j: RelationshipJson): GdapRelationship {
  return {
    id: j.id,
    displayName: j.displayName ?? '',
    status: j.status ?? 'created',
    duration: j.duration ?? '',
    autoExtendDuration: j.autoExtendDuration ?? 'PT0S',
    customer: { tenantId: j.customer?.tenantId ?? null, displayName: j.customer?.displayName ?? null },
    roleIds: roleIdsOf(j.accessDetails),
    ...(j.createdDateTime ? { createdDateTime: j.createdDateTime } : {}),
    activatedDateTime: j.activatedDateTime ?? null,
    endDateTime: j.endDateTime ?? null,
  };
}

export function toAssignment(j: AccessAssignmentJson): GdapAccessAssignment {
  return {
    id: j.id,
    status: j.status ?? 'pending',
    groupId: j.accessContainer?.accessContainerId ?? '',
    roleIds: roleIdsOf(j.accessDetails),
  };
}

export function relationshipBody(input: GdapRelationshipInput): Record<string, unknown> {
  return {
    displayName: input.displayName,
    duration: `P${input.durationDays}D`,
    customer: {
      tenantId: input.customer.tenantId,
      ...(input.customer.displayName ? { displayName: input.customer.displayName } : {}),
    },
    accessDetails: { unifiedRoles: input.roleIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
    autoExtendDuration: input.autoExtend ? 'P180D' : 'PT0S',
  };
}

/** A nextLink as a path the Graph SDK accepts for any host: the SDK only strips https:// bases itself. */
export function nextLinkPath(link: string): string {
  const url = new URL(link);
  return `${url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, '')}${url.search}`;
}
