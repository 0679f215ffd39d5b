/** A built-in Microsoft Entra role template, as Graph's unifiedRoleDefinition shows it. */
export interface RoleDefinition {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  /** Entra marks these "PRIVILEGED"; users holding one can only be edited by a higher admin. */
  readonly isPrivileged: boolean;
}

export const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
export const PRIVILEGED_AUTHENTICATION_ADMINISTRATOR = '7be44c8a-adaf-4e2a-84d6-ab2649e08a13';

/** Real template ids (microsoft-facts §2); descriptions are paraphrased. */
export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  {
    id: '5d6b6bb7-de71-4623-b4af-96380a352509',
    displayName: 'Security Reader',
    description: 'Can read security information and reports in Microsoft Entra ID and Office 365.',
    isPrivileged: true,
  },
  {
    id: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
    displayName: 'Security Operator',
    description: 'Creates and manages security events.',
    isPrivileged: true,
  },
  {
    id: '194ae4cb-b126-40b2-bd5b-6091b380977d',
    displayName: 'Security Administrator',
    description: 'Can read security information and reports, and manage security configuration.',
    isPrivileged: true,
  },
  {
    id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
    displayName: 'Global Reader',
    description: 'Can read everything that a Global Administrator can, but not update anything.',
    isPrivileged: true,
  },
  {
    id: '3a2c62db-5318-420d-8d74-23affee5d9d5',
    displayName: 'Intune Administrator',
    description: 'Can manage all aspects of the Intune product.',
    isPrivileged: true,
  },
  {
    id: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
    displayName: 'User Administrator',
    description: 'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
    isPrivileged: true,
  },
  {
    id: '95e79109-95c0-4d8e-aee3-d01accf2d47b',
    displayName: 'Guest Inviter',
    description: "Can invite guest users independent of the 'members can invite guests' setting.",
    isPrivileged: false,
  },
  {
    id: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
    displayName: 'Privileged Role Administrator',
    description:
      'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
    isPrivileged: true,
  },
  {
    id: GLOBAL_ADMINISTRATOR,
    displayName: 'Global Administrator',
    description:
      'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
    isPrivileged: true,
  },
  {
    id: PRIVILEGED_AUTHENTICATION_ADMINISTRATOR,
    displayName: 'Privileged Authentication Administrator',
    description: 'Can view, set and reset authentication method information for any user (admin or non-admin).',
    isPrivileged: true,
  },
];

/** unifiedRoleDefinition JSON; `isPrivileged` exists only on beta. */
export function roleDefinitionJson(role: RoleDefinition, version: string): Record<string, unknown> {
  return {
    id: role.id,
    description: role.description,
    displayName: role.displayName,
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ['/'],
    templateId: role.id,
    version: '1',
    rolePermissions: [],
    ...(version === 'beta' ? { isPrivileged: role.isPrivileged } : {}),
  };
}
