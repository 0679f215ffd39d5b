import { AccountRefused, blockedByOthers } from '../access/partner-account';
import type { FoundUser } from '../graph/b2b-operations';
import type { PersonContext } from './person-steps';
import { SYSTEM_ACTOR } from './provisioning-types';

const REENABLED = 'provisioning.account-reenabled';

/**
 * A blocked partner guest is enabled again only when the bot's own offboarding blocked it at the end of earlier
 * access (lifecycle/blocked-by-bot.ts); a block by anyone else is a person's decision and fails this person with a
 * sentence for the admins. Audited with the grant whose end blocked it. A repeat of this step after a crash finds
 * the account enabled and learns from the audit that this request enabled it, so the card still says so.
 */
export async function enableIfBotBlocked(
  ctx: PersonContext,
  user: FoundUser,
  earlier: boolean,
  lookupId: string | undefined,
): Promise<boolean> {
  const { person, request } = ctx;
  if (user.accountEnabled !== false) {
    if (!earlier) return false;
    const mine = await ctx.audit.list({ subject: request.id, action: REENABLED });
    return mine.some((a) => a.detail?.userId === user.id);
  }
  const block = await ctx.findBotBlock?.(user.id);
  if (!block) throw new AccountRefused(blockedByOthers(user, person.email), lookupId);
  const r = await ctx.b2b.enableUser(user.id);
  await ctx.audit.append({
    ...SYSTEM_ACTOR,
    action: REENABLED,
    subject: request.id,
    detail: { email: person.email, userId: user.id, ...block, graphRequestId: r.requestId },
  });
  ctx.logger?.info({ requestId: request.id, userId: user.id, blockedBy: block.grantId }, 're-enabled a guest');
  return true;
}
