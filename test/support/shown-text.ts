import MarkdownIt from 'markdown-it';

// CommonMark, as the Adaptive Cards renderers use it for TextBlock text and fact values (the JS renderer hands text
// to markdown-it when a page provides it). HTML stays off, as in Teams.
const markdown = new MarkdownIt('commonmark', { html: false });

/** Markup that only Markdown syntax in the text could have produced (the bot's own text uses none of it). */
const ACTIVE_MARKUP = /<(a|strong|em|img|h[1-6]|hr|pre|code|blockquote|table|del|s)[\s>/]/;

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&', '&#39;': "'" };

export interface ShownLine {
  /** What a person reads: the Markdown rendered, its tags removed, entities decoded, spaces collapsed. */
  readonly shown: string;
  /** The HTML the Markdown became, to look for links, emphasis and lists. */
  readonly html: string;
  /** The text as the card carries it. */
  readonly raw: string;
}

/** Every TextBlock text and fact value of a card as a Markdown renderer shows it. */
export function shownLines(card: unknown): ShownLine[] {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') texts.push(o.text);
      if (Array.isArray(o.facts))
        for (const f of o.facts as Array<Record<string, unknown>>) if (typeof f.value === 'string') texts.push(f.value);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return texts.map(shownMarkdown);
}

/** One text as a Markdown renderer (Teams message text, a TextBlock) shows it. */
export function shownMarkdown(text: string): ShownLine {
  const html = markdown.render(text);
  const shown = html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(lt|gt|quot|amp|#39);/g, (e) => ENTITIES[e])
    .replace(/\s+/g, ' ')
    .trim();
  return { shown, html, raw: text };
}

/** All shown text of a card, one line per text block or fact. */
export const shownText = (card: unknown): string =>
  shownLines(card)
    .map((l) => l.shown)
    .join('\n');

/**
 * Lines that show `marker` (a piece of user text) and whose Markdown made links, emphasis, headings, code or lists.
 * The bot's own steps are numbered lists, so only lines carrying user text are looked at.
 */
export const activeMarkup = (card: unknown, marker: string): string[] =>
  shownLines(card)
    .filter((l) => l.shown.includes(marker))
    .filter((l) => {
      // A line the bot starts with "- " or "1. " is one list (escaped user text never starts that way); others none.
      const lists = (l.html.match(/<[uo]l[\s>]/g) ?? []).length;
      return ACTIVE_MARKUP.test(l.html) || lists > (/^(- |\d+\. )/.test(l.raw) ? 1 : 0);
    })
    .map((l) => l.html);

/** What a hostile string looks like once shown: the same text, with invisible direction controls made visible. */
export const asShown = (s: string): string =>
  s
    .replace(/[^\P{Cc}\t\n\r]|\p{Bidi_Control}/gu, '\ufffd')
    .replace(/\s+/g, ' ')
    .trim();
