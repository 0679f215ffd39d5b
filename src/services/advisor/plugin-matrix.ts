/**
 * Which Security Copilot plugins work for a partner under GDAP. Microsoft changes this list, so it is data with a
 * source and an "as of" date, and admins can replace it with a JSON file (see plugin-matrix-override.ts).
 */

/**
 * A plugin id: lower-case kebab-case. Kept a string (not a closed union) so that an admin's override can add a
 * plugin that Microsoft introduces before this code knows about it.
 */
export type PluginId = string;

export type GdapSupport = 'yes' | 'no' | 'partial';

export interface PluginEntry {
  readonly id: PluginId;
  readonly name: string;
  readonly gdap: GdapSupport;
  /** Why or how far: required for 'partial', optional otherwise. */
  readonly note?: string;
  /** The plugin reads Azure resources (a Sentinel workspace), which Azure Lighthouse can delegate to the partner. */
  readonly azureResource: boolean;
}

export interface PluginMatrix {
  /** The Microsoft document the matrix was taken from. */
  readonly source: string;
  /** ISO date (YYYY-MM-DD) on which the matrix was last checked against the source. */
  readonly asOf: string;
  readonly note?: string;
  readonly plugins: readonly PluginEntry[];
}

export const SOURCE_DOCUMENT = 'Grant partners access to Microsoft Copilot for Security';

export const DEFAULT_PLUGIN_MATRIX: PluginMatrix = {
  source: SOURCE_DOCUMENT,
  asOf: '2026-11-01',
  note: 'Plugin support as listed in the 2024 version of the page; newer versions add Azure Lighthouse for Sentinel.',
  plugins: [
    {
      id: 'defender-easm',
      name: 'Defender External Attack Surface Management',
      gdap: 'no',
      azureResource: false,
    },
    {
      id: 'entra',
      name: 'Entra',
      gdap: 'partial',
      note: 'Mostly not supported; a few capabilities work.',
      azureResource: false,
    },
    { id: 'intune', name: 'Intune', gdap: 'yes', azureResource: false },
    { id: 'mdti', name: 'Microsoft Defender Threat Intelligence (MDTI)', gdap: 'no', azureResource: false },
    { id: 'defender-xdr', name: 'Defender XDR', gdap: 'yes', note: 'Microsoft 365 Defender.', azureResource: false },
    { id: 'nl2kql-defender', name: 'NL2KQL Defender', gdap: 'yes', azureResource: false },
    { id: 'nl2kql-sentinel', name: 'NL2KQL Sentinel', gdap: 'no', azureResource: true },
    { id: 'sentinel', name: 'Sentinel', gdap: 'no', azureResource: true },
  ],
};

export function findPlugin(matrix: PluginMatrix, id: PluginId): PluginEntry | undefined {
  return matrix.plugins.find((p) => p.id === id);
}
