import type { Activity, Attachment, Middleware, TurnContext } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './messages';

/**
 * In local mode every message the bot sends says, on its face, that the tenant is simulated, so nobody mistakes a
 * demo for a grant in a real Microsoft 365 tenant. Cards get a banner as their first element; text gets a line.
 */
export class SimulatedTenantNotice implements Middleware {
  constructor(private readonly tenantName: string) {}

  get bannerText(): string {
    return `SIMULATED TENANT: ${this.tenantName}. Nothing here touches a real Microsoft 365 tenant.`;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    context.onSendActivities(async (_ctx, activities, nextSend) => {
      for (const activity of activities) this.mark(activity);
      return nextSend();
    });
    context.onUpdateActivity(async (_ctx, activity, nextUpdate) => {
      this.mark(activity);
      return nextUpdate();
    });
    await next();
  }

  mark(activity: Partial<Activity>): void {
    if (activity.type === 'message') {
      const cards = (activity.attachments ?? []).filter((a) => a.contentType === ADAPTIVE_CARD_CONTENT_TYPE);
      cards.forEach((a) => this.markCard(a));
      if (cards.length === 0 && activity.text) activity.text = `${activity.text}\n\n_(${this.bannerText})_`;
    } else if (activity.type === 'invokeResponse') {
      const body = (activity.value as { body?: { type?: string; value?: unknown } } | undefined)?.body;
      if (body?.type === ADAPTIVE_CARD_CONTENT_TYPE && body.value)
        this.markCard({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: body.value });
    }
  }

  private markCard(attachment: Attachment): void {
    const card = attachment.content as { body?: unknown[] } | undefined;
    if (!card || typeof card !== 'object') return;
    const body = Array.isArray(card.body) ? card.body : [];
    if ((body[0] as { id?: string } | undefined)?.id === 'simulated-tenant-banner') return;
    card.body = [
      {
        type: 'Container',
        id: 'simulated-tenant-banner',
        style: 'warning',
        items: [{ type: 'TextBlock', text: this.bannerText, wrap: true, size: 'Small', weight: 'Bolder' }],
      },
      ...body,
    ];
  }
}
