import { TEXT_LIMITS, freeTextProblem, nameCharacterProblem } from './text-rules';
import type { PartnerPerson, RequestDraft, RoleKey } from './types';

export interface RequestPolicy {
  readonly maxPeople: number;
  readonly maxDurationDays: number;
  readonly allowUntilRevoked: boolean;
  /** Above this many days the approval card warns. */
  readonly longDurationDays: number;
  /** Length of a day in ms: 86,400,000 except in a local demo that shortens days to watch expiry live. */
  readonly dayMs?: number;
}

export const DEFAULT_REQUEST_POLICY: RequestPolicy = {
  maxPeople: 20,
  maxDurationDays: 90,
  allowUntilRevoked: false,
  longDurationDays: 30,
};

export const REQUESTABLE_ROLES: readonly RoleKey[] = ['security-reader', 'security-operator'];

export interface FieldProblem {
  /** e.g. "people[2].email", "durationDays" */
  readonly field: string;
  readonly message: string;
}

/** Raw input as it arrives from a card or a chat line: strings, possibly missing, possibly hostile. */
export interface RawPerson {
  readonly email?: unknown;
  readonly firstName?: unknown;
  readonly lastName?: unknown;
  readonly displayName?: unknown;
}

export interface RawDraft {
  readonly people?: readonly RawPerson[];
  readonly role?: unknown;
  readonly duration?: unknown;
  readonly justification?: unknown;
  readonly message?: unknown;
  readonly ccEmail?: unknown;
}

// Characters Microsoft Graph refuses in an invited email address (microsoft-facts §2).
const GRAPH_FORBIDDEN = /[~!#$%^&*()+=[\]{}\\/|;:"<>?,]/;
const EMAIL = /^[^\s@]+@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const NAME_MAX = 64;
const DISPLAY_NAME_MAX = 256;
const TEXT_MAX = TEXT_LIMITS.freeText;

export function emailProblem(raw: string): string | undefined {
  const email = raw.trim();
  if (!email) return 'An email address is required.';
  if (email.length > 254) return 'That email address is longer than the 254 characters email allows.';
  const invisible = nameCharacterProblem('That email address', email);
  if (invisible) return invisible;
  const bad = email.match(GRAPH_FORBIDDEN);
  if (bad) return `The email address "${email}" has a character Microsoft does not allow: '${bad[0]}'.`;
  if (!EMAIL.test(email)) return `"${email}" is not an email address (expected name@company.com).`;
  return undefined;
}

export const defaultDisplayName = (first: string, last: string): string =>
  `${first} ${last} (Partner)`.replace(/\s+/g, ' ').trim();

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * Checks everything that can be checked without Graph and returns either a clean draft or every problem at once.
 * Email domains (partner allow-list, home tenant) are checked separately, because that needs a lookup.
 */
export function validateDraft(
  raw: RawDraft,
  policy: RequestPolicy = DEFAULT_REQUEST_POLICY,
): { draft: RequestDraft } | { problems: FieldProblem[]; people: readonly PartnerPerson[] } {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  const peopleIn: readonly RawPerson[] = Array.isArray(raw.people) ? (raw.people as readonly RawPerson[]) : [];
  const rawPeople = peopleIn.filter((p) => Object.values(p ?? {}).some((v) => text(v)));
  if (rawPeople.length === 0) add('people', 'Add at least one partner person (email, first and last name).');
  if (rawPeople.length > policy.maxPeople)
    add(
      'people',
      `At most ${policy.maxPeople} people fit in one request; you listed ${rawPeople.length}. Split it into several requests.`,
    );

  const people: PartnerPerson[] = [];
  const seen = new Map<string, number>();
  rawPeople.slice(0, policy.maxPeople).forEach((p, i) => {
    const at = `people[${i}]`;
    const email = text(p.email).toLowerCase();
    const firstName = text(p.firstName);
    const lastName = text(p.lastName);
    const displayName = text(p.displayName) || defaultDisplayName(firstName, lastName);
    const emailIssue = emailProblem(email);
    if (emailIssue) add(`${at}.email`, `Person ${i + 1}: ${emailIssue}`);
    else if (seen.has(email))
      add(`${at}.email`, `Person ${i + 1}: ${email} is already listed as person ${seen.get(email)! + 1}.`);
    seen.set(email, seen.get(email) ?? i);
    for (const [field, value, label] of [
      ['firstName', firstName, 'first name'],
      ['lastName', lastName, 'last name'],
    ] as const) {
      const character = nameCharacterProblem(`the ${label}`, value);
      if (!value) add(`${at}.${field}`, `Person ${i + 1}: the ${label} is required.`);
      else if (character) add(`${at}.${field}`, `Person ${i + 1}: ${character}`);
      else if (value.length > NAME_MAX)
        add(
          `${at}.${field}`,
          `Person ${i + 1}: the ${label} is ${value.length} characters; Microsoft Entra allows ${NAME_MAX}.`,
        );
    }
    const displayCharacter = nameCharacterProblem('the display name', displayName);
    if (displayCharacter && text(p.displayName)) add(`${at}.displayName`, `Person ${i + 1}: ${displayCharacter}`);
    else if (displayName.length > DISPLAY_NAME_MAX)
      add(
        `${at}.displayName`,
        `Person ${i + 1}: the display name is ${displayName.length} characters; Microsoft Entra allows ${DISPLAY_NAME_MAX}.`,
      );
    people.push({ email, firstName, lastName, displayName });
  });

  const role = text(raw.role) || 'security-reader';
  if (!REQUESTABLE_ROLES.includes(role as RoleKey))
    add('role', `"${role}" is not a role you can request here. Choose Security Reader or Security Operator.`);

  const durationText = text(raw.duration);
  let durationDays: number | null = null;
  if (/^(until revoked|permanent|none)$/i.test(durationText)) {
    if (!policy.allowUntilRevoked)
      add(
        'duration',
        `Access must end: choose 1 to ${policy.maxDurationDays} days. "Until revoked" is not allowed by this organisation's policy.`,
      );
  } else if (!/^\d{1,4}$/.test(durationText)) {
    add('duration', `Choose how many days access should last: a whole number from 1 to ${policy.maxDurationDays}.`);
  } else {
    durationDays = Number(durationText);
    if (durationDays < 1 || durationDays > policy.maxDurationDays)
      add('duration', `Access can last from 1 to ${policy.maxDurationDays} days; ${durationDays} is outside that.`);
  }

  const justification = text(raw.justification);
  if (!justification) add('justification', 'Say why the partner needs this access (the approver reads it).');
  else {
    const problem = freeTextProblem('The justification', justification, TEXT_MAX);
    if (problem) add('justification', problem);
  }
  if (role === 'security-operator' && justification && justification.length < 20) {
    add(
      'justification',
      'Security Operator can change incidents and settings: explain in a sentence or two why Security Reader is not enough.',
    );
  }

  const message = text(raw.message);
  const messageIssue = freeTextProblem('The invitation message', message, TEXT_MAX);
  if (messageIssue) add('message', messageIssue);
  const ccEmail = text(raw.ccEmail).toLowerCase();
  const ccIssue = ccEmail ? emailProblem(ccEmail) : undefined;
  if (ccIssue) add('ccEmail', `Copy recipient: ${ccIssue}`);

  // The people come back with the problems so that their domains can be checked in the same round.
  if (problems.length > 0) return { problems, people };
  return {
    draft: {
      people,
      role: role as RoleKey,
      durationDays,
      justification,
      ...(message ? { message } : {}),
      ...(ccEmail ? { ccEmail } : {}),
    },
  };
}
