/** Text helpers for what comes back from a Teams chat: ids, and messages Teams re-formatted on the way. */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GUID_BODY = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Graph's delegated admin relationship ids are a GUID, or two GUIDs joined by a hyphen. */
const RELATIONSHIP_ID = new RegExp(`^${GUID_BODY}(-${GUID_BODY})?$`, 'i');

export const isGuid = (s: string): boolean => GUID.test(s);
export const isRelationshipId = (s: string): boolean => RELATIONSHIP_ID.test(s);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

/**
 * Plain lines from a chat message: HTML tags, markdown emphasis, links, quotes, bullets and numbering, invisible
 * characters and odd spaces removed. Line breaks are kept where there were some; values are not otherwise changed.
 * `keepInvisible` keeps zero-width characters, for reading values that must be shown exactly as they came (role names).
 */
export function normaliseChatText(input: string, options: { keepInvisible?: boolean } = {}): string {
  const tagless = input.replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n').replace(/<[^>]+>/g, '');
  const html = (options.keepInvisible ? tagless : tagless.replace(/[\u200b-\u200d\u2060\ufeff]/g, '')).replace(
    /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g,
    ' ',
  );
  const text = decodeEntities(html)
    .replace(/\[([^\]]*)\]\((https?:\/\/[^)\s]+)\)/gi, (_, label: string, url: string) =>
      /^https?:\/\//i.test(label.trim()) ? url : label,
    )
    .replace(/<(https?:\/\/[^>\s]+)>/gi, '$1')
    .replace(/\*\*|__|~~|`|\*/g, '');
  return text
    .split(/\r?\n|\r/)
    .map((line) => line.replace(/^\s*(?:>\s*)*(?:#{1,6}\s+)?(?:[-•·◦‣▪–—+]\s+|\d{1,2}[.)]\s+)?/, '').trim())
    .join('\n');
}
