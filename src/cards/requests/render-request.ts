import { REQUEST_ROLES, formatDuration, formatWhen } from '../../services/requests/roles';
import type { AccessRequest, PartnerPerson, RequestDraft } from '../../services/requests/types';
import type { FieldProblem, RequestPolicy } from '../../services/requests/validate-request';
import { gdapFactList, gdapWarnings, roleInWords } from '../gdap/render-gdap-partner';
import { literal } from '../literal-text';
import { expandCard, type AdaptiveCardJson } from '../render';
import formTemplate from './request-form.json';
import { RequestVerbs } from './request-verbs';
import reviewTemplate from './request-review.json';
import statusTemplate from './request-status.json';

export interface FormValues {
  readonly people?: string;
  readonly role?: string;
  readonly duration?: string;
  readonly justification?: string;
  readonly message?: string;
  readonly ccEmail?: string;
}

const title = (kind: 'request' | 'invite') =>
  kind === 'invite' ? 'Invite partner people (admin)' : 'Request access to Security Copilot';

export function renderRequestFormCard(d: {
  kind: 'request' | 'invite';
  values: FormValues;
  problems: readonly FieldProblem[];
  policy: RequestPolicy;
}): AdaptiveCardJson {
  return expandCard(formTemplate, {
    title: title(d.kind),
    intro:
      d.kind === 'invite'
        ? 'As an admin your own approval counts: the people are invited as soon as you submit. It is audited as a self-approved invitation.'
        : 'Partner staff get B2B guest access to this organisation\u2019s Security Copilot after an approver agrees. Up to 20 people per request.',
    problems: d.problems.map((p) => ({ message: literal(p.message) })),
    people: d.values.people ?? '',
    role: d.values.role ?? 'security-reader',
    roles: Object.entries(REQUEST_ROLES).map(([value, r]) => ({ value, title: `${r.title}: ${r.summary}` })),
    // Input.Number drops a value that is not a number; what the user typed badly is named in the problems list.
    duration:
      Number.isFinite(Number(d.values.duration ?? 'x')) && d.values.duration !== '' ? Number(d.values.duration) : 30,
    maxDays: d.policy.maxDurationDays,
    durationLabel: `How many days (1 to ${d.policy.maxDurationDays})`,
    durationError: `Enter a whole number from 1 to ${d.policy.maxDurationDays}.`,
    justification: d.values.justification ?? '',
    message: d.values.message ?? '',
    ccEmail: d.values.ccEmail ?? '',
    reviewVerb: RequestVerbs.formReview,
    cancelVerb: RequestVerbs.formCancel,
  });
}

export function warningsFor(
  r: RequestDraft & { kind?: AccessRequest['kind']; extends?: AccessRequest['extends'] },
  policy: RequestPolicy,
): { text: string }[] {
  const out: string[] = [];
  if (r.role === 'security-operator')
    out.push('Warning: Security Operator can act on incidents and change settings. Check the justification.');
  if (r.durationDays === null) out.push('Warning: no end date. Access stays until someone revokes it.');
  else if (r.durationDays > policy.longDurationDays)
    out.push(`Warning: long access, ${r.durationDays} days (more than ${policy.longDurationDays}).`);
  if (r.kind === 'invite') out.push('Invited directly by an admin: their own approval counts and is audited as such.');
  if (r.kind === 'extension') {
    const until = r.extends?.previousExpiresAt ? ` (now until ${formatWhen(r.extends.previousExpiresAt)})` : '';
    out.push(
      `Extension: moves the end of existing access${until} by ${formatDuration(r.durationDays)}. Nobody new is invited.`,
    );
  }
  return out.map((text) => ({ text }));
}

const peopleHeading = (n: number) => (n === 1 ? 'Partner person' : `Partner people (${n})`);

export function renderRequestReviewCard(d: {
  kind: 'request' | 'invite';
  draft: RequestDraft;
  policy: RequestPolicy;
}): AdaptiveCardJson {
  const { draft } = d;
  return expandCard(reviewTemplate, {
    title: `Review: ${title(d.kind).toLowerCase()}`,
    roleTitle: REQUEST_ROLES[draft.role].title,
    durationText: formatDuration(draft.durationDays),
    justification: literal(draft.justification),
    messageText: draft.message ? literal(draft.message) : '(none)',
    ccText: draft.ccEmail ? literal(draft.ccEmail) : '(none)',
    peopleHeading: peopleHeading(draft.people.length),
    people: shownPeople(draft.people),
    warnings: warningsFor({ ...draft, kind: d.kind }, d.policy),
    submitTitle: d.kind === 'invite' ? 'Invite now' : 'Send to approvers',
    submitVerb: RequestVerbs.formSubmit,
    editVerb: RequestVerbs.formEdit,
    cancelVerb: RequestVerbs.formCancel,
  });
}

/** Names and addresses as typed, for the people lines of a card. */
const shownPeople = (people: readonly PartnerPerson[]) =>
  people.map((p) => ({ displayName: literal(p.displayName), email: literal(p.email) }));

export type RequestCardView = 'approver' | 'requester' | 'observer';

export interface RequestCardOptions {
  readonly view: RequestCardView;
  readonly policy: RequestPolicy;
  /** A line for this viewer only, e.g. why their click was refused. */
  readonly notice?: string;
  /** Teams user ids (29:…) who get their own view when they look at the card (≤ 60). */
  readonly refreshUserIds?: readonly string[];
  /** Admins see Retry on a failed request. */
  readonly canRetry?: boolean;
}

export function statusLine(r: AccessRequest): { text: string; style: string } {
  const d = r.decision;
  const by = d ? `${d.by.name} on ${formatWhen(d.at)}` : '';
  const comment = d?.comment ? `: "${d.comment}"` : '';
  switch (r.status) {
    case 'pending':
      return { text: 'Waiting for an approver.', style: 'accent' };
    case 'approved':
    case 'provisioning': {
      if (r.kind === 'gdap')
        return {
          text: `Approved by ${by}${comment}. The relationship is being set up; the customer's Global Administrator must approve it.`,
          style: 'good',
        };
      const progress = r.progress ? ` (${r.progress.done} of ${r.progress.total} people done)` : '';
      const waiting = r.progress?.waiting
        ? ` Waiting for Microsoft Entra to finish creating the guest ${r.progress.waiting}.`
        : '';
      return { text: `Approved by ${by}${comment}. Setting up access${progress}…${waiting}`, style: 'good' };
    }
    case 'completed':
      if (r.kind === 'gdap')
        return {
          text: `Approved by ${by}${comment}. The relationship is active and the partner security group has its roles.`,
          style: 'good',
        };
      return {
        text: `Approved by ${by}${comment}. Access granted${r.expiresAt ? ` until ${formatWhen(r.expiresAt)}` : ' (no end date)'}.`,
        style: 'good',
      };
    case 'failed': {
      const granted = r.failure?.granted ?? [];
      const some = granted.length > 0 ? ` for ${(r.failure?.people ?? []).map((p) => p.email).join(', ')}` : '';
      return {
        text: `Approved by ${by}, but setting up access failed${some}: ${r.failure?.message ?? 'unknown error'} (Reference: ${r.failure?.reference ?? 'none'})`,
        style: 'attention',
      };
    }
    case 'rejected':
      return { text: `Rejected by ${by}${comment}.`, style: 'attention' };
    case 'cancelled':
      return {
        text: `Withdrawn by ${d?.by.name ?? 'the requester'} on ${formatWhen(d?.at ?? r.updatedAt)}.`,
        style: 'default',
      };
  }
}

/** A GDAP request shows the relationship instead of people and a role. */
function gdapParts(r: AccessRequest, requesterText: string, organisation: string) {
  const g = r.gdap;
  if (r.kind !== 'gdap' || !g) return { isGdap: false, gdapFacts: [], gdapRoles: [] };
  return {
    isGdap: true,
    gdapFacts: [
      { title: 'Requested by', value: requesterText },
      { title: 'Organisation', value: organisation },
      ...gdapFactList(g).map((f) => ({ title: f.title, value: literal(f.value) })),
      { title: 'Justification', value: literal(r.justification) },
      { title: 'Request', value: r.id.slice(0, 8) },
    ],
    gdapRoles: g.roleIds.map((id) => ({ text: roleInWords(id) })),
    peopleHeading: 'Roles',
    people: [],
    warnings: gdapWarnings(g),
  };
}

export function renderRequestCard(r: AccessRequest, o: RequestCardOptions): AdaptiveCardJson {
  const status = statusLine(r);
  const pending = r.status === 'pending';
  const { requester } = r;
  const requesterText = literal(requester.email ? `${requester.name} (${requester.email})` : requester.name);
  // Requests stored before the organisation was recorded have none; a tenant id would mean nothing to an approver.
  const organisation = requester.organisation ? literal(requester.organisation) : 'Not recorded with this request';
  return expandCard(statusTemplate, {
    title: {
      invite: 'Direct invitation: Security Copilot',
      extension: 'Extension request: Security Copilot',
      request: 'Access request: Security Copilot',
      gdap: 'GDAP relationship request: Security Copilot',
    }[r.kind],
    statusLine: literal(status.text),
    statusStyle: status.style,
    notice: literal(o.notice),
    requesterText,
    organisation,
    roleTitle: REQUEST_ROLES[r.role].title,
    durationText:
      r.expiresAt && !pending
        ? `${formatDuration(r.durationDays)}, until ${formatWhen(r.expiresAt)}`
        : formatDuration(r.durationDays),
    justification: literal(r.justification),
    shortId: r.id.slice(0, 8),
    peopleHeading: peopleHeading(r.people.length),
    people: shownPeople(r.people),
    warnings: warningsFor(r, o.policy),
    showDecision: pending && o.view === 'approver',
    showApprove: pending && o.view === 'approver',
    showWithdraw: pending && o.view === 'requester',
    showRetry: r.status === 'failed' && Boolean(o.canRetry),
    verbs: RequestVerbs,
    requestId: r.id,
    version: r.version,
    refreshVerb: RequestVerbs.refresh,
    refreshUserIds: (o.refreshUserIds ?? []).slice(0, 60),
    ...gdapParts(r, requesterText, organisation),
  });
}
