import { describe, expect, it } from 'vitest';
import { renderWhoamiCard, renderLinkCard, renderNoticeCard } from '../../src/cards/core/render-core';
import {
  renderGdapCheckCard,
  renderGdapDeliveredCard,
  renderGdapFormCard,
  renderGdapHandoffCard,
  renderGdapListCard,
  renderGdapTerminateCard,
} from '../../src/cards/gdap/render-gdap-partner';
import { renderGdapReviewCard, renderGdapRolePickerCard } from '../../src/cards/gdap/render-gdap-review';
import { renderGrantListCard, renderReminderCard } from '../../src/cards/lifecycle/render-lifecycle';
import { literal } from '../../src/cards/literal-text';
import { renderDeliveryCard, renderRequestListCard } from '../../src/cards/requests/render-delivery';
import {
  renderRequestCard,
  renderRequestFormCard,
  renderRequestReviewCard,
} from '../../src/cards/requests/render-request';
import { renderSupportCaseCard, renderSupportFormCard } from '../../src/cards/support/render-support';
import { DEFAULT_KNOWLEDGE } from '../../src/services/advisor/knowledge';
import { reviewRelationship } from '../../src/services/gdap/review';
import type { AccessRequest, RequestStatus } from '../../src/services/requests/types';
import { DEFAULT_REQUEST_POLICY as policy } from '../../src/services/requests/validate-request';
import type { Grant } from '../../src/services/storage/types';
import { activeMarkup, asShown, shownMarkdown, shownText } from '../support/shown-text';
import { cardProblems } from '../support/validate-card';

// What a partner, a requester or a directory could put in any free-text field: each must read exactly as typed.
const HOSTILE: Record<string, string> = {
  'markdown link': '[Open the verification portal](https://evil.example)',
  'image and autolink': '![pic](https://evil.example/p.png) <https://evil.example>',
  html: '<b>bold</b> <img src=x onerror=alert(1)> <a href="https://evil.example">x</a>',
  'template syntax': '${$root.secret} ${requestId} {{DATE(2017-02-14T06:08:00Z, SHORT)}}',
  emphasis: '**urgent** _now_ `code` ~~gone~~ \\*kept\\*',
  'numbered list': '1. Approve this first',
  'bullet list': '- item + more',
  heading: '# Heading',
  quote: '> quoted & entity &lt;x&gt;',
  'control and bidi characters': 'Ctrl\u0007 file\u202Egnp.exe\u202C zero\u200Bwidth',
  '10k characters': `${'x'.repeat(5_000)} ${'[y](z) '.repeat(700)}`,
  emoji: '🔐 👩🏽‍💻 ✅',
  'right-to-left text': 'مرحبا بالعالم שלום',
};

const GA = '62e90394-69f5-4237-9190-012177145e10';
const READER = '5d6b6bb7-de71-4623-b4af-96380a352509';

function requestWith(h: string, status: RequestStatus, extra: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: '6f1c7e2a-1111-4222-8333-944455556666',
    version: 2,
    status,
    kind: 'request',
    requester: { aadObjectId: 'r', name: h, tenantId: 't', email: h, organisation: h },
    people: [{ email: h, firstName: h, lastName: h, displayName: h }],
    role: 'security-reader',
    durationDays: 10,
    justification: h,
    message: h,
    ccEmail: h,
    createdAt: '2026-11-27T10:00:00.000Z',
    updatedAt: '2026-11-27T10:00:00.000Z',
    ...(status === 'pending'
      ? {}
      : {
          decision: {
            by: { aadObjectId: 'a', name: h, tenantId: 't' },
            at: '2026-11-27T10:05:00.000Z',
            outcome: status === 'rejected' ? 'rejected' : 'approved',
            comment: h,
          },
        }),
    ...(status === 'failed' ? { failure: { message: h, reference: 'REF', step: 'invite' } } : {}),
    ...extra,
  };
}

const grantWith = (h: string, status: Grant['status']): Grant => ({
  id: 'g1',
  requestId: '6f1c7e2a-1111-4222-8333-944455556666',
  email: h,
  userId: 'u',
  displayName: h,
  role: 'security-reader',
  roleDefinitionId: READER,
  pim: false,
  invited: true,
  grantedAt: '2026-11-27T10:00:00.000Z',
  expiresAt: '2026-12-27T10:00:00.000Z',
  status,
  version: 1,
  remindersSent: [],
  ...(status === 'revoked' ? { revokedAt: '2026-11-28T10:00:00.000Z', revokeReason: h } : {}),
});

/** Every renderer, with `h` in every field a person (or Teams, or Graph) supplies. */
function everyCard(h: string): Record<string, unknown> {
  const facts = { customer: { tenantId: 'cust', displayName: h }, displayName: h, durationDays: 90, autoExtend: false };
  const relationship = {
    id: 'rel-1',
    displayName: h,
    status: 'active' as const,
    duration: 'P90D',
    customer: { tenantId: 'cust', displayName: h },
    roleIds: [READER],
    autoExtendDuration: 'PT0S',
    activatedDateTime: '2026-10-01T00:00:00.000Z',
    endDateTime: '2027-01-01T00:00:00.000Z',
  };
  const supportCase = {
    id: 'c0ffee00-0000-4000-8000-000000000000',
    status: 'handled' as const,
    requester: { aadObjectId: 'r', name: h, tenantId: 't', email: h },
    severity: 'blocking' as const,
    description: h,
    createdAt: '2026-11-27T10:00:00.000Z',
    handled: { by: { id: 'a', name: h }, at: '2026-11-27T11:00:00.000Z', note: h },
  };
  const rel = { partnerName: h, partnerTenantId: h, roles: [GA, h], durationDays: 90, autoExtend: false };
  const cards: Record<string, unknown> = {
    'request form problems': renderRequestFormCard({
      kind: 'request',
      values: {},
      problems: [{ field: 'people', message: h }],
      policy,
    }),
    'request review': renderRequestReviewCard({ kind: 'request', draft: requestWith(h, 'pending'), policy }),
    'approval card (GDAP)': renderRequestCard(
      requestWith(h, 'pending', { kind: 'gdap', gdap: { ...facts, roleIds: [READER], globalAdminOverride: false } }),
      { view: 'approver', policy, notice: h },
    ),
    'delivery (requester)': renderDeliveryCard({
      request: requestWith(h, 'completed'),
      tenantId: 't',
      tenantName: 'Contoso',
      audience: 'requester',
      people: [{ displayName: h, email: h, invited: true }],
    }),
    'delivery (person)': renderDeliveryCard({
      request: requestWith(h, 'completed'),
      tenantId: 't',
      tenantName: 'Contoso',
      audience: 'person',
      people: [],
    }),
    'request list': renderRequestListCard({
      title: 'My requests',
      empty: 'None',
      requests: [requestWith(h, 'rejected')],
    }),
    reminder: renderReminderCard({
      grant: grantWith(h, 'active'),
      daysLeft: 2,
      tenantId: 't',
      tenantName: 'Contoso',
      maxDays: 90,
      canExtend: true,
      notice: h,
    }),
    'grant list': renderGrantListCard({
      title: `Revoke access: ${h}`,
      empty: h,
      grants: [grantWith(h, 'revoked'), grantWith(h, 'active')],
      tenantId: 't',
      revoke: true,
      notice: h,
    }),
    'support form': renderSupportFormCard({ tenantName: 'Contoso', problems: [h] }),
    'support case': renderSupportCaseCard(supportCase, {
      tenantId: 't',
      tenantName: 'Contoso',
      partnerName: h,
      canHandle: true,
      notice: h,
    }),
    'gdap form problems': renderGdapFormCard({
      values: {},
      problems: [{ field: 'x', message: h }],
      defaultRoleIds: [],
    }),
    'gdap check': renderGdapCheckCard({ ...facts, roleIds: [READER], justification: h }),
    'gdap hand-off': renderGdapHandoffCard({
      facts: { ...facts, roleIds: [READER] },
      partnerName: h,
      relationshipId: h,
      approvalLink: 'https://admin.microsoft.com/x',
      handoffText: h,
    }),
    'gdap delivered': renderGdapDeliveredCard({
      customerName: h,
      displayName: h,
      link: 'https://securitycopilot.microsoft.com/?tenantId=cust',
      note: h,
    }),
    'gdap list': renderGdapListCard([relationship]),
    'gdap terminate': renderGdapTerminateCard(relationship, { canTerminate: true, notice: h }),
    'gdap review': renderGdapReviewCard({
      source: 'handoff',
      relationshipId: h,
      approvalUrl: 'https://admin.microsoft.com/x',
      ...rel,
      customerTenantId: h,
      review: reviewRelationship(rel, DEFAULT_KNOWLEDGE, { maxDurationDays: 180 }),
      knowledge: DEFAULT_KNOWLEDGE,
    }),
    'gdap role picker': renderGdapRolePickerCard({ relationshipId: h, approvalUrl: 'https://x.example', roles: [] }),
    whoami: renderWhoamiCard({
      name: h,
      email: h,
      tenantName: h,
      tenantId: 't',
      inDirectory: 'guest',
      isAdmin: false,
      isApprover: false,
      adminGroupId: 'g1',
      approverGroupId: 'g2',
    }),
    notice: renderNoticeCard({ kind: 'error', title: h, text: h }),
    link: renderLinkCard({ tenantId: 't', tenantName: h, link: 'https://x.example', resolvedFrom: h }),
  };
  for (const status of ['pending', 'completed', 'failed', 'rejected', 'cancelled'] as const)
    cards[`approval card (${status})`] = renderRequestCard(requestWith(h, status), { view: 'approver', policy });
  return cards;
}

describe('user text is shown, never interpreted (every renderer)', () => {
  describe.each(Object.entries(HOSTILE))('%s', (_kind, hostile) => {
    const shown = asShown(hostile);
    it.each(Object.entries(everyCard(hostile)))('%s shows it as typed, with no links or formatting', (_c, card) => {
      expect(cardProblems(card)).toEqual([]);
      expect(shownText(card)).toContain(shown);
      expect(activeMarkup(card, shown)).toEqual([]);
      expect(JSON.stringify(card)).not.toContain('"secret"');
    });
  });

  it('the approval card turns the phishing link of the issue into plain text', () => {
    const link = HOSTILE['markdown link'];
    const card = renderRequestCard(requestWith(link, 'pending'), { view: 'approver', policy });
    const html = JSON.stringify(card);
    expect(html).not.toContain(link);
    expect(shownMarkdown(literal(link)).html).not.toContain('<a');
    expect(shownText(card)).toContain(link);
  });

  it('literal() leaves ordinary text alone and keeps line breaks', () => {
    expect(literal('Jane Doe (jane@fabrikam.example)')).toBe('Jane Doe (jane@fabrikam.example)');
    expect(literal('line one\r\nline two')).toBe('line one\nline two');
    expect(literal(undefined)).toBe('');
  });
});
