import { renderDeliveryCard } from '../../cards/requests/render-delivery';
import type { ProvisionedPerson, ProvisioningEvents } from '../../services/provisioning/provisioning-types';
import type { AccessRequest } from '../../services/requests/types';
import { formatWhen } from '../../services/requests/roles';
import { cardMessage } from '../messages';
import type { Notifier } from '../notifier';
import type { ApprovalCards } from './approval-cards';
import { literal } from '../../cards/literal-text';

/**
 * What people see while provisioning runs: every card copy follows the progress; at the end the requester and each
 * partner person who has the bot get the delivery card; on failure the requester is told and admins get Retry.
 */
export class ProvisioningNotices implements ProvisioningEvents {
  constructor(
    private readonly cards: ApprovalCards,
    private readonly notifier: Notifier,
    private readonly home: { readonly tenantId: string; readonly displayName: string },
  ) {}

  progress(request: AccessRequest): Promise<void> {
    return this.cards.refreshAll(request);
  }

  async completed(request: AccessRequest, people: ProvisionedPerson[]): Promise<void> {
    await this.cards.refreshAll(request);
    if (request.kind === 'extension') {
      const until = request.expiresAt ? formatWhen(request.expiresAt) : 'no end date';
      const text = literal(
        `${request.decision?.by.name ?? 'An approver'} extended Security Copilot access at ${this.home.displayName} for ${request.people.map((p) => p.displayName).join(', ')}: it now lasts until ${until}.`,
      );
      await this.notifier.sendToUser(request.requester.aadObjectId, { type: 'message', text });
      for (const person of request.people)
        if (person.email !== request.requester.email)
          await this.notifier.sendToPerson({ email: person.email }, { type: 'message', text });
      return;
    }
    const delivered = people.map((p) => ({
      displayName: p.displayName,
      email: p.email,
      invited: p.invited,
      ...(p.reenabled ? { reenabled: true } : {}),
    }));
    const base = { request, tenantId: this.home.tenantId, tenantName: this.home.displayName, people: delivered };
    await this.notifier.sendToUser(
      request.requester.aadObjectId,
      cardMessage(renderDeliveryCard({ ...base, audience: 'requester' })),
    );
    for (const person of people) {
      if (person.email === request.requester.email || request.delivered?.includes(person.email)) continue;
      await this.notifier.sendToPerson(person, cardMessage(renderDeliveryCard({ ...base, audience: 'person' })));
    }
  }

  /**
   * Nobody or only some got access: the requester learns who has it and who does not (with the sentence), the
   * admins' cards carry Retry, and each person who has access gets their delivery card all the same.
   */
  async failed(request: AccessRequest, granted: ProvisionedPerson[] = []): Promise<void> {
    await this.cards.refreshAll(request);
    const reason = `${request.failure?.message ?? 'an unknown error'} (Reference: ${request.failure?.reference ?? 'none'})`;
    const text =
      granted.length === 0
        ? `Your request was approved, but setting up access stopped: ${reason}. The admins can see this on the approval card and retry; nothing was done twice.`
        : `Your request was approved. ${names(granted)} ${granted.length === 1 ? 'has' : 'have'} access now; setting it up for ${names(this.notGranted(request, granted))} failed: ${reason}. The admins can see this on the approval card and retry for them.`;
    await this.notifier.sendToUser(request.requester.aadObjectId, { type: 'message', text: literal(text) });
    const delivered = granted.map((p) => ({ displayName: p.displayName, email: p.email, invited: p.invited }));
    const base = { request, tenantId: this.home.tenantId, tenantName: this.home.displayName, people: delivered };
    for (const person of granted) {
      if (person.email === request.requester.email || request.delivered?.includes(person.email)) continue;
      await this.notifier.sendToPerson(person, cardMessage(renderDeliveryCard({ ...base, audience: 'person' })));
    }
  }

  private notGranted(request: AccessRequest, granted: ProvisionedPerson[]): { displayName: string }[] {
    const have = new Set(granted.map((p) => p.email.toLowerCase()));
    return request.people.filter((p) => !have.has(p.email.toLowerCase()));
  }
}

const names = (people: readonly { displayName: string }[]) => people.map((p) => p.displayName).join(', ');
