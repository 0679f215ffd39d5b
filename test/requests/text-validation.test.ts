import { describe, expect, it } from 'vitest';
import { gdapJustificationProblem, validateGdapDraft } from '../../src/services/gdap/gdap-draft';
import { SupportService } from '../../src/services/support/support-service';
import { validateDraft, type RawDraft } from '../../src/services/requests/validate-request';

const RLO = '\u202E';
const ZWSP = '\u200B';
const BEL = '\u0007';
const GOOD: RawDraft = {
  people: [{ email: 'jane@fabrikam-mssp.example', firstName: 'Jane', lastName: 'Doe' }],
  role: 'security-reader',
  duration: '10',
  justification: 'Monthly threat hunting for the SOC.',
};
const problemsOf = (raw: RawDraft) => {
  const checked = validateDraft({ ...GOOD, ...raw });
  return 'problems' in checked ? checked.problems : [];
};

describe('names and addresses refuse control and format characters', () => {
  it.each([
    ['a right-to-left override in a first name', { firstName: `Jane${RLO}gnp` }, 'people[0].firstName'],
    ['a zero-width space in a last name', { lastName: `Do${ZWSP}e` }, 'people[0].lastName'],
    ['a bell in a display name', { displayName: `Jane${BEL}` }, 'people[0].displayName'],
    ['a zero-width space in an address', { email: `ja${ZWSP}ne@fabrikam-mssp.example` }, 'people[0].email'],
    ['a direction override in an address', { email: `jane${RLO}@fabrikam-mssp.example` }, 'people[0].email'],
  ])('%s: a clear sentence, no draft', (_name, change, field) => {
    const problems = problemsOf({ people: [{ ...GOOD.people![0], ...change }] });
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0].message).toMatch(/^Person 1: .* has an invisible or control character \(U\+[0-9A-F]{4}\)/);
  });

  it('a copy recipient address too', () => {
    expect(problemsOf({ ccEmail: `boss${ZWSP}@fabrikam-mssp.example` }).map((p) => p.field)).toEqual(['ccEmail']);
  });

  it('names in any script, with accents and apostrophes, are fine', () => {
    const people = [{ email: 'sam@fabrikam-mssp.example', firstName: 'Zoë', lastName: "O'Brien-Ñúñez" }];
    expect(problemsOf({ people })).toEqual([]);
    expect(problemsOf({ people: [{ ...people[0], firstName: 'سارة', lastName: 'כהן' }] })).toEqual([]);
  });
});

describe('free text is capped and refuses direction overrides', () => {
  it.each([
    ['justification', { justification: 'j'.repeat(1001) }, /^The justification is 1001 characters; keep it to 1000\.$/],
    ['justification', { justification: `Fine text ${RLO}desrever` }, /^The justification has an invisible control/],
    ['message', { message: 'm'.repeat(1001) }, /^The invitation message is 1001 characters; keep it to 1000\.$/],
    ['message', { message: `Hello${BEL}` }, /^The invitation message has an invisible control character \(U\+0007\)/],
  ])('%s: %j', (field, change, message) => {
    const problems = problemsOf(change);
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0].message).toMatch(message);
  });

  it('keeps line breaks, tabs, emoji (with joiners) and right-to-left text', () => {
    const justification = 'Line one\n\tLine two 👩🏽‍💻 🔐\nمرحبا שלום [not a link](x) ${$root}';
    const checked = validateDraft({ ...GOOD, justification, message: justification });
    expect('draft' in checked && checked.draft.justification).toBe(justification);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({
      people: [{ email: `a${ZWSP}@fabrikam-mssp.example`, firstName: `A${RLO}`, lastName: 'B' }],
      justification: 'j'.repeat(1001),
      message: `x${RLO}`,
    });
    expect(problems.map((p) => p.field)).toEqual([
      'people[0].email',
      'people[0].firstName',
      'justification',
      'message',
    ]);
  });
});

describe('GDAP relationship names and justifications', () => {
  const gdap = (displayName: string) =>
    validateGdapDraft({ customer: 'contoso.example', displayName, durationDays: '90', autoExtend: 'false' });

  it.each([
    ['a direction override', `SOC${RLO}gnp`],
    ['a zero-width space', `SOC${ZWSP}team`],
  ])('refuses %s in the relationship name', (_n, name) => {
    const result = gdap(name);
    expect('problems' in result && result.problems.map((p) => p.field)).toEqual(['displayName']);
    expect('problems' in result && result.problems[0].message).toMatch(/invisible or control character/);
  });

  it('accepts a plain name', () => {
    expect('draft' in gdap('Fabrikam SOC for Contoso')).toBe(true);
  });

  it('caps the justification and refuses overrides in it', () => {
    expect(gdapJustificationProblem('')).toMatch(/Say why this relationship is needed/);
    expect(gdapJustificationProblem('j'.repeat(1001))).toBe('The justification is 1001 characters; keep it to 1000.');
    expect(gdapJustificationProblem(`ok ${RLO}x`)).toMatch(/invisible control character \(U\+202E\)/);
    expect(gdapJustificationProblem('Monthly review of incidents 🔐')).toBeUndefined();
  });
});

describe('support descriptions', () => {
  // validate() is pure: no store, directory or audit is reached.
  const support = new SupportService({} as ConstructorParameters<typeof SupportService>[0]);

  it.each([
    ['2001 characters', 'd'.repeat(2001), /^The description is 2001 characters; keep it to 2000\.$/],
    ['a direction override', `Copilot fails ${RLO}with this`, /invisible control character \(U\+202E\)/],
  ])('refuses %s', (_n, description, message) => {
    const result = support.validate({ description, severity: 'blocking' });
    expect('problems' in result && result.problems).toEqual([expect.stringMatching(message)]);
  });

  it('accepts error text with line breaks', () => {
    const description = 'Prompt fails:\n  Error 403 [Forbidden] <details>';
    expect(support.validate({ description, severity: 'blocking' })).toEqual({ description, severity: 'blocking' });
  });
});
