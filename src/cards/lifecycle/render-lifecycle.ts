import { securityCopilotLink } from '../../services/access/tenant-link';
import { REQUEST_ROLES, formatWhen } from '../../services/requests/roles';
import type { Grant } from '../../services/storage/types';
import { literal } from '../literal-text';
import { expandCard, type AdaptiveCardJson } from '../render';
import grantListTemplate from './grant-list.json';
import reminderTemplate from './reminder.json';

export const LifecycleVerbs = { extend: 'grant.extend', revoke: 'grant.revoke' } as const;

const ends = (g: Grant) => (g.expiresAt ? formatWhen(g.expiresAt) : 'No end date (until revoked)');

export function renderReminderCard(d: {
  grant: Grant;
  daysLeft: number;
  tenantId: string;
  tenantName: string;
  maxDays: number;
  canExtend: boolean;
  notice?: string;
}): AdaptiveCardJson {
  const g = d.grant;
  return expandCard(reminderTemplate, {
    title:
      d.daysLeft <= 0
        ? `Your access to Security Copilot at ${d.tenantName} ends today`
        : `Your access to Security Copilot at ${d.tenantName} ends in ${d.daysLeft} ${d.daysLeft === 1 ? 'day' : 'days'}`,
    notice: literal(d.notice),
    who: literal(`${g.displayName} (${g.email})`),
    roleTitle: REQUEST_ROLES[g.role].title,
    endsText: ends(g),
    link: securityCopilotLink(d.tenantId),
    canExtend: d.canExtend,
    daysLabel: `How many more days (1 to ${d.maxDays})`,
    maxDays: d.maxDays,
    extendVerb: LifecycleVerbs.extend,
    grantId: g.id,
  });
}

const STATUS: Record<Grant['status'], (g: Grant) => string> = {
  active: (g) => `Active until ${ends(g)}`,
  revoking: () => 'Being revoked now',
  revoked: (g) => `Ended ${g.revokedAt ? formatWhen(g.revokedAt) : ''}${g.revokeReason ? `: ${g.revokeReason}` : ''}`,
  failed: (g) =>
    `Revoking it stopped: ${g.failure?.message ?? 'unknown error'} (Reference: ${g.failure?.reference ?? 'none'})`,
};

/** `my access` (the holder's view, with the link) or the admin's `revoke` card (with a reason and a button each). */
export function renderGrantListCard(d: {
  title: string;
  empty: string;
  grants: readonly Grant[];
  tenantId: string;
  revoke: boolean;
  notice?: string;
}): AdaptiveCardJson {
  const revocable = d.revoke ? d.grants.filter((g) => g.status === 'active' || g.status === 'failed') : [];
  return expandCard(grantListTemplate, {
    title: literal(d.title),
    notice: literal(d.notice),
    empty: literal(d.empty),
    grants: d.grants.map((g) => ({
      heading: literal(`${REQUEST_ROLES[g.role].title}: ${g.displayName} (${g.email})`),
      statusLine: literal(STATUS[g.status](g)),
      link: g.status === 'active' && !d.revoke ? securityCopilotLink(d.tenantId) : '',
    })),
    canRevoke: revocable.length > 0,
    revokeActions: revocable.slice(0, 5).map((g) => ({
      title:
        revocable.length === 1 ? 'Revoke now' : `Revoke ${REQUEST_ROLES[g.role].title} (${g.requestId.slice(0, 8)})`,
      verb: LifecycleVerbs.revoke,
      grantId: g.id,
    })),
  });
}
