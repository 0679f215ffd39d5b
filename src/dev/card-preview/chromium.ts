import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); playwright-core cannot download a browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface RunningChromium {
  readonly context: BrowserContext;
  /** Closes the browser and deletes its profile; safe to call twice. */
  close(): Promise<void>;
}

export interface ChromiumOptions {
  readonly viewport?: { readonly width: number; readonly height: number };
  readonly deviceScaleFactor?: number;
}

const isLoopback = (url: URL) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);

/**
 * Headless Chromium with a fresh profile. Requests that would leave the machine (web fonts from a CDN, telemetry)
 * are refused at once, so a page behaves the same with and without a network.
 */
export async function launchChromium(options: ChromiumOptions = {}): Promise<RunningChromium> {
  const profile = mkdtempSync(path.join(tmpdir(), 'cpa-chromium-'));
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1280, height: 900 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
    });
  } catch (error) {
    removeProfile();
    throw new Error(`launchChromium(): could not start ${CHROMIUM_PATH}`, { cause: error });
  }
  await context.route(
    (url) => /^https?:$/.test(url.protocol) && !isLoopback(url),
    (route) => route.abort('internetdisconnected'),
  );
  let closed = false;
  return {
    context,
    close: async () => {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      removeProfile();
    },
  };
}
