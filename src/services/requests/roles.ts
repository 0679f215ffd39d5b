import type { RoleKey } from './types';

/** The roles a request can ask for, least privileged first, in the words shown on cards. */
export const REQUEST_ROLES: Readonly<Record<RoleKey, { readonly title: string; readonly summary: string }>> = {
  'security-reader': {
    title: 'Security Reader',
    summary:
      'Read incidents, alerts, hunting results and reports, and run Security Copilot prompts that read them. Changes nothing. Recommended.',
  },
  'security-operator': {
    title: 'Security Operator',
    summary:
      'Everything Security Reader can, plus act on incidents and alerts (assign, resolve, run response actions). Needs a justification.',
  },
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "27 Nov 2026, 10:05 UTC": unambiguous for people in different countries. */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

export const formatDuration = (days: number | null): string =>
  days === null ? 'Until revoked' : days === 1 ? '1 day' : `${days} days`;
