/**
 * Loads an admin's plugin matrix (the file named by PLUGIN_MATRIX_PATH) at start-up. The whole file replaces the
 * built-in matrix; every problem is reported at once so the admin fixes the file in one go.
 *
 * File shape: { "source": string, "asOf": "YYYY-MM-DD", "note"?: string,
 *   "plugins": [{ "id": "kebab-case", "name": string, "gdap": "yes"|"no"|"partial", "note"?: string,
 *                 "azureResource": boolean }] }
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PluginMatrix } from './plugin-matrix';

const text = (what: string, max: number) =>
  z
    .string({ error: `must be text (${what})` })
    .trim()
    .min(1, `must not be empty (${what})`)
    .max(max, `must be at most ${max} characters (${what})`);

const pluginSchema = z.strictObject({
  id: z
    .string({ error: 'must be text (the plugin id)' })
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case kebab-case, such as "defender-xdr"'),
  name: text('the plugin name', 100),
  gdap: z.enum(['yes', 'no', 'partial'], { error: 'must be "yes", "no" or "partial"' }),
  note: text('a note', 300).optional(),
  azureResource: z.boolean({ error: 'must be true or false (whether Azure Lighthouse serves the plugin)' }),
});

const matrixSchema = z.strictObject({
  source: text('the Microsoft document the matrix comes from', 200),
  asOf: z.iso.date({ error: 'must be a date such as 2026-11-01' }),
  note: text('a note', 300).optional(),
  plugins: z.array(pluginSchema, { error: 'must be a list of plugins' }).min(1, 'must list at least one plugin'),
});

/** Reads and validates the override file; throws one Error that lists every problem. */
export function loadPluginMatrixOverride(path: string): PluginMatrix {
  const where = `loadPluginMatrixOverride(): the plugin matrix file ${path}`;
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new Error(`${where} cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new Error(`${where} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return parsePluginMatrix(json, where);
}

/** Validates an already-parsed matrix; `where` starts the error message. */
export function parsePluginMatrix(json: unknown, where = 'parsePluginMatrix()'): PluginMatrix {
  const result = matrixSchema.safeParse(json);
  const problems = [
    ...(result.success ? [] : result.error.issues.map((i) => [i.path, describe(i)] as const)),
    ...crossChecks(json),
  ].map(([path, message]) => `  - ${path.length ? formatPath(path) : '(file)'}: ${message}`);
  if (result.success && problems.length === 0) return result.data;
  throw new Error(
    `${where} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.join('\n')}`,
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('');
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.path.length === 0 && issue.code === 'invalid_type')
    return 'must be a JSON object with source, asOf and plugins';
  return issue.message;
}

/**
 * Checks across fields, run on the raw JSON so that they are reported together with every other problem (zod skips
 * refinements on an object that already has issues).
 */
function crossChecks(json: unknown): [readonly PropertyKey[], string][] {
  const plugins = (json as { plugins?: unknown } | null)?.plugins;
  if (!Array.isArray(plugins)) return [];
  const problems: [readonly PropertyKey[], string][] = [];
  const seen = new Set<unknown>();
  plugins.forEach((p: unknown, i) => {
    const { id, gdap, note } = (p ?? {}) as { id?: unknown; gdap?: unknown; note?: unknown };
    if (typeof id === 'string' && seen.has(id)) problems.push([['plugins', i, 'id'], `"${id}" is listed twice`]);
    seen.add(id);
    if (gdap === 'partial' && note === undefined) {
      problems.push([['plugins', i, 'note'], 'is required when "gdap" is "partial": say what works']);
    }
  });
  return problems;
}
