import { renderComparisonCard, renderPluginMatrixCard, LIGHTHOUSE_DOCS_URL } from '../cards/advisor/render-advisor';
import { renderLinkCard } from '../cards/core/render-core';
import type { Knowledge } from '../services/advisor/knowledge';
import { resolveLink } from '../services/access/tenant-link';
import type { TenantPolicy } from '../services/access/tenant-policy';
import type { Command } from './commands';
import { ADVISE_DIALOG } from './dialogs/advise-dialog';
import { cardMessage } from './messages';

export interface AdvisorCommandDeps {
  readonly knowledge: Knowledge;
  readonly tenants: TenantPolicy;
  readonly homeTenantName: string;
}

export function advisorCommands(deps: AdvisorCommandDeps): Command[] {
  return [
    {
      name: 'advise',
      aliases: ['advice', 'recommend', 'which method'],
      description:
        'Five quick questions, then which way to let your partner in: GDAP, B2B, Azure Lighthouse or a mix, and why.',
      run: (dc) => dc.beginDialog(ADVISE_DIALOG),
    },
    {
      name: 'compare',
      description: 'GDAP, B2B and Azure Lighthouse side by side.',
      run: (dc) => dc.context.sendActivity(cardMessage(renderComparisonCard(deps.knowledge))),
    },
    {
      name: 'plugins',
      aliases: ['plugin matrix'],
      description: 'Which Security Copilot plugins work under GDAP, with the date of that information.',
      run: (dc) => dc.context.sendActivity(cardMessage(renderPluginMatrixCard(deps.knowledge))),
    },
    {
      name: 'link',
      description:
        'The Security Copilot link for this tenant; "link contoso.com", or "link" and a tenant id, for another.',
      run: async (dc, _actor, args) => {
        await dc.context.sendActivity({ type: 'typing' });
        const answer = await resolveLink(args, deps.tenants, deps.homeTenantName);
        await dc.context.sendActivity(answer.ok ? cardMessage(renderLinkCard(answer)) : answer.message);
      },
    },
    {
      name: 'lighthouse docs',
      listed: false,
      description: 'Where Azure Lighthouse is explained.',
      run: (dc) =>
        dc.context.sendActivity(
          `Azure Lighthouse lets the partner manage Sentinel and other Azure resources from their own tenant, using their own Security Compute Units. It is set up in Azure, not in this bot: ${LIGHTHOUSE_DOCS_URL}`,
        ),
    },
    {
      name: 'gdap handoff',
      aliases: ['gdap'],
      listed: false,
      description: 'How a GDAP relationship is set up.',
      run: (dc) =>
        dc.context.sendActivity(
          [
            'GDAP is set up from the partner side: the partner creates a relationship request in Partner Center (or with a partner-side deployment of this bot) with least-privileged roles such as Security Reader and Security Operator, and sends you an approval link.',
            'Only a Global Administrator of this tenant can approve it, in the Microsoft 365 admin center; compare the roles listed there with what you agreed.',
            `Once it is active, the partner signs in with the tenant-explicit link (say "link").`,
          ].join('\n\n'),
        ),
    },
  ];
}
