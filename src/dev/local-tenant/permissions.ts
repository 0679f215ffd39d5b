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
} as const satisfies Record<string, readonly string[]>;
