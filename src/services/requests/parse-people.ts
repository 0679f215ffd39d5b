import type { RawPerson } from './validate-request';

/**
 * Reads the form's "partner people" text: one person per line, as `email, first name, last name[, display name]`
 * (commas, semicolons or tabs between fields). Pure; validation happens in validateDraft.
 */
export function parsePeopleLines(text: string): RawPerson[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [email = '', firstName = '', lastName = '', ...rest] = line.split(/\s*[,;\t]\s*/);
      return { email, firstName, lastName, displayName: rest.join(', ') };
    });
}

/** The inverse, to show a draft in the form again for editing. */
export function formatPeopleLines(people: readonly RawPerson[]): string {
  return people
    .map((p) => [p.email, p.firstName, p.lastName, p.displayName].map((v) => (typeof v === 'string' ? v : '')))
    .map(([email, first, last, display]) => [email, first, last, ...(display ? [display] : [])].join(', '))
    .join('\n');
}
