import { notFound } from '../errors';
import { collection } from '../odata';
import { PERMISSIONS } from '../permissions';
import type { JsonObject } from '../request-body';
import type { GraphResponse, RequestContext, Route } from '../route-types';
import type { DirectoryObject, TenantState } from '../state';
import { projectGroup, projectUser } from '../user-json';

/**
 * "List group transitive members" (api-reference/v1.0/api/group-list-transitivemembers.md): a flat list of every
 * member, nested groups' members included (and the nested groups themselves), each once, paged like any
 * collection. The cast segment /microsoft.graph.user keeps users only (OData type cast; the same page shows
 * GET /groups/{id}/transitiveMembers/microsoft.graph.user). /members is direct members only
 * (group-list-members.md), with the same cast.
 */
function members(state: TenantState, groupId: string, transitive: boolean): DirectoryObject[] {
  const found = new Map<string, DirectoryObject>();
  const queue = [groupId];
  const visited = new Set<string>();
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (visited.has(next.toLowerCase())) continue;
    visited.add(next.toLowerCase());
    for (const id of state.group(next)?.members ?? []) {
      const member = state.directoryObject(id);
      if (!member) continue;
      found.set(id.toLowerCase(), member);
      if (transitive && member.kind === 'group') queue.push(member.group.id);
    }
  }
  return [...found.values()];
}

function list(transitive: boolean, usersOnly: boolean) {
  return (ctx: RequestContext): GraphResponse => {
    const id = ctx.params.id ?? '';
    if (!ctx.state.group(id)) throw notFound(id);
    const items: JsonObject[] = members(ctx.state, id, transitive)
      .filter((m) => !usersOnly || m.kind === 'user')
      .map((m) => (m.kind === 'user' ? projectUser(ctx, m.user, true) : projectGroup(ctx, m.group, true)));
    return collection(ctx, usersOnly ? 'users' : 'directoryObjects', items);
  };
}

export const transitiveMemberRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/groups/:id/transitiveMembers',
    permissions: PERMISSIONS.membershipRead,
    handler: list(true, false),
  },
  {
    method: 'GET',
    pattern: '/groups/:id/transitiveMembers/microsoft.graph.user',
    permissions: PERMISSIONS.membershipRead,
    handler: list(true, true),
  },
  {
    method: 'GET',
    pattern: '/groups/:id/members/microsoft.graph.user',
    permissions: PERMISSIONS.membershipRead,
    handler: list(false, true),
  },
];
