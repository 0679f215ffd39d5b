import { randomBytes } from 'node:crypto';
import type { GdapRelationship } from './gdap-model';
import type { JsonObject } from './request-body';
import {
  BUILT_IN_ROLES,
  GLOBAL_ADMINISTRATOR,
  PRIVILEGED_AUTHENTICATION_ADMINISTRATOR,
  type RoleDefinition,
} from './role-definitions';
import type { Seed } from './seed';

export interface UserRecord {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userPrincipalName: string;
  userType: 'Member' | 'Guest';
  accountEnabled: boolean;
  otherMails: string[];
  externalUserState: string | null;
  externalUserStateChangeDateTime: string | null;
  creationType: string | null;
  jobTitle: string | null;
  createdDateTime: string;
  deletedDateTime: string | null;
  /** Set when POST /invitations created the user: replication lag counts from here. */
  invitedAt?: number;
}

export interface GroupRecord {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  mailEnabled: boolean;
  securityEnabled: boolean;
  isAssignableToRole: boolean;
  groupTypes: string[];
  createdDateTime: string;
  /** Member object ids, in the order they were added. */
  members: string[];
}

/** One active or scheduled directory role assignment, however it was made. */
export interface AssignmentRecord {
  id: string;
  roleDefinitionId: string;
  principalId: string;
  directoryScopeId: string;
  createdDateTime: string;
  startDateTime: string;
  endDateTime: string | null;
  createdUsing: 'roleAssignment' | 'pim';
}

export interface OutboxMessage {
  invitationId: string;
  to: string;
  cc: string[];
  customizedMessageBody: string | null;
  messageLanguage: string | null;
  inviteRedeemUrl: string;
  sentDateTime: string;
}

export type DirectoryObject = { kind: 'user'; user: UserRecord } | { kind: 'group'; group: GroupRecord };

const key = (id: string) => id.toLowerCase();

/** The simulated directory, built fresh from the seed; `/_local/reset` replaces it with a new one. */
export class TenantState {
  readonly tenant: Seed['tenant'];
  readonly knownTenants: Seed['knownTenants'];
  readonly pim: Seed['pim'];
  readonly gdapTiming: Seed['gdap'];
  readonly permissions: Set<string>;
  readonly appDirectoryRoleIds: Set<string>;
  readonly users = new Map<string, UserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly roles = new Map<string, RoleDefinition>();
  readonly assignments = new Map<string, AssignmentRecord>();
  readonly pimRequests = new Map<string, JsonObject>();
  readonly invitations = new Map<string, { userId: string; inviteRedirectUrl: string }>();
  readonly gdap = new Map<string, GdapRelationship>();
  readonly outbox: OutboxMessage[] = [];

  constructor(seed: Seed, now: Date) {
    const created = now.toISOString();
    this.tenant = seed.tenant;
    this.knownTenants = seed.knownTenants;
    this.pim = seed.pim;
    this.gdapTiming = seed.gdap;
    this.permissions = new Set(seed.app.permissions.map(key));
    this.appDirectoryRoleIds = new Set(seed.app.directoryRoleIds.map(key));
    for (const role of [...BUILT_IN_ROLES, ...seed.roleDefinitions]) this.roles.set(key(role.id), role);
    for (const u of seed.users) {
      this.users.set(key(u.id), {
        id: u.id,
        displayName: u.displayName,
        givenName: u.givenName ?? null,
        surname: u.surname ?? null,
        mail: u.mail ?? null,
        userPrincipalName: u.userPrincipalName,
        userType: u.userType,
        accountEnabled: u.accountEnabled,
        otherMails: [...u.otherMails],
        externalUserState: u.externalUserState ?? (u.userType === 'Guest' ? 'PendingAcceptance' : null),
        externalUserStateChangeDateTime: null,
        creationType: u.creationType ?? (u.userType === 'Guest' ? 'Invitation' : null),
        jobTitle: u.jobTitle ?? null,
        createdDateTime: created,
        deletedDateTime: null,
      });
    }
    for (const g of seed.groups) {
      this.groups.set(key(g.id), {
        ...g,
        description: g.description ?? null,
        groupTypes: [],
        createdDateTime: created,
        members: [...g.members],
      });
    }
    for (const a of seed.roleAssignments) {
      this.assignments.set(a.id, {
        ...a,
        createdDateTime: created,
        startDateTime: created,
        endDateTime: null,
        createdUsing: 'roleAssignment',
      });
    }
  }

  hasAnyPermission(needed: readonly string[]): boolean {
    return needed.some((p) => this.permissions.has(key(p)));
  }

  /** The app-only grant in force: the seed's list, or the subset the app-token mode configures. */
  grant(permissions: readonly string[]): void {
    this.permissions.clear();
    for (const p of permissions) this.permissions.add(key(p));
  }

  /** A live (not deleted) user by object id or userPrincipalName. */
  user(idOrUpn: string): UserRecord | undefined {
    const byId = this.users.get(key(idOrUpn));
    const found = byId ?? [...this.users.values()].find((u) => key(u.userPrincipalName) === key(idOrUpn));
    return found && !found.deletedDateTime ? found : undefined;
  }

  liveUsers(): UserRecord[] {
    return [...this.users.values()].filter((u) => !u.deletedDateTime);
  }

  group(id: string): GroupRecord | undefined {
    return this.groups.get(key(id));
  }

  directoryObject(id: string): DirectoryObject | undefined {
    const user = this.user(id);
    if (user && key(user.id) === key(id)) return { kind: 'user', user };
    const group = this.group(id);
    return group ? { kind: 'group', group } : undefined;
  }

  directGroupsOf(objectId: string): GroupRecord[] {
    return [...this.groups.values()].filter((g) => g.members.some((m) => key(m) === key(objectId)));
  }

  transitiveGroupsOf(objectId: string): GroupRecord[] {
    const found = new Map<string, GroupRecord>();
    const queue = [objectId];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const g of this.directGroupsOf(next)) {
        if (found.has(key(g.id))) continue;
        found.set(key(g.id), g);
        queue.push(g.id);
      }
    }
    return [...found.values()];
  }

  role(id: string): RoleDefinition | undefined {
    return this.roles.get(key(id));
  }

  /** Assignments not yet ended; ended ones are dropped, which is how PIM expiry works here (lazily, by the clock). */
  currentAssignments(now: Date): AssignmentRecord[] {
    for (const [k, a] of this.assignments)
      if (a.endDateTime !== null && Date.parse(a.endDateTime) <= now.getTime()) this.assignments.delete(k);
    return [...this.assignments.values()];
  }

  /** Assignments in force right now (started and not ended). */
  activeAssignments(now: Date): AssignmentRecord[] {
    return this.currentAssignments(now).filter((a) => Date.parse(a.startDateTime) <= now.getTime());
  }

  /** Entra lets only a higher admin edit a user who holds a privileged role. */
  holdsPrivilegedRole(userId: string, now: Date): boolean {
    return this.activeAssignments(now).some(
      (a) => key(a.principalId) === key(userId) && (this.role(a.roleDefinitionId)?.isPrivileged ?? true),
    );
  }

  appCanEditPrivilegedUsers(): boolean {
    return (
      this.appDirectoryRoleIds.has(GLOBAL_ADMINISTRATOR) ||
      this.appDirectoryRoleIds.has(PRIVILEGED_AUTHENTICATION_ADMINISTRATOR)
    );
  }

  /** Role assignment ids in Graph are opaque strings, not GUIDs; callers must not assume a format. */
  newAssignmentId(): string {
    return `${randomBytes(24).toString('base64url')}-1`;
  }
}
