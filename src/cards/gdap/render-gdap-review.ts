/**
 * Typed renderers for the customer-side GDAP review. Everything the partner declared or the admin typed travels as
 * template DATA, never as template text, so a partner name such as `${$root.secret}` renders literally.
 */
import type { Knowledge, RoleEntry } from '../../services/advisor/knowledge';
import type { PluginSummary, Review, Severity } from '../../services/gdap/review';
import { literal } from '../literal-text';
import { expandCard, type AdaptiveCardJson } from '../render';
import reviewTemplate from './gdap-review.json';
import rolePickerTemplate from './gdap-review-roles.json';

/** Submitted by the role picker's "Review": `{ verb, relationshipId, roles: "id,id", durationDays, autoExtend }`. */
export const GDAP_REVIEW_ROLES_VERB = 'gdap.review.roles';
/** The picker's choice for a role the approval page lists that the catalogue does not know. */
export const UNLISTED_ROLE_CHOICE = 'unlisted';

/** Where the card's facts came from: what the partner declared, or what the admin ticked from the approval page. */
export type ReviewSource = 'handoff' | 'ticked';

export interface GdapReviewCardData {
  readonly source: ReviewSource;
  readonly relationshipId: string;
  readonly approvalUrl: string;
  readonly partnerName?: string;
  readonly partnerTenantId?: string;
  readonly customerTenantId?: string;
  readonly durationDays?: number;
  readonly autoExtend?: boolean;
  readonly review: Review;
  readonly knowledge: Knowledge;
}

const SOURCE_LINE: Record<ReviewSource, string> = {
  handoff:
    'From the hand-off text: this is what the partner declared, not what Microsoft will ask you to approve. The approval page is the authority.',
  ticked:
    'From the roles you ticked and the details you entered from the approval page. The approval page is the authority.',
};
const VERDICT_TITLE: Record<Review['verdict'], string> = {
  ok: 'Least-privileged: nothing stands out',
  caution: 'Check these points before you approve',
  refuse: 'Do not approve this as it stands',
};
const SEVERITY_LABEL: Record<Severity, string> = { refuse: 'Refuse', caution: 'Caution', info: 'Check' };
const NOT_STATED = 'Not stated: read it on the approval page';

export function renderGdapReviewCard(data: GdapReviewCardData): AdaptiveCardJson {
  const { review, knowledge } = data;
  const matrix = knowledge.pluginMatrix;
  const facts: Array<{ title: string; value: string }> = [
    { title: 'Partner', value: literal(data.partnerName) || NOT_STATED },
    { title: 'Partner tenant id', value: literal(data.partnerTenantId) || NOT_STATED },
    ...(data.customerTenantId ? [{ title: 'For customer tenant', value: literal(data.customerTenantId) }] : []),
    { title: 'Relationship id', value: literal(data.relationshipId) },
    { title: 'Duration', value: data.durationDays === undefined ? NOT_STATED : `${data.durationDays} days` },
    {
      title: 'Auto-extend',
      value: data.autoExtend === undefined ? NOT_STATED : data.autoExtend ? 'Yes, 180 days at a time' : 'No',
    },
  ];
  const group = (heading: string, plugins: readonly PluginSummary[]) =>
    plugins.length === 0
      ? []
      : [{ heading, plugins: plugins.map((p) => ({ line: p.note ? `${p.name}: ${p.note}` : p.name })) }];
  return expandCard(reviewTemplate, {
    sourceLine: SOURCE_LINE[data.source],
    verdict: review.verdict,
    verdictTitle: VERDICT_TITLE[review.verdict],
    findings: review.findings.map((f) => ({ line: literal(`${SEVERITY_LABEL[f.severity]}: ${f.text}`) })),
    facts,
    roles: review.rolesInPlainWords.map((r) => ({ name: literal(r.name), whatItGrants: literal(r.whatItGrants) })),
    noRoles: 'No roles listed.',
    pluginGroups: [
      ...group('Will work', review.plugins.works),
      ...group('Will partly work', review.plugins.partial),
      ...group('Will not work under GDAP', review.plugins.doesNot),
    ],
    reminders: review.reminders.map((text) => ({ text })),
    basis: `Plugin matrix as of ${matrix.asOf}, from "${matrix.source}". Knowledge v${knowledge.version}.`,
    approvalUrl: data.approvalUrl,
  });
}

export interface GdapRolePickerCardData {
  readonly relationshipId: string;
  readonly approvalUrl: string;
  readonly roles: readonly RoleEntry[];
}

export function renderGdapRolePickerCard(data: GdapRolePickerCardData): AdaptiveCardJson {
  return expandCard(rolePickerTemplate, {
    relationshipLine: literal(`Relationship ${data.relationshipId}`),
    instructions:
      'Open the approval page (button below) as a Global Administrator of your tenant, then tick exactly the roles it lists, and its duration and auto-extend setting if you want those checked too. The review reflects what you tick; the approval page stays the authority.',
    choices: [
      ...data.roles.map((r) => ({ title: r.name, value: r.roleDefinitionId })),
      { title: 'Another role, not in this list', value: UNLISTED_ROLE_CHOICE },
    ],
    reviewVerb: GDAP_REVIEW_ROLES_VERB,
    relationshipId: data.relationshipId,
    approvalUrl: data.approvalUrl,
  });
}
