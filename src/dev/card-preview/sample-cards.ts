/**
 * Realistic sample cards, built by the project's real renderers from made-up data about the simulated tenant:
 * the pictures in the README and the browser test of the renderer both use them.
 */
import { renderRecommendationCard } from '../../cards/advisor/render-advisor';
import { renderHelpCard, type HelpCommand } from '../../cards/core/render-core';
import type { AdaptiveCardJson } from '../../cards/render';
import { renderDeliveryCard } from '../../cards/requests/render-delivery';
import { renderRequestCard, renderRequestFormCard } from '../../cards/requests/render-request';
import { recommend } from '../../services/advisor/recommend';
import type { AccessRequest } from '../../services/requests/types';
import { DEFAULT_REQUEST_POLICY } from '../../services/requests/validate-request';

export const SAMPLE_TENANT = { id: '06ada22e-cdb9-47a5-929d-963ebb2cda7c', name: 'Contoso' } as const;
const PARTNER_TENANT_ID = '36c7329c-b523-4e04-9e39-10d06f8ebeb2';

const APPROVER = {
  aadObjectId: '05880bf4-c5eb-4e30-a9eb-59f9190fa859',
  name: 'Alex Wilber',
  tenantId: SAMPLE_TENANT.id,
};

/** A pending request from a partner analyst: Security Operator for two partner people, 60 days. */
export function sampleRequest(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: '6f1c7e2a-93b4-4d21-8a7e-94a45c5e6a10',
    version: 1,
    status: 'pending',
    kind: 'request',
    requester: {
      aadObjectId: 'ea8a1842-527f-4c4c-b6c1-f63e7eab0836',
      name: 'Patti Fernandez',
      tenantId: PARTNER_TENANT_ID,
      email: 'pattif@fabrikam-mssp.example',
      organisation: 'Fabrikam MSSP',
    },
    people: [
      {
        email: 'pattif@fabrikam-mssp.example',
        firstName: 'Patti',
        lastName: 'Fernandez',
        displayName: 'Patti Fernandez (Partner)',
      },
      {
        email: 'lynner@fabrikam-mssp.example',
        firstName: 'Lynne',
        lastName: 'Robbins',
        displayName: 'Lynne Robbins (Partner)',
      },
    ],
    role: 'security-operator',
    durationDays: 60,
    justification: 'Incident response for the Defender XDR escalations under contract SOC-2026-14 (24x7 monitoring).',
    createdAt: '2026-11-27T09:42:00.000Z',
    updatedAt: '2026-11-27T09:42:00.000Z',
    ...overrides,
  };
}

const completedRequest = (): AccessRequest =>
  sampleRequest({
    version: 4,
    status: 'completed',
    updatedAt: '2026-11-27T10:06:00.000Z',
    decision: {
      by: APPROVER,
      at: '2026-11-27T10:05:00.000Z',
      outcome: 'approved',
      comment: 'Approved for the SOC contract',
    },
    expiresAt: '2027-01-26T10:05:00.000Z',
  });

/** The commands the bot lists on its help card (the first five, help aside, become buttons, as in the bot). */
const SAMPLE_COMMANDS: readonly HelpCommand[] = [
  { name: 'help', description: 'Show this list.' },
  {
    name: 'whoami',
    description: 'Who I think you are: name, Entra object id, tenant, and whether you are an admin or approver.',
  },
  {
    name: 'request access',
    description:
      'Ask for Security Copilot access for partner (MSSP) people: one form, reviewed before it goes to the approvers.',
  },
  { name: 'invite', description: 'Admins: invite partner people directly (your approval counts, and is audited).' },
  { name: 'my requests', description: 'Your requests and where each one stands.' },
  { name: 'pending', description: 'Approvers: requests waiting for your decision, each on its own card.' },
  {
    name: 'support',
    description: 'A problem with Security Copilot? Describe it and the admins open the Microsoft support case for you.',
  },
  {
    name: 'advise',
    description:
      'Five quick questions, then which way to let your partner in: GDAP, B2B, Azure Lighthouse or a mix, and why.',
  },
  { name: 'compare', description: 'GDAP, B2B and Azure Lighthouse side by side.' },
];

const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Every sample card by the name of its picture (docs/images/<name>.png). */
export function sampleCards(): Record<string, AdaptiveCardJson> {
  const policy = DEFAULT_REQUEST_POLICY;
  return {
    'approval-card': renderRequestCard(sampleRequest(), { view: 'approver', policy }),
    'approval-card-completed': renderRequestCard(completedRequest(), { view: 'approver', policy }),
    'delivery-card': renderDeliveryCard({
      request: completedRequest(),
      tenantId: SAMPLE_TENANT.id,
      tenantName: SAMPLE_TENANT.name,
      audience: 'requester',
      people: [
        { displayName: 'Patti Fernandez (Partner)', email: 'pattif@fabrikam-mssp.example', invited: true },
        { displayName: 'Lynne Robbins (Partner)', email: 'lynner@fabrikam-mssp.example', invited: false },
      ],
    }),
    'recommendation-card': renderRecommendationCard(
      recommend({ plugins: ['defender-xdr', 'intune', 'sentinel'], timeBound: true, scuPayer: 'customer' }),
      { tenantId: SAMPLE_TENANT.id },
    ),
    'help-card': renderHelpCard({
      commands: SAMPLE_COMMANDS,
      buttons: SAMPLE_COMMANDS.filter((c) => c.name !== 'help')
        .slice(0, 5)
        .map((c) => ({ title: sentenceCase(c.name), command: c.name })),
    }),
    'request-form': renderRequestFormCard({
      kind: 'request',
      values: {
        people: 'pattif@fabrikam-mssp.example, Patti, Fernandez\nlynner@fabrikam-mssp.example, Lynne, Robbins',
        role: 'security-reader',
        duration: '30',
      },
      problems: [],
      policy,
    }),
  };
}
