import path from 'node:path';
import type * as AdaptiveCardsModule from 'adaptivecards';
import type { BrowserContext, Page } from 'playwright-core';
import type { AdaptiveCardJson } from '../../cards/render';
import { TEAMS_LIGHT_CSS, TEAMS_LIGHT_HOST_CONFIG } from './teams-theme';

/** The official renderer's browser build: ESM without extensions does not load in Node (environment.md). */
export const RENDERER_SCRIPT = require.resolve('adaptivecards/dist/adaptivecards.min.js');
// Teams reads TextBlock text as Markdown; the renderer does too when the page has markdown-it (its documented hook).
// The package's exports hide its browser build, so it is found beside the package's main file.
export const MARKDOWN_SCRIPT = path.join(
  path.dirname(require.resolve('markdown-it')),
  '..',
  'dist',
  'browser',
  'markdown-it.umd.min.js',
);

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Card preview</title><style>${TEAMS_LIGHT_CSS}</style></head>
<body><div id="frame"><div id="host"></div></div></body></html>`;

export interface RenderedCard {
  /** Parse errors and warnings (unknown types, bad values) and validation events (duplicate or missing ids). */
  readonly problems: readonly string[];
  /** Card elements and actions the renderer parsed; 0 means nothing was understood. */
  readonly parsedCount: number;
  readonly text: string;
  readonly width: number;
  readonly height: number;
  /** Elements that could run or fetch something: a card that renders user text literally has none. */
  readonly activeElements: readonly string[];
  /** Text wider than its box: cut off, or ended with an ellipsis. */
  readonly clipped: readonly string[];
}

/** A Chromium page that renders Adaptive Cards with the official renderer and a Teams-like theme. */
export class CardPage {
  private constructor(readonly page: Page) {}

  static async open(context: BrowserContext): Promise<CardPage> {
    const page = await context.newPage();
    await page.setContent(PAGE);
    await page.addScriptTag({ path: MARKDOWN_SCRIPT });
    await page.addScriptTag({ path: RENDERER_SCRIPT });
    const loaded = await page.evaluate(() => typeof (window as { AdaptiveCards?: unknown }).AdaptiveCards);
    if (loaded !== 'object') throw new Error(`CardPage.open(): ${RENDERER_SCRIPT} did not define AdaptiveCards`);
    return new CardPage(page);
  }

  /** Renders `card` into the page (replacing the previous one) and reports what the renderer thought of it. */
  async render(card: AdaptiveCardJson): Promise<RenderedCard> {
    return this.page.evaluate(
      ([json, hostConfig]) => {
        const AC = (window as unknown as { AdaptiveCards: typeof AdaptiveCardsModule }).AdaptiveCards;
        const problems: string[] = [];
        let parsedCount = 0;
        const context = new AC.SerializationContext();
        context.onParseElement = () => void parsedCount++;
        context.onParseAction = () => void parsedCount++;
        const adaptiveCard = new AC.AdaptiveCard();
        adaptiveCard.hostConfig = new AC.HostConfig(hostConfig);
        adaptiveCard.parse(json, context);
        for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
        for (const e of adaptiveCard.validateProperties().validationEvents) problems.push(e.message);

        const host = document.getElementById('host')!;
        host.replaceChildren();
        const rendered = adaptiveCard.render();
        if (rendered) host.appendChild(rendered);
        const box = host.getBoundingClientRect();
        const active = host.querySelectorAll('img, script, iframe, object, embed, svg, [onerror], [onload]');
        const clipped = [
          ...host.querySelectorAll<HTMLElement>(
            '.ac-textBlock, .ac-fact-title, .ac-fact-value, .ac-pushButton > div, label',
          ),
        ]
          .filter((e) => e.scrollWidth > e.clientWidth + 1)
          .map((e) => (e.textContent ?? '').slice(0, 60));
        return {
          problems,
          parsedCount,
          text: host.innerText,
          width: box.width,
          height: rendered ? rendered.getBoundingClientRect().height : 0,
          activeElements: [...active].map((e) => e.outerHTML.slice(0, 80)),
          clipped,
        };
      },
      [card, TEAMS_LIGHT_HOST_CONFIG] as const,
    );
  }

  /** A PNG of the card in its frame (the card plus a little of the chat background around it). */
  async screenshot(path: string): Promise<void> {
    await this.page.evaluate(() => document.fonts.ready);
    await this.page.locator('#frame').screenshot({ path, animations: 'disabled' });
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
