import type { Client } from '@microsoft/microsoft-graph-client';
import { securityCopilotLink } from '../access/tenant-link';
import type { PartnerPerson, RoleKey } from '../requests/types';
import { graphBatch, graphSend, settle, type BatchOptions, type Settled, type Traced } from './graph-batch';
import { GraphRequestError } from './graph-error';

export type { Settled, Traced } from './graph-batch';

/** Entra role template ids (microsoft-facts §2). */
export const ROLE_DEFINITION_IDS: Record<RoleKey, string> = {
  'security-reader': '5d6b6bb7-de71-4623-b4af-96380a352509',
  'security-operator': '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
};

export interface FoundUser {
  readonly id: string;
  readonly displayName: string;
  readonly mail: string | null;
  readonly userPrincipalName?: string | null;
  readonly userType: string | null;
  readonly externalUserState: string | null;
  /** false: blocked from signing in (by the bot's offboarding, or by someone else). */
  readonly accountEnabled?: boolean | null;
}
/** `invited` is false when Graph answered that the person already exists and we took that object. */
export type Invitation = { readonly userId: string; readonly invited: boolean; readonly inviteRedeemUrl?: string };
export type Names = { readonly givenName: string; readonly surname: string; readonly displayName: string };
/** `assignmentId`: the role assignment (direct) or assignment schedule (PIM); `existing`: it was already there. */
export type RoleGrant = { readonly assignmentId: string | undefined; readonly existing: boolean };
/** `redirectUrl` defaults to the tenant's Security Copilot link. */
export type InviteOptions = { readonly redirectUrl?: string; readonly message?: string; readonly ccEmail?: string };
/** `endDateTime` undefined or null: no expiry. */
export type PimOptions = {
  readonly endDateTime?: string | null;
  readonly justification: string;
  readonly startDateTime?: string;
};
export type B2bOptions = { readonly tenantId: string } & Pick<BatchOptions, 'sleep' | 'maxTries'>;

const ROLES = '/roleManagement/directory';
const FOUND_FIELDS = 'id,displayName,mail,userPrincipalName,userType,externalUserState,accountEnabled';
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
const q = encodeURIComponent;
const isConflict = (e: GraphRequestError) => e.status === 400 && /conflicting object/i.test(e.message);
const byPrincipal = (userId: string, roleId: string) =>
  q(`principalId eq ${literal(userId)} and roleDefinitionId eq ${literal(roleId)}`);
const assignment = (principalId: string, roleDefinitionId: string) => ({
  '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
  roleDefinitionId,
  principalId,
  directoryScopeId: '/',
});

/**
 * The Graph steps of B2B guest access, each safe to repeat: doing one twice ends where doing it once does, and an
 * "already there" answer from Graph counts as success. Every answer carries Graph's request id.
 */
export class B2bOperations {
  constructor(
    private readonly graph: Client,
    private readonly options: B2bOptions,
  ) {}

  /** Every account that carries the address (as mail, other mail or UPN); `user` is the first of them. */
  async findUserByEmail(email: string): Promise<Traced<{ user: FoundUser | undefined; users: FoundUser[] }>> {
    const e = literal(email);
    const filter = q(`mail eq ${e} or otherMails/any(x:x eq ${e}) or userPrincipalName eq ${e}`);
    const path = `/users?$filter=${filter}&$select=${FOUND_FIELDS}`;
    const reply = await graphSend<{ value?: FoundUser[] }>(this.graph, 'B2bOperations.findUserByEmail', 'GET', path);
    const users = reply.body?.value ?? [];
    return { user: users[0], users, requestId: reply.requestId };
  }

  /** One account by object id, with the fields the partner-guest rule reads. */
  async getUser(userId: string): Promise<Traced<{ user: FoundUser | undefined }>> {
    const path = `/users/${q(userId)}?$select=${FOUND_FIELDS}`;
    const reply = await graphSend<FoundUser>(this.graph, 'B2bOperations.getUser', 'GET', path);
    return { user: reply.body, requestId: reply.requestId };
  }

  async invite(person: PartnerPerson, o: InviteOptions): Promise<Traced<Invitation>> {
    const body = {
      invitedUserEmailAddress: person.email,
      invitedUserDisplayName: person.displayName,
      inviteRedirectUrl: o.redirectUrl ?? securityCopilotLink(this.options.tenantId),
      invitedUserType: 'Guest',
      sendInvitationMessage: true,
      invitedUserMessageInfo: {
        ...(o.message ? { customizedMessageBody: o.message } : {}),
        ccRecipients: o.ccEmail ? [{ emailAddress: { address: o.ccEmail } }] : [],
      },
    };
    const op = 'B2bOperations.invite';
    try {
      const reply = await graphSend<{ invitedUser?: { id?: string }; inviteRedeemUrl?: string }>(
        this.graph,
        op,
        'POST',
        '/invitations',
        body,
      );
      const userId = reply.body?.invitedUser?.id;
      if (!userId) throw new GraphRequestError(reply.status, 'NoInvitedUser', 'no invitedUser.id', reply.requestId, op);
      return { userId, invited: true, inviteRedeemUrl: reply.body?.inviteRedeemUrl, requestId: reply.requestId };
    } catch (error) {
      if (!(error instanceof GraphRequestError) || error.status !== 400) throw error;
      const existing = /already exists.*object ID:\s*([0-9a-f-]{36})/i.exec(error.message)?.[1];
      if (!existing) throw error;
      return { userId: existing, invited: false, requestId: error.requestId };
    }
  }

  /** Lets a blocked account sign in again; enabling an enabled account changes nothing, so a repeat is harmless. */
  async enableUser(userId: string): Promise<Traced<{ enabled: true }>> {
    const reply = await graphSend(this.graph, 'B2bOperations.enableUser', 'PATCH', `/users/${q(userId)}`, {
      accountEnabled: true,
    });
    return { enabled: true, requestId: reply.requestId };
  }

  /** Names already as wanted count as set: once a guest holds a privileged role, the app may no longer edit it. */
  async setNames(userId: string, names: Names): Promise<Traced<{ unchanged: boolean }>> {
    const op = 'B2bOperations.setNames';
    try {
      const reply = await graphSend(this.graph, op, 'PATCH', `/users/${q(userId)}`, { ...names });
      return { unchanged: false, requestId: reply.requestId };
    } catch (error) {
      if (!(error instanceof GraphRequestError) || error.status !== 403) throw error;
      const path = `/users/${q(userId)}?$select=givenName,surname,displayName`;
      const now = await graphSend<Partial<Names>>(this.graph, op, 'GET', path).catch(() => undefined);
      if (!now?.body || (Object.keys(names) as (keyof Names)[]).some((k) => now.body?.[k] !== names[k])) throw error;
      return { unchanged: true, requestId: now.requestId };
    }
  }

  async assignRole(userId: string, roleDefinitionId: string): Promise<Traced<RoleGrant>> {
    const body = assignment(userId, roleDefinitionId);
    const path = `${ROLES}/roleAssignments`;
    try {
      const reply = await graphSend<{ id?: string }>(this.graph, 'B2bOperations.assignRole', 'POST', path, body);
      return { assignmentId: reply.body?.id, existing: false, requestId: reply.requestId };
    } catch (error) {
      if (!(error instanceof GraphRequestError) || !isConflict(error)) throw error;
      return this.existingAssignment(userId, roleDefinitionId, error);
    }
  }

  async assignRolePim(userId: string, roleDefinitionId: string, o: PimOptions): Promise<Traced<RoleGrant>> {
    const expiration = o.endDateTime ? { type: 'afterDateTime', endDateTime: o.endDateTime } : { type: 'noExpiration' };
    const body = {
      action: 'adminAssign',
      principalId: userId,
      roleDefinitionId,
      directoryScopeId: '/',
      justification: o.justification,
      scheduleInfo: { ...(o.startDateTime ? { startDateTime: o.startDateTime } : {}), expiration },
    };
    const op = 'B2bOperations.assignRolePim';
    try {
      const path = `${ROLES}/roleAssignmentScheduleRequests`;
      const reply = await graphSend<{ targetScheduleId?: string }>(this.graph, op, 'POST', path, body);
      return { assignmentId: reply.body?.targetScheduleId, existing: false, requestId: reply.requestId };
    } catch (error) {
      if (!(error instanceof GraphRequestError) || error.code !== 'RoleAssignmentExists') throw error;
      const path = `${ROLES}/roleAssignmentSchedules?$filter=${byPrincipal(userId, roleDefinitionId)}`;
      const found = await graphSend<{ value?: { id: string }[] }>(this.graph, op, 'GET', path);
      return { assignmentId: found.body?.value?.[0]?.id, existing: true, requestId: found.requestId };
    }
  }

  async addToGroup(groupId: string, userId: string): Promise<Traced<{ added: boolean }>> {
    const body = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${userId}` };
    const path = `/groups/${q(groupId)}/members/$ref`;
    try {
      const reply = await graphSend(this.graph, 'B2bOperations.addToGroup', 'POST', path, body);
      return { added: true, requestId: reply.requestId };
    } catch (error) {
      const member = error instanceof GraphRequestError && error.status === 400 && /already exist/i.test(error.message);
      if (!member) throw error;
      return { added: false, requestId: error.requestId };
    }
  }

  /** Names, then the direct role, in one round trip (`dependsOn` keeps the order Entra needs). */
  async setNamesAndAssignRole(
    userId: string,
    names: Names,
    roleDefinitionId: string,
  ): Promise<{ names: Settled<Traced<{ unchanged: boolean }>>; role: Settled<Traced<RoleGrant>> }> {
    const { names: n, role: r } = await graphBatch(
      this.graph,
      'B2bOperations.setNamesAndAssignRole',
      [
        { id: 'names', method: 'PATCH', url: `/users/${q(userId)}`, body: { ...names } },
        {
          id: 'role',
          method: 'POST',
          url: `${ROLES}/roleAssignments`,
          body: assignment(userId, roleDefinitionId),
          dependsOn: ['names'],
        },
      ],
      this.options,
    );
    if (!n || !r) throw new Error('B2bOperations.setNamesAndAssignRole(): the batch lost a request');
    const id = r.ok ? (r.reply.body as { id?: string } | undefined)?.id : undefined;
    return {
      names: n.ok ? { ok: true, value: { unchanged: false, requestId: n.reply.requestId } } : n,
      role: r.ok
        ? { ok: true, value: { assignmentId: id, existing: false, requestId: r.reply.requestId } }
        : isConflict(r.error)
          ? await settle(this.existingAssignment(userId, roleDefinitionId, r.error))
          : r,
    };
  }

  private async existingAssignment(
    userId: string,
    roleId: string,
    conflict: GraphRequestError,
  ): Promise<Traced<RoleGrant>> {
    const path = `${ROLES}/roleAssignments?$filter=${byPrincipal(userId, roleId)}`;
    const found = await graphSend<{ value?: { id: string; directoryScopeId?: string }[] }>(
      this.graph,
      'B2bOperations.assignRole',
      'GET',
      path,
    );
    const match = found.body?.value?.find((a) => (a.directoryScopeId ?? '/') === '/');
    if (!match) throw conflict;
    return { assignmentId: match.id, existing: true, requestId: found.requestId };
  }
}
