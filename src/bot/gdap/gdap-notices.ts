import { renderGdapDeliveredCard, renderGdapHandoffCard } from '../../cards/gdap/render-gdap-partner';
import type { GdapEvents } from '../../services/gdap/gdap-run';
import type { GdapRequest, GdapStatus } from '../../services/gdap/gdap-types';
import { formatHandoff, handoffFromRequest } from '../../services/gdap/handoff';
import { cardMessage } from '../messages';
import type { Notifier } from '../notifier';
import { literal } from '../../cards/literal-text';

/** Relationship statuses the partner hears about; the others are steps on the way. */
const TOLD: Partial<Record<GdapStatus, string>> = {
  active:
    "is now active: the customer's Global Administrator approved it. I am giving the partner security group its roles.",
  expired: 'has expired. The partner no longer has admin access to this customer.',
  terminated: 'was terminated. The partner no longer has admin access to this customer.',
};

const customerOf = (req: GdapRequest) => req.customer.displayName ?? req.customer.tenantId;

/** What the partner who asked for a GDAP relationship is told while the saga runs. */
export class GdapNotices implements GdapEvents {
  constructor(private readonly notifier: Notifier) {}

  async handoff(req: GdapRequest, link: string): Promise<void> {
    const card = renderGdapHandoffCard({
      facts: req,
      partnerName: req.partner.name,
      relationshipId: req.relationshipId ?? '',
      approvalLink: link,
      handoffText: formatHandoff(handoffFromRequest(req)),
    });
    await this.notifier.sendToUser(req.requestedBy.aadObjectId, cardMessage(card));
  }

  async statusChanged(req: GdapRequest, status: GdapStatus): Promise<void> {
    const told = TOLD[status];
    if (!told) return;
    await this.notifier.sendToUser(req.requestedBy.aadObjectId, {
      type: 'message',
      text: literal(`The GDAP relationship "${req.displayName}" with ${customerOf(req)} ${told}`),
    });
  }

  async delivered(req: GdapRequest, link: string): Promise<void> {
    const card = renderGdapDeliveredCard({
      customerName: customerOf(req),
      displayName: req.displayName,
      link,
      note: req.delivery?.note ?? '',
    });
    await this.notifier.sendToUser(req.requestedBy.aadObjectId, cardMessage(card));
  }

  async failed(req: GdapRequest): Promise<void> {
    await this.notifier.sendToUser(req.requestedBy.aadObjectId, {
      type: 'message',
      text: literal(
        `Setting up the GDAP relationship "${req.displayName}" with ${customerOf(req)} stopped: ${req.failure?.message ?? 'an unknown error'} (Reference: ${req.failure?.reference ?? 'none'}). An admin can retry it from the approval card; nothing will be done twice.`,
      ),
    });
  }
}
