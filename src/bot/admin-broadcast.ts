import type { Activity } from 'botbuilder';
import type { DirectoryService } from '../services/directory/directory-service';
import type { Logger } from '../services/logging/logger';
import type { Database } from '../services/storage/types';
import { APPROVALS_CHANNEL_SETTING, type ApprovalsChannel } from './requests/approval-cards';
import type { Delivered, Notifier } from './notifier';

/**
 * Tells the customer's admins something that needs one of them: in the approvals channel when there is one, and in
 * each admin's personal chat. Returns where it arrived, so callers can record card copies; reports (never hides)
 * that nobody could be reached.
 */
export class AdminBroadcast {
  constructor(
    private readonly deps: { db: Database; directory: DirectoryService; notifier: Notifier; logger: Logger },
  ) {}

  async send(activity: Partial<Activity>, options: { exclude?: string } = {}): Promise<Delivered[]> {
    const targets: string[] = [];
    const channel = await this.deps.db.settings.get<ApprovalsChannel>(APPROVALS_CHANNEL_SETTING);
    if (channel) targets.push(channel.key);
    try {
      const admins = await this.deps.directory.adminIds();
      targets.push(...admins.filter((id) => id !== options.exclude).map((id) => `user:${id}`));
    } catch (error) {
      this.deps.logger.warn({ err: { message: (error as Error).message } }, 'could not list admins');
    }
    const delivered: Delivered[] = [];
    for (const key of targets) {
      const sent = await this.deps.notifier.sendToKey(key, activity);
      if (sent) delivered.push(sent);
    }
    if (delivered.length === 0)
      this.deps.logger.error({ targets: targets.length }, 'no admin could be reached in Teams');
    return delivered;
  }
}
