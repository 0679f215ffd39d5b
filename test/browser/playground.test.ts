import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app';
import { parseConfig } from '../../src/config';
import { launchChromium, type RunningChromium } from '../../src/dev/card-preview/chromium';
import { loadSeed } from '../../src/dev/local-tenant';
import { startPlayground, type PlaygroundPerson, type RunningPlayground } from '../../src/dev/playground';
import { createLogger } from '../../src/services/logging/logger';
import { freePort, portClosed } from './support/free-port';

/**
 * The whole local stack as a person meets it: `npm start`'s bot, SIMULATED tenant and Agents Playground, driven
 * through the Playground's web chat in real Chromium, as the seeded admin and approver Alex Wilber.
 */

const SHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'browser');
const REPLY_TIMEOUT_MS = 30_000;
// The Playground's compose box is a rich-text (Lexical) editor, not an <input>.
const COMPOSE_BOX = '[contenteditable="true"][role="textbox"]';

let tmp: string;
let app: RunningApp | undefined;
let playground: { running: RunningPlayground; port: number } | undefined;
let chromium: RunningChromium | undefined;
let page: Page;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'cpa-playground-test-'));
  mkdirSync(SHOTS, { recursive: true });
  const logger = createLogger({ level: 'silent' });
  const config = parseConfig({ PORT: '0', LOCAL_TENANT_PORT: '0', DATABASE_URL: `sqlite:${path.join(tmp, 'db')}` });
  app = await startApp(config, { logger });

  const seed = loadSeed(config.localTenant.seedPath);
  const person = (p: (typeof seed.users)[number] | (typeof seed.partnerPeople)[number]): PlaygroundPerson => ({
    id: p.id,
    displayName: p.displayName,
    givenName: p.givenName ?? '',
    surname: p.surname ?? '',
    mail: p.mail ?? '',
  });
  const port = await freePort();
  const running = await startPlayground({
    messagesUrl: app.messagesUrl,
    tenantId: app.home.tenantId,
    people: [...seed.users, ...seed.partnerPeople].map(person),
    port,
    workDir: path.join(tmp, 'playground'),
    logger,
  });
  playground = { running, port };

  chromium = await launchChromium({ viewport: { width: 1280, height: 900 } });
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  await page.goto(running.url);
});

afterAll(async () => {
  await chromium?.close();
  if (playground) {
    playground.running.stop();
    await portClosed(playground.port);
  }
  await app?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

// What the page showed when a step failed, next to the steps' own pictures.
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail' && page) await shot(`failed-${task.name.split(':')[0].replace(/\W+/g, '-')}`);
});

/** The newest card in the chat that contains `text`, once it is on screen. */
async function cardWith(text: string): Promise<Locator> {
  const card = page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
  await card.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
  await card.scrollIntoViewIfNeeded();
  return card;
}

async function send(text: string): Promise<void> {
  const box = page.locator(COMPOSE_BOX);
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** A FactSet as title → value, in any renderer that uses the Adaptive Cards class names. */
const facts = (card: Locator) =>
  card.evaluate((root) =>
    Object.fromEntries(
      [...root.querySelectorAll('.ac-fact-title')].map((t) => [
        (t.textContent ?? '').trim(),
        (t.nextElementSibling?.textContent ?? '').trim(),
      ]),
    ),
  );

describe('the Agents Playground chat, in Chromium', () => {
  it('opens the personal chat with the bot, which greets with the SIMULATED banner', async () => {
    await page.getByText('Personal Chat', { exact: true }).click();
    await page.locator(COMPOSE_BOX).waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    const welcome = await cardWith('Say "help" at any time');
    expect(await welcome.innerText()).toContain('SIMULATED TENANT');
    await shot('01-personal-chat');
  });

  it('help: answers with the card of commands', async () => {
    await send('help');
    const card = await cardWith('What I can do');
    const text = await card.innerText();
    expect(text).toContain('whoami');
    expect(text).toContain('request access');
    await shot('02-help');
  });

  it('whoami: Alex Wilber, an admin and an approver of the simulated tenant', async () => {
    await send('whoami');
    const card = await cardWith('Who you are to me');
    expect(await card.innerText()).toContain('SIMULATED TENANT');
    expect(await facts(card)).toMatchObject({
      Name: 'Alex Wilber',
      'In this directory': 'Yes, a member',
      Admin: 'Yes',
      Approver: 'Yes',
    });
    await shot('03-whoami');
  });
});
