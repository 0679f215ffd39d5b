import type { Client } from '@microsoft/microsoft-graph-client';
import type { LocalTenant } from '../../src/dev/local-tenant';

/** What the tenant holds, read back through Graph with the real client. */

export interface GraphUser {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userType: string;
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function usersByEmail(graph: Client, email: string): Promise<GraphUser[]> {
  const e = literal(email);
  const filter = encodeURIComponent(`mail eq ${e} or otherMails/any(x:x eq ${e}) or userPrincipalName eq ${e}`);
  const page = (await graph
    .api(`/users?$filter=${filter}&$select=id,displayName,givenName,surname,mail,userType`)
    .get()) as { value: GraphUser[] };
  return page.value;
}

export async function assignmentsOf(
  graph: Client,
  userId: string,
): Promise<{ id: string; roleDefinitionId: string }[]> {
  const filter = encodeURIComponent(`principalId eq ${literal(userId)}`);
  const page = (await graph.api(`/roleManagement/directory/roleAssignments?$filter=${filter}`).get()) as {
    value: { id: string; roleDefinitionId: string }[];
  };
  return page.value;
}

export interface Schedule {
  id: string;
  roleDefinitionId: string;
  scheduleInfo: { expiration: { type: string; endDateTime: string | null } };
}

export async function schedulesOf(graph: Client, userId: string): Promise<Schedule[]> {
  const filter = encodeURIComponent(`principalId eq ${literal(userId)}`);
  const page = (await graph.api(`/roleManagement/directory/roleAssignmentSchedules?$filter=${filter}`).get()) as {
    value: Schedule[];
  };
  return page.value;
}

export async function memberIds(graph: Client, groupId: string): Promise<string[]> {
  const page = (await graph.api(`/groups/${groupId}/members`).get()) as { value: { id: string }[] };
  return page.value.map((m) => m.id);
}

/** The simulated mail the tenant sent: the only way to count invitations, since a re-invite keeps the same user. */
export async function invitationsTo(
  tenant: LocalTenant,
  email: string,
): Promise<{ to: string; cc: string[]; customizedMessageBody: string | null }[]> {
  const res = await fetch(`${tenant.url}/_local/outbox`);
  const body = (await res.json()) as { value: { to: string; cc: string[]; customizedMessageBody: string | null }[] };
  return body.value.filter((m) => m.to.toLowerCase() === email.toLowerCase());
}
