/**
 * The advisor's knowledge in one versioned bundle: the comparison table, the plugin matrix and the role catalogue.
 * Bump KNOWLEDGE_VERSION whenever any of them changes, so a recommendation card can say what it was based on.
 */
import { COMPARISON_ROWS, type ComparisonRow } from './comparison';
import { DEFAULT_PLUGIN_MATRIX, type PluginMatrix } from './plugin-matrix';
import { ROLE_CATALOGUE, type RoleEntry } from './role-catalogue';

export { COMPARISON_ROWS, type ComparisonRow, type ComparisonRowId } from './comparison';
export {
  DEFAULT_PLUGIN_MATRIX,
  SOURCE_DOCUMENT,
  findPlugin,
  type GdapSupport,
  type PluginEntry,
  type PluginId,
  type PluginMatrix,
} from './plugin-matrix';
export { ROLE_CATALOGUE, findRole, type RoleEntry, type RoleKey } from './role-catalogue';

export const KNOWLEDGE_VERSION = '2026.11.1';

export interface Knowledge {
  readonly version: string;
  readonly comparison: readonly ComparisonRow[];
  readonly pluginMatrix: PluginMatrix;
  readonly roles: readonly RoleEntry[];
}

// Frozen all the way down: the defaults are shared by every conversation and must not drift at run time.
export const DEFAULT_KNOWLEDGE: Knowledge = deepFreeze({
  version: KNOWLEDGE_VERSION,
  comparison: COMPARISON_ROWS,
  pluginMatrix: DEFAULT_PLUGIN_MATRIX,
  roles: ROLE_CATALOGUE,
});

/** The knowledge with an admin's plugin matrix in place of the built-in one; the version says so. */
export function withPluginMatrix(knowledge: Knowledge, pluginMatrix: PluginMatrix): Knowledge {
  return { ...knowledge, version: `${knowledge.version}+override.${pluginMatrix.asOf}`, pluginMatrix };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach((v: unknown) => deepFreeze(v));
    Object.freeze(value);
  }
  return value;
}
