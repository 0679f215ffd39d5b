/**
 * What a person may type, wherever they type it. Names and addresses may hold no control or format characters at
 * all: a right-to-left override (U+202E) makes "gnp.exe" read as "exe.png", and a zero-width space makes two
 * addresses look the same. Longer free text (a justification, a reason) may have line breaks and tabs, and the
 * joiners that emoji and some scripts need, but no other control characters and no direction overrides.
 */

const IN_NAME = /[\p{Cc}\p{Cf}]/u;
const IN_FREE_TEXT = /[^\P{Cc}\t\n\r]|\p{Bidi_Control}/u;

/** The longest text each kind of field accepts. */
export const TEXT_LIMITS = {
  /** Justifications, invitation messages, comments and reasons: what an approver can read at a glance. */
  freeText: 1000,
  /** Support descriptions carry error messages and steps. */
  description: 2000,
} as const;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a name or address cannot be used, or undefined. `label` starts the sentence ("The first name"). */
export function nameCharacterProblem(label: string, value: string): string | undefined {
  const bad = value.match(IN_NAME);
  return bad
    ? `${label} has an invisible or control character (${codePoint(bad[0])}); type it again without it.`
    : undefined;
}

/** Why a piece of free text cannot be used (bad characters, too long), or undefined. */
export function freeTextProblem(label: string, value: string, max: number = TEXT_LIMITS.freeText): string | undefined {
  const bad = value.match(IN_FREE_TEXT);
  if (bad)
    return `${label} has an invisible control character (${codePoint(bad[0])}) that could change how it reads; remove it.`;
  if (value.length > max) return `${label} is ${value.length} characters; keep it to ${max}.`;
  return undefined;
}
