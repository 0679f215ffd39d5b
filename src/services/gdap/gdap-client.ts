import type { Client } from '@microsoft/microsoft-graph-client';
import { graphSend, type Traced } from '../graph/graph-batch';
import { GraphRequestError } from '../graph/graph-error';
import {
  nextLinkPath,
  relationshipBody,
  toAssignment,
  toRelationship,
  type AccessAssignmentJson,
  type GdapAccessAssignment,
  type GdapRelationship,
  type GdapRelationshipInput,
  type RelationshipJson,
} from './gdap-json';
import { ensureSecurityGroup, type SecurityGroup } from './gdap-group';
import { FINISHED_STATUSES, type GdapStatus } from './gdap-types';

export type * from './gdap-json';
export type { Traced } from '../graph/graph-batch';
export { securityGroupNickname, type SecurityGroup } from './gdap-group';

const BASE = '/tenantRelationships/delegatedAdminRelationships';
const APPROVAL_PAGE = 'https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/';
/** A runaway nextLink chain stops here rather than looping for ever. */
const MAX_PAGES = 200;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ENDING: readonly GdapStatus[] = ['terminationRequested', 'terminating', ...FINISHED_STATUSES];

/** Where the customer's Global Administrator approves: the only way, there is no customer-side API. */
export const approvalLink = (relationshipId: string): string => `${APPROVAL_PAGE}${encodeURIComponent(relationshipId)}`;

/**
 * The partner-tenant Graph calls of GDAP (microsoft-facts §3). Every answer carries Graph's request id for the
 * audit; the state-changing ones are safe to repeat (an "already so" answer from Graph counts as success).
 */
export class GdapClient {
  constructor(private readonly graph: Client) {}

  approvalLink(relationshipId: string): string {
    return approvalLink(relationshipId);
  }

  async create(input: GdapRelationshipInput): Promise<Traced<{ relationship: GdapRelationship }>> {
    const r = await graphSend<RelationshipJson>(
      this.graph,
      'GdapClient.create()',
      'POST',
      BASE,
      relationshipBody(input),
    );
    return { relationship: toRelationship(r.body ?? { id: '' }), requestId: r.requestId };
  }

  async get(id: string): Promise<Traced<{ relationship: GdapRelationship }>> {
    const r = await graphSend<RelationshipJson>(
      this.graph,
      'GdapClient.get()',
      'GET',
      `${BASE}/${encodeURIComponent(id)}`,
    );
    return { relationship: toRelationship(r.body ?? { id }), requestId: r.requestId };
  }

  /** Every relationship (optionally OData-filtered), following @odata.nextLink. */
  async list(
    options: { filter?: string; pageSize?: number } = {},
  ): Promise<Traced<{ relationships: GdapRelationship[]; requestIds: string[] }>> {
    const query = [
      ...(options.filter ? [`$filter=${encodeURIComponent(options.filter)}`] : []),
      ...(options.pageSize ? [`$top=${options.pageSize}`] : []),
    ];
    const path = query.length > 0 ? `${BASE}?${query.join('&')}` : BASE;
    const { items, requestIds } = await this.pages<RelationshipJson>('GdapClient.list()', path);
    return { relationships: items.map(toRelationship), requestIds, requestId: requestIds[0] };
  }

  /** Relationships with this name that are not over (expired or terminated), compared as Graph does: ignoring case. */
  async findByName(displayName: string): Promise<Traced<{ relationships: GdapRelationship[] }>> {
    const name = displayName.trim();
    const found = await this.list({ filter: `displayName eq ${literal(name)}` });
    const relationships = found.relationships.filter(
      (r) => r.displayName.toLowerCase() === name.toLowerCase() && !FINISHED_STATUSES.includes(r.status),
    );
    return { relationships, requestId: found.requestId };
  }

  /**
   * Whether any relationship of this partner already uses the name, ended ones included: Graph refuses a name an
   * expired or terminated relationship still carries, so a check that skipped them would promise a name Graph then
   * refuses. A live holder is reported first; `ended` says the only holders are over.
   */
  async nameTaken(
    displayName: string,
  ): Promise<Traced<{ taken: boolean; ended: boolean; relationship?: GdapRelationship }>> {
    const name = displayName.trim();
    const found = await this.list({ filter: `displayName eq ${literal(name)}` });
    const holders = found.relationships.filter((r) => r.displayName.toLowerCase() === name.toLowerCase());
    const relationship = holders.find((r) => !FINISHED_STATUSES.includes(r.status)) ?? holders[0];
    if (!relationship) return { taken: false, ended: false, requestId: found.requestId };
    return {
      taken: true,
      ended: FINISHED_STATUSES.includes(relationship.status),
      relationship,
      requestId: found.requestId,
    };
  }

  /** created → approvalPending. `already`: an earlier call (or someone else) had locked it, or it moved on. */
  async lockForApproval(id: string): Promise<Traced<{ status: GdapStatus; already: boolean }>> {
    return this.action(id, 'lockForApproval', 'approvalPending', (s) => s !== 'created');
  }

  /** active → terminationRequested. `already`: it was ending or over before this call. */
  async terminate(id: string): Promise<Traced<{ status: GdapStatus; already: boolean }>> {
    return this.action(id, 'terminate', 'terminationRequested', (s) => ENDING.includes(s));
  }

  /** Gives the partner's security group the roles; a group that already has an assignment gets that one back. */
  async createAccessAssignment(
    id: string,
    groupId: string,
    roleIds: readonly string[],
  ): Promise<Traced<{ assignment: GdapAccessAssignment; existing: boolean }>> {
    const body = {
      accessContainer: { accessContainerId: groupId, accessContainerType: 'securityGroup' },
      accessDetails: { unifiedRoles: roleIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
    };
    const path = `${BASE}/${encodeURIComponent(id)}/accessAssignments`;
    try {
      const r = await graphSend<AccessAssignmentJson>(
        this.graph,
        'GdapClient.createAccessAssignment()',
        'POST',
        path,
        body,
      );
      return { assignment: toAssignment(r.body ?? { id: '' }), existing: false, requestId: r.requestId };
    } catch (error) {
      if (!(error instanceof GraphRequestError) || error.status !== 409) throw error;
      const listed = await this.listAccessAssignments(id);
      const live = listed.assignments.find(
        (a) => a.groupId.toLowerCase() === groupId.toLowerCase() && a.status !== 'deleted' && a.status !== 'deleting',
      );
      if (!live) throw error;
      return { assignment: live, existing: true, requestId: listed.requestId };
    }
  }

  async getAccessAssignment(id: string, assignmentId: string): Promise<Traced<{ assignment: GdapAccessAssignment }>> {
    const path = `${BASE}/${encodeURIComponent(id)}/accessAssignments/${encodeURIComponent(assignmentId)}`;
    const r = await graphSend<AccessAssignmentJson>(this.graph, 'GdapClient.getAccessAssignment()', 'GET', path);
    return { assignment: toAssignment(r.body ?? { id: assignmentId }), requestId: r.requestId };
  }

  async listAccessAssignments(
    id: string,
  ): Promise<Traced<{ assignments: GdapAccessAssignment[]; requestIds: string[] }>> {
    const path = `${BASE}/${encodeURIComponent(id)}/accessAssignments`;
    const { items, requestIds } = await this.pages<AccessAssignmentJson>('GdapClient.listAccessAssignments()', path);
    return { assignments: items.map(toAssignment), requestIds, requestId: requestIds[0] };
  }

  /** The partner-tenant security group "Security Copilot – <customer>", found by nickname or created once. */
  async ensureSecurityGroup(customerDisplayName: string, customerTenantId: string): Promise<Traced<SecurityGroup>> {
    return ensureSecurityGroup(this.graph, customerDisplayName, customerTenantId);
  }

  private async action(
    id: string,
    action: 'lockForApproval' | 'terminate',
    after: GdapStatus,
    alreadyDone: (status: GdapStatus) => boolean,
  ): Promise<Traced<{ status: GdapStatus; already: boolean }>> {
    const path = `${BASE}/${encodeURIComponent(id)}/requests`;
    try {
      const r = await graphSend(this.graph, `GdapClient.${action}()`, 'POST', path, { action });
      return { status: after, already: false, requestId: r.requestId };
    } catch (error) {
      // Graph refuses the action once the relationship moved on; that is success when it moved the way we wanted.
      if (!(error instanceof GraphRequestError) || error.status !== 400) throw error;
      const now = await this.get(id);
      if (!alreadyDone(now.relationship.status)) throw error;
      return { status: now.relationship.status, already: true, requestId: now.requestId };
    }
  }

  private async pages<T>(operation: string, first: string): Promise<{ items: T[]; requestIds: string[] }> {
    const items: T[] = [];
    const requestIds: string[] = [];
    let path: string | undefined = first;
    for (let page = 0; path !== undefined && page < MAX_PAGES; page += 1) {
      const r: { body: { value?: T[]; '@odata.nextLink'?: string } | undefined; requestId: string | undefined } =
        await graphSend(this.graph, operation, 'GET', path);
      items.push(...(r.body?.value ?? []));
      if (r.requestId) requestIds.push(r.requestId);
      const next = r.body?.['@odata.nextLink'];
      path = next ? nextLinkPath(next) : undefined;
    }
    return { items, requestIds };
  }
}
