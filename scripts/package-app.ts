/**
 * `npm run package [-- <env>]`: fills the `${{NAME}}` placeholders of appPackage/manifest.json from env/.env.<env>
 * (then env/.env.<env>.user, which wins and is not committed), in the Microsoft 365 Agents Toolkit layout, and writes
 * appPackage/build/appPackage.<env>.zip with the manifest and both icons. Refuses, naming each one, when a
 * placeholder has no value. <env> defaults to "local".
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const NAME = /^[A-Za-z0-9_-]+$/;

export interface PackageResult {
  readonly zipPath: string;
  readonly manifest: string;
}

/** Reads KEY=value lines (comments, blank lines and optional quotes allowed), as the Agents Toolkit writes them. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const value = line.slice(eq + 1).trim();
    values[line.slice(0, eq).trim()] = value.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return values;
}

/** The manifest text with every placeholder replaced; throws naming every placeholder that has no value. */
export function fillPlaceholders(template: string, values: Record<string, string>, source: string): string {
  const missing = new Set<string>();
  const filled = template.replace(PLACEHOLDER, (whole, key: string) => {
    const value = values[key];
    if (value === undefined || value === '') {
      missing.add(key);
      return whole;
    }
    // Values go into JSON strings: escape them as JSON would.
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0)
    throw new Error(
      `No value for ${[...missing].map((k) => `\${{${k}}}`).join(', ')}: set ${[...missing].join(', ')} in ${source}`,
    );
  return filled;
}

export function packageApp(root: string, envName: string): PackageResult {
  if (!NAME.test(envName)) throw new Error(`"${envName}" is not an environment name (letters, digits, - and _ only)`);
  const envFile = path.join(root, 'env', `.env.${envName}`);
  if (!existsSync(envFile))
    throw new Error(`There is no ${path.relative(root, envFile)}: copy env/.env.dev and fill it in`);
  const userFile = `${envFile}.user`;
  const values = {
    ...parseEnvFile(readFileSync(envFile, 'utf8')),
    ...(existsSync(userFile) ? parseEnvFile(readFileSync(userFile, 'utf8')) : {}),
  };
  const appDir = path.join(root, 'appPackage');
  const manifest = fillPlaceholders(
    readFileSync(path.join(appDir, 'manifest.json'), 'utf8'),
    values,
    path.relative(root, envFile),
  );
  JSON.parse(manifest);
  const zip = zipSync({
    'manifest.json': new TextEncoder().encode(manifest),
    'color.png': readFileSync(path.join(appDir, 'color.png')),
    'outline.png': readFileSync(path.join(appDir, 'outline.png')),
  });
  const buildDir = path.join(appDir, 'build');
  mkdirSync(buildDir, { recursive: true });
  const zipPath = path.join(buildDir, `appPackage.${envName}.zip`);
  writeFileSync(zipPath, zip);
  return { zipPath, manifest };
}

if (require.main === module) {
  const envName = process.argv[2] ?? 'local';
  try {
    const { zipPath } = packageApp(path.join(__dirname, '..'), envName);
    process.stdout.write(`Wrote ${path.relative(process.cwd(), zipPath)}\n`);
  } catch (err) {
    process.stderr.write(`npm run package: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
