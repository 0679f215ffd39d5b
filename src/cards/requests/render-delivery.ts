import { securityCopilotLink } from '../../services/access/tenant-link';
import { REQUEST_ROLES, formatWhen } from '../../services/requests/roles';
import type { AccessRequest } from '../../services/requests/types';
import { literal } from '../literal-text';
import { expandCard, type AdaptiveCardJson } from '../render';
import deliveryTemplate from './delivery.json';
import listTemplate from './request-list.json';
import { statusLine } from './render-request';

export const GETTING_STARTED_ARTICLES = [
  {
    title: 'Get started with Security Copilot',
    url: 'https://learn.microsoft.com/copilot/security/get-started-security-copilot',
  },
  {
    title: 'Prompting in Security Copilot',
    url: 'https://learn.microsoft.com/copilot/security/prompting-security-copilot',
  },
] as const;

export interface DeliveredPerson {
  readonly displayName: string;
  readonly email: string;
  /** False when an existing account was re-used (no new invitation email). */
  readonly invited: boolean;
  /** The bot enabled the account again: its own offboarding had blocked it when earlier access ended. */
  readonly reenabled?: boolean;
}

/** What a person with new access reads: what they got, until when, the link, and what to do first. */
export function renderDeliveryCard(d: {
  request: AccessRequest;
  tenantId: string;
  tenantName: string;
  audience: 'requester' | 'person';
  people: readonly DeliveredPerson[];
}): AdaptiveCardJson {
  const r = d.request;
  const link = securityCopilotLink(d.tenantId);
  const forPerson = d.audience === 'person';
  return expandCard(deliveryTemplate, {
    title: forPerson
      ? `You have access to Security Copilot at ${d.tenantName}`
      : `Access is ready: ${r.people.length === 1 ? '1 person' : `${r.people.length} people`}`,
    intro: forPerson
      ? literal(`${r.requester.name} asked for it and ${r.decision?.by.name ?? 'an approver'} approved it.`)
      : literal(`Your request was approved by ${r.decision?.by.name ?? 'an approver'} and every step is done.`),
    tenantName: d.tenantName,
    roleTitle: REQUEST_ROLES[r.role].title,
    untilText: r.expiresAt
      ? `${formatWhen(r.expiresAt)} (access ends by itself)`
      : 'No end date: until an admin revokes it',
    link,
    steps: [
      {
        text: '1. Accept the invitation email from Microsoft (invites@microsoft.com), sent to the address on the request. Someone who already had an account here gets no new email.',
      },
      { text: `2. Sign in at ${link}: this link opens ${d.tenantName}'s Security Copilot directly.` },
      {
        text: `3. Or sign in at https://securitycopilot.microsoft.com with your own work account and switch to ${d.tenantName} with the tenant switcher.`,
      },
      { text: `Security Copilot support: ${d.tenantName}'s admins open Microsoft support cases on your behalf.` },
    ],
    peopleHeading: 'Who has access',
    people: forPerson
      ? []
      : d.people.map((p) => ({
          text: `${literal(p.displayName)}: ${literal(p.email)}${personNote(p)}`,
        })),
    articles: GETTING_STARTED_ARTICLES,
  });
}

const personNote = (p: DeliveredPerson): string => {
  if (p.invited) return ' (invited)';
  if (p.reenabled)
    return ' (existing account re-used: re-enabled the account the bot had blocked when earlier access ended)';
  return ' (existing account re-used)';
};

export function renderRequestListCard(d: {
  title: string;
  empty: string;
  requests: readonly AccessRequest[];
}): AdaptiveCardJson {
  return expandCard(listTemplate, {
    title: d.title,
    empty: d.empty,
    items: d.requests.map((r) => ({
      heading: literal(
        `${REQUEST_ROLES[r.role].title} for ${r.people.length === 1 ? r.people[0].displayName : `${r.people.length} people`} (${r.id.slice(0, 8)})`,
      ),
      statusLine: literal(statusLine(r).text),
      detail: literal(`Requested by ${r.requester.name} on ${formatWhen(r.createdAt)}`),
    })),
  });
}
