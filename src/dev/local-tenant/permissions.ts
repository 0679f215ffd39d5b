/**
 * Application permissions each operation accepts (any one is enough). Small on purpose: the operations the bot
 * uses, following the "Permissions" tables of the Graph reference.
 */
export const PERMISSIONS = {
  userRead: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  userWrite: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  userDelete: ['User.ReadWrite.All'],
  userInvite: ['User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  membershipRead: [
    'GroupMember.Read.All',
    'GroupMember.ReadWrite.All',
    'Group.Read.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  groupCreate: ['Group.Create', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  groupWrite: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  memberWrite: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  roleRead: [
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'RoleManagement.ReadWrite.Directory',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  roleWrite: ['RoleManagement.ReadWrite.Directory'],
  pimRead: [
    'RoleAssignmentSchedule.Read.Directory',
    'RoleAssignmentSchedule.ReadWrite.Directory',
    'RoleManagement.Read.Directory',
    'RoleManagement.ReadWrite.Directory',
  ],
  pimWrite: ['RoleAssignmentSchedule.ReadWrite.Directory', 'RoleManagement.ReadWrite.Directory'],
  tenantInfo: ['CrossTenantInformation.ReadBasic.All'],
  gdapRead: ['DelegatedAdminRelationship.Read.All', 'DelegatedAdminRelationship.ReadWrite.All'],
  gdapWrite: ['DelegatedAdminRelationship.ReadWrite.All'],
  // api-reference/v1.0/api/organization-list.md, "Permissions".
  organizationRead: [
    'Organization.Read.All',
    'Organization.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
} as const satisfies Record<string, readonly string[]>;

const KNOWN = new Set(
  Object.values(PERMISSIONS)
    .flat()
    .map((p) => p.toLowerCase()),
);

/** A permission name some operation of this tenant accepts; a grant of anything else is a typo. */
export function knownApplicationPermission(name: string): boolean {
  return KNOWN.has(name.toLowerCase());
}

/** Whether a set of granted permissions (lower case) covers an operation: any one listed is enough. */
export function covers(granted: ReadonlySet<string>, needed: readonly string[]): boolean {
  return needed.some((p) => granted.has(p.toLowerCase()));
}
