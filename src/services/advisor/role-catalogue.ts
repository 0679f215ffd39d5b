/**
 * Entra roles that matter for partner access to Security Copilot, ranked from least to most privileged.
 * Ids are Entra role template ids (usable as `roleDefinitionId`). Copilot owner / contributor are Copilot roles,
 * not Entra roles; Security Administrator and Global Administrator inherit Copilot owner. Each plugin still needs
 * its own product role (e.g. Sentinel Reader for Sentinel).
 *
 * The default GDAP role set is *unverified* guidance: Security Reader + Security Operator, Global Reader for Entra
 * reads, Intune Administrator only for the Intune plugin, Security Administrator only when the partner must be
 * Copilot owner, and never Global Administrator.
 */

export type RoleKey =
  | 'security-reader'
  | 'security-operator'
  | 'global-reader'
  | 'intune-administrator'
  | 'security-administrator'
  | 'global-administrator';

export interface RoleEntry {
  readonly key: RoleKey;
  readonly roleDefinitionId: string;
  readonly name: string;
  /** What the role gives a partner person in Security Copilot. */
  readonly copilotGrant: string;
  /** 1 = least privileged. */
  readonly privilegeRank: number;
  /** Can be requested through the bot for a B2B guest. */
  readonly offeredForB2b: boolean;
  /** B2B requests for this role must carry a justification. */
  readonly needsJustification: boolean;
  /** Part of the default GDAP role set without conditions. */
  readonly inDefaultGdapTemplate: boolean;
  /** When the role joins the GDAP role set only under a condition, the condition in words. */
  readonly gdapCondition?: string;
}

export const ROLE_CATALOGUE: readonly RoleEntry[] = [
  {
    key: 'security-reader',
    roleDefinitionId: '5d6b6bb7-de71-4623-b4af-96380a352509',
    name: 'Security Reader',
    copilotGrant: 'Reads the security data that plugins return (incidents, alerts, reports); changes nothing.',
    privilegeRank: 1,
    offeredForB2b: true,
    needsJustification: false,
    inDefaultGdapTemplate: true,
  },
  {
    key: 'global-reader',
    roleDefinitionId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
    name: 'Global Reader',
    copilotGrant: 'Reads Entra and Microsoft 365 settings, for the Entra capabilities that answer questions.',
    privilegeRank: 2,
    offeredForB2b: false,
    needsJustification: false,
    inDefaultGdapTemplate: true,
  },
  {
    key: 'security-operator',
    roleDefinitionId: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
    name: 'Security Operator',
    copilotGrant: 'Security Reader plus managing alerts and incidents, so Copilot findings can be acted on.',
    privilegeRank: 3,
    offeredForB2b: true,
    needsJustification: true,
    inDefaultGdapTemplate: true,
  },
  {
    key: 'intune-administrator',
    roleDefinitionId: '3a2c62db-5318-420d-8d74-23affee5d9d5',
    name: 'Intune Administrator',
    copilotGrant: 'Full Intune management, for the Intune plugin.',
    privilegeRank: 4,
    offeredForB2b: false,
    needsJustification: true,
    inDefaultGdapTemplate: false,
    gdapCondition: 'Only when the partner uses the Intune plugin.',
  },
  {
    key: 'security-administrator',
    roleDefinitionId: '194ae4cb-b126-40b2-bd5b-6091b380977d',
    name: 'Security Administrator',
    copilotGrant: 'Inherits Copilot owner: manages Copilot settings, plugins and capacity.',
    privilegeRank: 5,
    offeredForB2b: false,
    needsJustification: true,
    inDefaultGdapTemplate: false,
    gdapCondition: 'Only when the partner must be Copilot owner.',
  },
  {
    key: 'global-administrator',
    roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10',
    name: 'Global Administrator',
    copilotGrant: 'Inherits Copilot owner and every other admin right in the tenant.',
    privilegeRank: 6,
    offeredForB2b: false,
    needsJustification: true,
    inDefaultGdapTemplate: false,
    gdapCondition: 'Never by default; it also blocks GDAP auto-extend.',
  },
];

export function findRole(key: RoleKey): RoleEntry {
  const role = ROLE_CATALOGUE.find((r) => r.key === key);
  if (!role) throw new Error(`findRole(): no role '${key}' in the role catalogue`);
  return role;
}
