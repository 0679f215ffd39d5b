import type { Client } from '@microsoft/microsoft-graph-client';
import { graphSend, type Traced } from '../graph/graph-batch';
import { GraphRequestError } from '../graph/graph-error';

const ROLES = '/roleManagement/directory';
const q = encodeURIComponent;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
const byPrincipal = (userId: string, roleId: string) =>
  q(`principalId eq ${literal(userId)} and roleDefinitionId eq ${literal(roleId)}`);
const isNotFound = (e: unknown): e is GraphRequestError => e instanceof GraphRequestError && e.status === 404;
/** PIM's answers for "there is no such assignment (any more)": removed by someone, or ended by its schedule. */
const PIM_GONE = ['RoleAssignmentDoesNotExist', 'RoleAssignmentNotFound', 'RoleAssignmentScheduleNotFound'];
const isPimGone = (e: unknown): e is GraphRequestError =>
  e instanceof GraphRequestError && (e.status === 404 || PIM_GONE.includes(e.code));

export interface PimSchedule {
  readonly id: string;
  readonly endDateTime: string | null;
}

/**
 * The Graph calls of revocation, extension and drift checks. Each is safe to repeat: "already gone" answers count
 * as done (`found: false`), and every answer carries Graph's request id for the audit.
 */
export class LifecycleGraph {
  constructor(private readonly graph: Client) {}

  async deleteRoleAssignment(assignmentId: string): Promise<Traced<{ found: boolean }>> {
    const path = `${ROLES}/roleAssignments/${q(assignmentId)}`;
    return this.gone('LifecycleGraph.deleteRoleAssignment', 'DELETE', path);
  }

  async findRoleAssignments(userId: string, roleDefinitionId: string): Promise<Traced<{ ids: string[] }>> {
    const path = `${ROLES}/roleAssignments?$filter=${byPrincipal(userId, roleDefinitionId)}`;
    const op = 'LifecycleGraph.findRoleAssignments';
    const reply = await graphSend<{ value?: { id: string }[] }>(this.graph, op, 'GET', path);
    return { ids: (reply.body?.value ?? []).map((a) => a.id), requestId: reply.requestId };
  }

  async pimSchedule(userId: string, roleDefinitionId: string): Promise<Traced<{ schedule?: PimSchedule }>> {
    const path = `${ROLES}/roleAssignmentSchedules?$filter=${byPrincipal(userId, roleDefinitionId)}`;
    type Row = { id: string; scheduleInfo?: { expiration?: { endDateTime?: string | null } } };
    const reply = await graphSend<{ value?: Row[] }>(this.graph, 'LifecycleGraph.pimSchedule', 'GET', path);
    const row = reply.body?.value?.[0];
    const schedule = row && { id: row.id, endDateTime: row.scheduleInfo?.expiration?.endDateTime ?? null };
    return { ...(schedule ? { schedule } : {}), requestId: reply.requestId };
  }

  /** adminRemove; an assignment that is already gone (removed, or ended by its schedule) counts as removed. */
  async pimRemove(
    userId: string,
    roleDefinitionId: string,
    justification: string,
  ): Promise<Traced<{ found: boolean }>> {
    const body = { action: 'adminRemove', principalId: userId, roleDefinitionId, directoryScopeId: '/', justification };
    try {
      const reply = await graphSend(
        this.graph,
        'LifecycleGraph.pimRemove',
        'POST',
        `${ROLES}/roleAssignmentScheduleRequests`,
        body,
      );
      return { found: true, requestId: reply.requestId };
    } catch (error) {
      if (!isPimGone(error)) throw error;
      return { found: false, requestId: error.requestId };
    }
  }

  /**
   * adminUpdate: moves the end of the person's existing assignment in place (same schedule, never a moment without
   * the role). The unifiedRoleAssignmentScheduleRequest resource page (Microsoft Learn) defines adminUpdate as "for
   * administrators to change existing role assignments"; adminExtend is only for assignments about to expire, and an
   * extension here may come at any time. With `validationOnly`, PIM checks its policy (maximum duration,
   * justification) and changes nothing. An assignment that is gone answers `found: false`.
   */
  async pimUpdate(
    userId: string,
    roleDefinitionId: string,
    o: { readonly endDateTime: string; readonly justification: string; readonly validationOnly?: boolean },
  ): Promise<Traced<{ found: boolean }>> {
    const body = {
      action: 'adminUpdate',
      principalId: userId,
      roleDefinitionId,
      directoryScopeId: '/',
      justification: o.justification,
      isValidationOnly: o.validationOnly === true,
      scheduleInfo: { expiration: { type: 'afterDateTime', endDateTime: o.endDateTime } },
    };
    const op = 'LifecycleGraph.pimUpdate';
    try {
      const reply = await graphSend(this.graph, op, 'POST', `${ROLES}/roleAssignmentScheduleRequests`, body);
      return { found: true, requestId: reply.requestId };
    } catch (error) {
      if (!isPimGone(error)) throw error;
      return { found: false, requestId: error.requestId };
    }
  }

  /** accountEnabled: false. A user who is gone counts as blocked. */
  async blockUser(userId: string): Promise<Traced<{ found: boolean }>> {
    return this.gone('LifecycleGraph.blockUser', 'PATCH', `/users/${q(userId)}`, { accountEnabled: false });
  }

  /** Soft-deletes the user (restorable for 30 days). A user who is gone counts as deleted. */
  async deleteUser(userId: string): Promise<Traced<{ found: boolean }>> {
    return this.gone('LifecycleGraph.deleteUser', 'DELETE', `/users/${q(userId)}`);
  }

  async getUser(userId: string): Promise<Traced<{ user?: { id: string; accountEnabled: boolean } }>> {
    const path = `/users/${q(userId)}?$select=id,accountEnabled`;
    try {
      const reply = await graphSend<{ id: string; accountEnabled?: boolean }>(
        this.graph,
        'LifecycleGraph.getUser',
        'GET',
        path,
      );
      const body = reply.body;
      return {
        ...(body ? { user: { id: body.id, accountEnabled: body.accountEnabled !== false } } : {}),
        requestId: reply.requestId,
      };
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return { requestId: error.requestId };
    }
  }

  private async gone(
    op: string,
    method: 'DELETE' | 'PATCH',
    path: string,
    body?: unknown,
  ): Promise<Traced<{ found: boolean }>> {
    try {
      const reply = await graphSend(this.graph, op, method, path, body);
      return { found: true, requestId: reply.requestId };
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return { found: false, requestId: error.requestId };
    }
  }
}
