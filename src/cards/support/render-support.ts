import { formatWhen } from '../../services/requests/roles';
import { SUPPORT_SEVERITIES, type SupportCase } from '../../services/support/support-service';
import { literal } from '../literal-text';
import { expandCard, type AdaptiveCardJson } from '../render';
import caseTemplate from './support-case.json';
import formTemplate from './support-form.json';

export const SupportVerbs = { submit: 'support.submit', handled: 'support.handled' } as const;

export function renderSupportFormCard(d: {
  tenantName: string;
  description?: string;
  severity?: string;
  problems?: readonly string[];
}): AdaptiveCardJson {
  return expandCard(formTemplate, {
    intro: `While you work in ${d.tenantName}'s Security Copilot, ${d.tenantName}'s admins open Microsoft support cases for you. Describe the problem and I will hand it to them.`,
    problems: (d.problems ?? []).map((text) => ({ text: literal(text) })),
    description: d.description ?? '',
    severity: d.severity ?? 'degraded',
    severities: Object.entries(SUPPORT_SEVERITIES).map(([value, title]) => ({ value, title })),
    submitVerb: SupportVerbs.submit,
  });
}

export function renderSupportCaseCard(
  c: SupportCase,
  o: { tenantId: string; tenantName: string; partnerName?: string; canHandle: boolean; notice?: string },
): AdaptiveCardJson {
  const handled = c.status === 'handled';
  return expandCard(caseTemplate, {
    handled,
    statusLine: handled
      ? literal(
          `Handled by ${c.handled?.by.name ?? 'an admin'} on ${formatWhen(c.handled?.at ?? c.createdAt)}${c.handled?.note ? `: "${c.handled.note}"` : ''}.`,
        )
      : 'Waiting for an admin to open a Microsoft support case.',
    notice: literal(o.notice),
    who: literal(c.requester.email ? `${c.requester.name} (${c.requester.email})` : c.requester.name),
    organisation: literal(o.partnerName ?? c.requester.tenantId),
    when: formatWhen(c.createdAt),
    severityText: SUPPORT_SEVERITIES[c.severity],
    tenant: `${o.tenantName} (${o.tenantId})`,
    shortId: c.id.slice(0, 8),
    description: literal(c.description),
    steps: handled
      ? []
      : [
          {
            text: '1. Sign in to the Microsoft 365 admin center as an admin of this tenant and open Support > Help & support > New service request.',
          },
          {
            text: `2. Product: Microsoft Security Copilot. Describe the problem as reported above, and say the user is a partner guest (${literal(c.requester.email ?? c.requester.name)}).`,
          },
          { text: '3. Put the Microsoft case number in the note below and press Mark handled: the partner is told.' },
        ],
    canHandle: o.canHandle && !handled,
    handledVerb: SupportVerbs.handled,
    caseId: c.id,
  });
}
