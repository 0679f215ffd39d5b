import { describe, expect, it } from 'vitest';
import {
  formatHandoff,
  HANDOFF_HEADER,
  parseApprovalLink,
  parseHandoff,
  type HandoffDetails,
} from '../../src/services/gdap/handoff';
import { ROLES } from './support';

const REL = '5e5594d3-6f82-458b-b567-77db4811f0cd-0b6e3e56-1a2c-4cbe-9d4c-2f1e5a6b7c8d';
const DETAILS: HandoffDetails = {
  relationshipId: REL,
  partnerName: 'Contoso Partner',
  partnerTenantId: '06ada22e-cdb9-47a5-929d-963ebb2cda7c',
  customerTenantId: '36c7329c-b523-4e04-9e39-10d06f8ebeb2',
  roleIds: [ROLES.securityReader, ROLES.globalReader, ROLES.securityOperator],
  durationDays: 180,
  autoExtend: false,
};
const TEXT = formatHandoff(DETAILS);
const expected = {
  ...DETAILS,
  roles: [{ name: 'Security Reader' }, { name: 'Global Reader' }, { name: 'Security Operator' }].map((r, i) => ({
    ...r,
    roleDefinitionId: DETAILS.roleIds[i],
  })),
};

describe('formatHandoff / parseHandoff', () => {
  it('writes a header and Key: value lines with roles by name', () => {
    expect(TEXT.split('\n')).toEqual([
      HANDOFF_HEADER,
      `Relationship id: ${REL}`,
      'Partner: Contoso Partner',
      'Partner tenant id: 06ada22e-cdb9-47a5-929d-963ebb2cda7c',
      'Customer tenant id: 36c7329c-b523-4e04-9e39-10d06f8ebeb2',
      'Roles: Security Reader; Global Reader; Security Operator',
      'Duration: 180 days',
      'Auto-extend: no',
      `Approve at: https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/${REL}`,
    ]);
    expect(parseHandoff(TEXT)).toEqual({ ok: true, handoff: expected });
  });

  it('round-trips auto-extend on and a single-GUID relationship id', () => {
    const details = {
      ...DETAILS,
      relationshipId: '5e5594d3-6f82-458b-b567-77db4811f0cd',
      autoExtend: true,
      durationDays: 730,
    };
    expect(parseHandoff(formatHandoff(details))).toMatchObject({ ok: true, handoff: { ...details } });
  });

  const lines = TEXT.split('\n');
  it.each<[string, string]>([
    ['extra spaces everywhere', lines.map((l) => `   ${l.replace(': ', '  :   ')}   `).join('\n')],
    ['CRLF and blank lines', lines.join('\r\n\r\n')],
    ['all joined into one line', lines.join(' ')],
    ['bullets and bold labels', [lines[0], ...lines.slice(1).map((l) => `- **${l.replace(': ', ':** ')}`)].join('\n')],
    ['numbered and quoted', lines.map((l, i) => `> ${i + 1}. ${l}`).join('\n')],
    ['Teams HTML', `<p>${lines.join('<br>')}</p>`.replace('Contoso Partner', 'Contoso&nbsp;Partner')],
    ['a dash and no hyphen', lines.join('\n').replace('hand-off', 'hand–off').replace('Auto-extend', 'Auto extend')],
    ['invisible characters and no-break spaces', lines.join('\n').replace(/: /g, ':\u00a0\u200b')],
    [
      'a markdown link and inline code',
      lines
        .join('\n')
        .replace(/Approve at: (\S+)/, 'Approve at: [$1]($1)')
        .replace(REL, `\`${REL}\``),
    ],
    [
      'a heading and lower-case labels',
      `## ${lines[0]}\n${lines
        .slice(1)
        .map((l) => l.toLowerCase().replace(/: .*/, '') + l.slice(l.indexOf(':')))
        .join('\n')}`,
    ],
  ])('reads it back with %s', (_label, mangled) => {
    expect(parseHandoff(mangled)).toEqual({ ok: true, handoff: expected });
  });

  it.each<[string, string, RegExp]>([
    ['no header', lines.slice(1).join('\n'), /not a GDAP hand-off/],
    ['a newer version', TEXT.replace(') v1', ') v2'), /version 2; this bot reads version 1/],
    [
      'a truncated relationship id',
      TEXT.replace(`Relationship id: ${REL}`, `Relationship id: ${REL.slice(0, -1)}`),
      /Relationship id .* is not a valid id/,
    ],
    [
      'a partner tenant id with a stray character',
      TEXT.replace('06ada22e-', '06ada22e-x'),
      /Partner tenant id .* is not a valid id/,
    ],
    [
      'a customer tenant id split by a space',
      TEXT.replace('36c7329c-b523', '36c7329c- b523'),
      /Customer tenant id .* is not a valid id/,
    ],
    ['a missing roles line', lines.filter((l) => !l.startsWith('Roles')).join('\n'), /no "Roles" line/],
    ['a duration in weeks', TEXT.replace('180 days', '26 weeks'), /Duration "26 weeks" is not a number of days/],
    [
      'an approval link to another relationship',
      TEXT.replace(/(granularAdminRelationships\/)\S+/, '$1' + '5e5594d3-6f82-458b-b567-77db4811f0cd'),
      /points to a different relationship/,
    ],
    [
      'an approval link to another site',
      TEXT.replace('https://admin.microsoft.com', 'https://admin.microsoft.com.evil.example'),
      /Approve at: That link goes to/,
    ],
    ['auto-extend "perhaps"', TEXT.replace('Auto-extend: no', 'Auto-extend: perhaps'), /neither yes nor no/],
  ])('refuses %s', (_label, text, message) => {
    const result = parseHandoff(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toContainEqual(expect.stringMatching(message));
  });

  it('keeps a role name the catalogue does not know, without inventing an id', () => {
    const result = parseHandoff(TEXT.replace('Global Reader', 'Helpdesk Administrator'));
    expect(result).toMatchObject({ ok: true, handoff: { roleIds: [ROLES.securityReader, ROLES.securityOperator] } });
    if (result.ok) expect(result.handoff.roles[1]).toEqual({ name: 'Helpdesk Administrator' });
  });
});

describe('parseApprovalLink', () => {
  const LINK = `https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/${REL}`;
  it.each<[string, string]>([
    ['the link itself', LINK],
    ['a link in a sentence', `Please approve: ${LINK} thanks!`],
    ['angle brackets', `<${LINK}>`],
    ['a markdown link', `[approve here](${LINK})`],
    ['a trailing slash and upper-case host', LINK.replace('admin.microsoft.com', 'ADMIN.microsoft.com') + '/'],
    ['an upper-case id', LINK.replace(REL, REL.toUpperCase())],
  ])('takes the relationship id from %s', (_label, text) => {
    expect(parseApprovalLink(text)).toEqual({ ok: true, relationshipId: REL });
  });

  it.each<[string, string, RegExp]>([
    ['no link', 'approve it please', /no link/],
    [
      'a look-alike host',
      LINK.replace('admin.microsoft.com', 'admin.microsoft.com.evil.example'),
      /goes to admin\.microsoft\.com\.evil\.example, not admin\.microsoft\.com/,
    ],
    ['another host', LINK.replace('admin.microsoft.com', 'portal.azure.com'), /not admin\.microsoft\.com/],
    ['plain http', LINK.replace('https://', 'http://'), /must start with https:\/\/admin\.microsoft\.com/],
    [
      'another admin center page',
      LINK.replace('partners/invitation/granularAdminRelationships', 'users/active'),
      /not a GDAP approval page/,
    ],
    ['another path', LINK.replace('/AdminPortal/Home', '/AdminPortal/Other'), /not a GDAP approval page/],
    ['no id', LINK.replace(REL, ''), /not a GDAP approval page/],
    ['a bad GUID', LINK.replace(REL, '5e5594d3-6f82-458b-b567-77db4811f0c'), /is not a GDAP relationship id/],
    ['a non-hex id', LINK.replace(REL, 'zzzzzzzz-6f82-458b-b567-77db4811f0cd'), /is not a GDAP relationship id/],
  ])('refuses %s', (_label, text, message) => {
    const result = parseApprovalLink(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
