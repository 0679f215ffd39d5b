import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { packageApp } from '../../scripts/package-app';

const ROOT = path.resolve(__dirname, '../..');
const APP = path.join(ROOT, 'appPackage');
const raw = readFileSync(path.join(APP, 'manifest.json'), 'utf8');
const PLACEHOLDERS = [
  'TEAMS_APP_ID',
  'BOT_ID',
  'BOT_DOMAIN',
  'DEVELOPER_NAME',
  'DEVELOPER_WEBSITE_URL',
  'PRIVACY_URL',
  'TERMS_OF_USE_URL',
];
const FILLED: Record<string, string> = {
  TEAMS_APP_ID: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  BOT_ID: '0e9d8c7b-6a5f-4e3d-9c2b-1a0f9e8d7c6b',
  BOT_DOMAIN: 'cpa-contoso.azurewebsites.net',
  DEVELOPER_NAME: 'Contoso IT',
  DEVELOPER_WEBSITE_URL: 'https://contoso.example/it',
  PRIVACY_URL: 'https://contoso.example/privacy',
  TERMS_OF_USE_URL: 'https://contoso.example/terms',
};

/** The schema the manifest names, read from the copy bundled in @microsoft/app-manifest: nothing is downloaded. */
function bundledSchema(manifest: { $schema: string }) {
  const version = /\/teams\/(v[\d.]+)\/MicrosoftTeams\.schema\.json$/.exec(manifest.$schema)?.[1];
  expect(version, manifest.$schema).toBeDefined();
  const file = require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/${version}/MicrosoftTeams.schema.json`,
  );
  return JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
}

/** JSON pointers (as Ajv reports them) of every string that holds a `${{…}}` placeholder. */
function placeholderPointers(node: unknown, at = ''): string[] {
  if (typeof node === 'string') return node.includes('${{') ? [at] : [];
  if (node && typeof node === 'object')
    return Object.entries(node).flatMap(([key, value]) => placeholderPointers(value, `${at}/${key}`));
  return [];
}

async function schemaErrors(text: string): Promise<string[]> {
  const manifest = JSON.parse(text) as AppManifest & { $schema: string };
  return AppManifestUtils.validateAgainstSchema(manifest, bundledSchema(manifest));
}

const roots: string[] = [];
afterAll(() => roots.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the app package folder with env/.env.<name> holding `env`, as a fresh checkout would have it. */
function checkoutWith(name: string, env: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'cpa-appkg-'));
  roots.push(root);
  mkdirSync(path.join(root, 'appPackage'));
  mkdirSync(path.join(root, 'env'));
  for (const file of ['manifest.json', 'color.png', 'outline.png'])
    copyFileSync(path.join(APP, file), path.join(root, 'appPackage', file));
  writeFileSync(path.join(root, 'env', `.env.${name}`), env);
  return root;
}

describe('Teams app manifest', () => {
  it('is on a schema of v1.22 or later that @microsoft/app-manifest bundles', () => {
    const manifest = JSON.parse(raw) as { $schema: string; manifestVersion: string };
    expect(Number(manifest.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(22);
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/`);
  });

  it('uses exactly the Agents Toolkit placeholders the env templates list', () => {
    const used = [...raw.matchAll(/\$\{\{(\w+)\}\}/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(PLACEHOLDERS));
    for (const envName of ['dev', 'local']) {
      const template = readFileSync(path.join(ROOT, 'env', `.env.${envName}`), 'utf8');
      for (const key of PLACEHOLDERS) expect(template, `${envName}: ${key}`).toMatch(new RegExp(`^${key}=`, 'm'));
    }
  });

  it('validates raw: every error is on a field that holds a placeholder, and none once they hold values', async () => {
    const holders = placeholderPointers(JSON.parse(raw));
    const errors = await schemaErrors(raw);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(holders, error).toContain(error.split(' ')[0]);
    let filled = raw;
    for (const [key, value] of Object.entries(FILLED)) filled = filled.replaceAll(`\${{${key}}}`, value);
    expect(await schemaErrors(filled)).toEqual([]);
  });

  it('declares the bot in personal, team and group chat, without files, with at most 10 commands per list', () => {
    const bot = (JSON.parse(raw) as { bots: Array<Record<string, unknown>> }).bots[0] as {
      scopes: string[];
      supportsFiles: boolean;
      commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
    };
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.supportsFiles).toBe(false);
    expect(bot.commandLists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of bot.commandLists) {
      expect(list.commands.length).toBeGreaterThan(0);
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const c of list.commands) expect(c.title.length).toBeLessThanOrEqual(32);
    }
  });
});

describe('icons', () => {
  const read = (file: string) => PNG.sync.read(readFileSync(path.join(APP, file)));

  it('color.png is 192×192 and mostly opaque colour', () => {
    const png = read('color.png');
    expect([png.width, png.height]).toEqual([192, 192]);
    let opaque = 0;
    for (let i = 3; i < png.data.length; i += 4) if (png.data[i] === 255) opaque++;
    expect(opaque / (192 * 192)).toBeGreaterThan(0.9);
  });

  it('outline.png is 32×32, white on a transparent background', () => {
    const png = read('outline.png');
    expect([png.width, png.height]).toEqual([32, 32]);
    let transparent = 0;
    let drawn = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const alpha = png.data[i + 3];
      if (alpha === 0) transparent++;
      else {
        drawn++;
        expect([png.data[i], png.data[i + 1], png.data[i + 2]]).toEqual([255, 255, 255]);
      }
    }
    for (const corner of [0, 31 * 4, 31 * 32 * 4, (32 * 32 - 1) * 4]) expect(png.data[corner + 3]).toBe(0);
    expect(drawn).toBeGreaterThan(32 * 32 * 0.1);
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
  });
});

describe('npm run package', () => {
  const envText = Object.entries(FILLED)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

  it('fills the placeholders from env/.env.<name> and writes a zip whose manifest validates', async () => {
    const root = checkoutWith('test', `# comment\nTEAMSFX_ENV=test\n${envText}\n`);
    const { zipPath } = packageApp(root, 'test');
    expect(zipPath).toBe(path.join(root, 'appPackage', 'build', 'appPackage.test.zip'));
    const files = unzipSync(readFileSync(zipPath));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifestText = new TextDecoder().decode(files['manifest.json']);
    expect(manifestText).not.toContain('${{');
    expect(await schemaErrors(manifestText)).toEqual([]);
    const manifest = JSON.parse(manifestText) as { id: string; bots: Array<{ botId: string }>; validDomains: string[] };
    expect(manifest.id).toBe(FILLED.TEAMS_APP_ID);
    expect(manifest.bots[0].botId).toBe(FILLED.BOT_ID);
    expect(manifest.validDomains).toEqual([FILLED.BOT_DOMAIN]);
    expect(Buffer.from(files['color.png'])).toEqual(readFileSync(path.join(APP, 'color.png')));
  });

  it('lets env/.env.<name>.user override the committed file', () => {
    const root = checkoutWith('test', envText.replace(FILLED.BOT_DOMAIN, 'old.example'));
    writeFileSync(path.join(root, 'env', '.env.test.user'), `BOT_DOMAIN=new.example\n`);
    const manifest = JSON.parse(packageApp(root, 'test').manifest) as { validDomains: string[] };
    expect(manifest.validDomains).toEqual(['new.example']);
  });

  it('refuses, naming every unfilled placeholder, and writes nothing', () => {
    const root = checkoutWith('test', `TEAMS_APP_ID=${FILLED.TEAMS_APP_ID}\nBOT_ID=\nDEVELOPER_NAME=Contoso IT\n`);
    expect(() => packageApp(root, 'test')).toThrow(/BOT_ID.*BOT_DOMAIN|BOT_DOMAIN.*BOT_ID/);
    try {
      packageApp(root, 'test');
    } catch (err) {
      const message = (err as Error).message;
      for (const key of ['BOT_ID', 'BOT_DOMAIN', 'DEVELOPER_WEBSITE_URL', 'PRIVACY_URL', 'TERMS_OF_USE_URL'])
        expect(message).toContain(key);
      expect(message).not.toContain('TEAMS_APP_ID');
      expect(message).toContain(path.join('env', '.env.test'));
    }
    expect(() => readFileSync(path.join(root, 'appPackage', 'build', 'appPackage.test.zip'))).toThrow();
  });

  it('refuses an environment without its env file, or a name that is not one', () => {
    const root = checkoutWith('test', envText);
    expect(() => packageApp(root, 'prod')).toThrow(/There is no env\/\.env\.prod/);
    expect(() => packageApp(root, '../x')).toThrow(/not an environment name/);
  });
});
