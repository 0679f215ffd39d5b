/**
 * The one place where text a person typed (or a name that came from Teams or Graph) becomes text on a card or in a
 * chat reply. Teams reads TextBlock text, fact values and message text as Markdown (links, bold, italics, lists),
 * so `[Open the portal](https://evil.example)` typed as a justification would become a live link on the approval
 * card. Every renderer passes user text through `literal()`, which escapes that syntax so it reads as typed.
 */

// Characters that open Markdown (or HTML-like) syntax anywhere in a line. `{` and `}` too, because a host expands
// `{{DATE(...)}}` in TextBlock text; `&` because `&lt;` would otherwise show as `<`.
const INLINE = /[\\`*_[\]<>&#~|{}!]/g;
// What makes a line a list item, heading rule or setext heading: "- ", "+ ", "1. ", "1) ", "===", "---".
const LIST_BULLET = /^([-+=])/;
const LIST_NUMBER = /^(\d{1,9})([.)])/;
// Control characters other than tab and line breaks, and the bidirectional controls that make text read in a
// different order than it was typed. Input validation refuses them in names and addresses; text that arrives
// another way (a display name from Teams or Graph) shows a replacement character instead.
const UNSHOWABLE = /[^\P{Cc}\t\n\r]|\p{Bidi_Control}/gu;

/** `text` escaped so that a Markdown renderer shows it exactly as it was typed. */
export function literal(text: string | undefined | null): string {
  if (!text) return '';
  return text
    .replace(/\r\n?/g, '\n')
    .replace(UNSHOWABLE, '\ufffd')
    .split('\n')
    .map((line) =>
      line
        // Leading spaces would make an indented code block; Markdown does not show them anyway.
        .trimStart()
        .replace(INLINE, '\\$&')
        .replace(LIST_BULLET, '\\$1')
        .replace(LIST_NUMBER, '$1\\$2'),
    )
    .join('\n');
}
