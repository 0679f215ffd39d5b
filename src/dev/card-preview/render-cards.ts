/**
 * `npm run cards:preview`: renders the sample cards with the official Adaptive Cards renderer in Chromium, in a
 * Teams-like light theme, and saves them as docs/images/<name>.png for the README.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CardPage } from './card-page';
import { launchChromium } from './chromium';
import { sampleCards } from './sample-cards';

const OUT_DIR = path.resolve(__dirname, '..', '..', '..', 'docs', 'images');
/** Sharper than 1x on high-density screens, and small enough to keep every picture under the size limit. */
const SCALE = 1.25;
const MAX_PNG_BYTES = 150 * 1024;

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const browser = await launchChromium({ deviceScaleFactor: SCALE, viewport: { width: 800, height: 600 } });
  const failures: string[] = [];
  const warnings: string[] = [];
  try {
    const page = await CardPage.open(browser.context);
    for (const [name, card] of Object.entries(sampleCards())) {
      const result = await page.render(card);
      const file = path.join(OUT_DIR, `${name}.png`);
      await page.screenshot(file);
      const bytes = statSync(file).size;
      process.stdout.write(
        `${path.relative(process.cwd(), file)}  ${Math.round(result.height)} px high, ${Math.round(bytes / 1024)} KB\n`,
      );
      for (const p of result.problems) failures.push(`${name}: renderer: ${p}`);
      // A template's own choice (wrap: false) shows in the picture as it would in Teams: worth a look, not a stop.
      for (const c of result.clipped) warnings.push(`${name}: text cut off: "${c}…"`);
      if (bytes > MAX_PNG_BYTES) failures.push(`${name}: ${bytes} bytes is more than ${MAX_PNG_BYTES}`);
    }
  } finally {
    await browser.close();
  }
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  if (failures.length > 0) throw new Error(failures.join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(`cards:preview failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
