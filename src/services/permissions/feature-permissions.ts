/**
 * What each feature needs of Microsoft Graph, as application permissions. Each need lists the least-privileged
 * permission first, then the broader ones that also satisfy it (any one is enough), following the "Permissions"
 * table of each API's reference page on learn.microsoft.com (graph/api/...). docs/permissions.md explains each.
 */

export interface PermissionNeed {
  /** The least-privileged permission: what the bot asks an admin to grant. */
  readonly permission: string;
  /** Broader permissions that also satisfy it. */
  readonly alsoSatisfiedBy: readonly string[];
}

export interface Feature {
  readonly id: FeatureId;
  /** How a person would name it: "invitations", "role assignment", … */
  readonly name: string;
  /** The sentence's start when it cannot work: "Invitations are off". */
  readonly off: string;
  readonly needs: readonly PermissionNeed[];
}

export type FeatureId =
  'membership' | 'invitations' | 'guest-names' | 'roles' | 'offboarding' | 'partner-group' | 'domain-lookup' | 'gdap';

const need = (permission: string, ...alsoSatisfiedBy: string[]): PermissionNeed => ({ permission, alsoSatisfiedBy });

// user-get / user-list: User.Read.All least privileged.
const USER_READ = need('User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All');
// directoryobject-checkmembergroups, group-list-transitivemembers: GroupMember.Read.All least privileged.
const MEMBER_READ = need(
  'GroupMember.Read.All',
  'GroupMember.ReadWrite.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
);

export interface FeatureSettings {
  readonly pimEnabled: boolean;
  readonly partnerGroup: boolean;
  readonly offboarding: 'keep' | 'block' | 'delete';
  readonly gdapPartner: boolean;
}

/** The features this deployment has switched on, each with what it needs. */
export function enabledFeatures(s: FeatureSettings): Feature[] {
  const features: Feature[] = [
    {
      id: 'membership',
      name: 'checking who is an admin or approver',
      off: 'Checking who is an admin or approver is off',
      needs: [USER_READ, MEMBER_READ],
    },
    // invitation-post.
    {
      id: 'invitations',
      name: 'invitations',
      off: 'Invitations are off',
      needs: [need('User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All')],
    },
    // user-update (givenName, surname, displayName).
    {
      id: 'guest-names',
      name: "setting guests' names",
      off: "Setting guests' names is off",
      needs: [need('User.ReadWrite.All', 'Directory.ReadWrite.All')],
    },
    {
      id: 'roles',
      name: 'role assignment',
      off: 'Role assignment is off',
      needs: [
        ...(s.pimEnabled
          ? [
              // rbacapplication-post-roleassignmentschedulerequests (adminAssign, adminUpdate, adminRemove) and
              // rbacapplication-list-roleassignmentschedules.
              need('RoleAssignmentSchedule.ReadWrite.Directory', 'RoleManagement.ReadWrite.Directory'),
              // rbacapplication-list-roleassignments: the drift check reads the person's active role assignments,
              // which the schedule permission does not cover.
              need(
                'RoleManagement.Read.Directory',
                'RoleManagement.Read.All',
                'Directory.Read.All',
                'RoleManagement.ReadWrite.Directory',
                'Directory.ReadWrite.All',
              ),
            ]
          : // rbacapplication-post-roleassignments (list and delete need no more).
            [need('RoleManagement.ReadWrite.Directory')]),
      ],
    },
    // tenantrelationship-findtenantinformationbydomainname.
    {
      id: 'domain-lookup',
      name: 'looking up partner domains',
      off: 'Looking up partner domains is off',
      needs: [need('CrossTenantInformation.ReadBasic.All')],
    },
  ];
  if (s.offboarding !== 'keep')
    features.push({
      id: 'offboarding',
      name: s.offboarding === 'block' ? 'blocking guests when access ends' : 'deleting guests when access ends',
      off:
        s.offboarding === 'block'
          ? 'Blocking guests when access ends is off'
          : 'Deleting guests when access ends is off',
      needs:
        s.offboarding === 'block'
          ? // user-update, accountEnabled: User.EnableDisableAccount.All together with User.Read.All.
            [USER_READ, need('User.EnableDisableAccount.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All')]
          : // user-delete.
            [need('User.ReadWrite.All')],
    });
  if (s.partnerGroup || s.gdapPartner)
    // group-post-members.
    features.push({
      id: 'partner-group',
      name: 'adding people to the partner security group',
      off: 'Adding people to the partner security group is off',
      needs: [need('GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All')],
    });
  if (s.gdapPartner)
    // tenantrelationship-post-delegatedadminrelationships.
    features.push({
      id: 'gdap',
      name: 'GDAP relationships',
      off: 'GDAP relationships are off',
      needs: [
        need('DelegatedAdminRelationship.ReadWrite.All'),
        // group-post-groups: the partner security group is created once per customer when it does not exist yet.
        need('Group.Create', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'),
      ],
    });
  return features;
}

export interface MissingPermission {
  readonly feature: Feature;
  readonly permission: string;
}

/** The needs no granted permission satisfies (names compared case-insensitively, as Entra does). */
export function missingPermissions(features: readonly Feature[], granted: readonly string[]): MissingPermission[] {
  const have = new Set(granted.map((g) => g.toLowerCase()));
  return features.flatMap((feature) =>
    feature.needs
      .filter((n) => ![n.permission, ...n.alsoSatisfiedBy].some((p) => have.has(p.toLowerCase())))
      .map((n) => ({ feature, permission: n.permission })),
  );
}
