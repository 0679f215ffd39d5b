import { renderRequestCard, type RequestCardView } from '../../cards/requests/render-request';
import type { DirectoryService } from '../../services/directory/directory-service';
import type { Logger } from '../../services/logging/logger';
import type { AccessRequest } from '../../services/requests/types';
import type { RequestPolicy } from '../../services/requests/validate-request';
import type { CardPost, Database } from '../../services/storage/types';
import { cardMessage } from '../messages';
import type { Notifier } from '../notifier';

export const APPROVALS_CHANNEL_SETTING = 'approvals.channel';

export interface ApprovalsChannel {
  readonly key: string;
  readonly name?: string;
  readonly setBy: string;
  readonly at: string;
}

export interface ApprovalCardsDeps {
  readonly db: Database;
  readonly directory: DirectoryService;
  readonly notifier: Notifier;
  readonly policy: RequestPolicy;
  readonly delivery: 'channel' | 'personal' | 'both';
  readonly logger: Logger;
}

/**
 * Every posted copy of a request's card — in the approvals channel, in approvers' chats, in the requester's chat —
 * is recorded, so that each can be brought up to date when the request changes. Copies carry `refresh.userIds`,
 * so Teams asks for a view per person (approver, requester) when they look at it.
 */
export class ApprovalCards {
  constructor(private readonly deps: ApprovalCardsDeps) {}

  /** Posts the approver view where approvers will see it. Returns how many places it reached. */
  async announce(request: AccessRequest): Promise<number> {
    const { db, notifier, delivery } = this.deps;
    const card = cardMessage(this.render(request, 'approver', await this.refreshUserIds(request)));
    const targets: string[] = [];
    if (delivery !== 'personal') {
      const channel = await db.settings.get<ApprovalsChannel>(APPROVALS_CHANNEL_SETTING);
      if (channel) targets.push(channel.key);
    }
    if (delivery !== 'channel') {
      const approvers = await this.deps.directory.approverIds();
      targets.push(...approvers.filter((id) => id !== request.requester.aadObjectId).map((id) => `user:${id}`));
    }
    let reached = 0;
    for (const key of targets) {
      const sent = await notifier.sendToKey(key, card);
      if (!sent) continue;
      reached++;
      await this.record({
        requestId: request.id,
        conversationKey: sent.key,
        activityId: sent.activityId,
        audience: 'approvers',
        reference: sent.reference,
      });
    }
    return reached;
  }

  /** Records an approver's copy posted in their own turn (the "pending" command). */
  recordApproverCopy(post: Omit<CardPost, 'audience'>): Promise<void> {
    return this.record({ ...post, audience: 'approvers' });
  }

  /** Records the requester's own copy, posted in their turn. */
  recordRequesterCopy(post: Omit<CardPost, 'audience'>): Promise<void> {
    return this.record({ ...post, audience: 'requester' });
  }

  /**
   * One copy per request per conversation: the new post replaces the stored one, and the older copy is taken out
   * of the chat, so neither the table nor the later updates grow with every "pending".
   */
  private async record(post: CardPost): Promise<void> {
    const replaced = await this.deps.db.cardPosts.add(post);
    if (replaced) await this.deps.notifier.delete(replaced.reference, replaced.activityId);
  }

  /** Brings every posted copy to the request's current state. */
  async refreshAll(request: AccessRequest): Promise<void> {
    const posts = await this.deps.db.cardPosts.list(request.id);
    const userIds = await this.refreshUserIds(request);
    for (const post of posts) {
      const view: RequestCardView = post.audience === 'requester' ? 'requester' : 'approver';
      await this.deps.notifier.update(
        post.reference,
        post.activityId,
        cardMessage(this.render(request, view, userIds)),
      );
    }
  }

  /** Posted copies for approvers offer Retry on failure; the click itself is checked for an admin. */
  render(
    request: AccessRequest,
    view: RequestCardView,
    refreshUserIds: readonly string[] = [],
    notice?: string,
    canRetry = view === 'approver',
  ) {
    return renderRequestCard(request, { view, policy: this.deps.policy, refreshUserIds, notice, canRetry });
  }

  /** Teams ids (29:…) of the requester and approvers the bot has talked to: they get their own view of the card. */
  async refreshUserIds(request: AccessRequest): Promise<string[]> {
    let approvers: string[] = [];
    try {
      approvers = await this.deps.directory.approverIds();
    } catch (error) {
      this.deps.logger.warn(
        { err: { message: (error as Error).message } },
        'could not list approvers for card refresh',
      );
    }
    const ids: string[] = [];
    for (const aad of [request.requester.aadObjectId, ...approvers]) {
      const record = await this.deps.db.conversations.get(`user:${aad}`);
      const userId = (record?.reference.user as { id?: string } | undefined)?.id;
      if (userId && !ids.includes(userId)) ids.push(userId);
    }
    return ids.slice(0, 60);
  }
}
