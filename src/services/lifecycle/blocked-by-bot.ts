import type { GrantStore } from '../storage/lifecycle-types';
import type { SagaStore } from '../storage/request-types';

/** The grant whose end made the bot block the account, and when it did. */
export interface BotBlock {
  readonly grantId: string;
  readonly blockedAt: string;
}

/**
 * Whether the bot itself blocked this account, told by its own records and nothing else: the guest's most recent
 * grant ended, and that grant's revocation finished its 'offboard' step under the 'block' policy on an account
 * Graph found (the saga store's result, also in the audit as grant.revoke.step). A later grant means the bot had
 * the account working again after that block, so a block seen now is someone else's; no such record at all means
 * the bot never blocked it. Either way the account is not the bot's to re-enable.
 */
export async function findBotBlock(
  stores: { readonly grants: GrantStore; readonly saga: SagaStore },
  userId: string,
): Promise<BotBlock | undefined> {
  const grants = await stores.grants.listByUser(userId);
  const latest = grants.reduce<(typeof grants)[number] | undefined>(
    (a, g) => (!a || g.grantedAt > a.grantedAt ? g : a),
    undefined,
  );
  if (!latest || latest.status !== 'revoked') return undefined;
  const offboard = (await stores.saga.list(latest.requestId)).find(
    (r) => r.item === latest.id && r.step === 'offboard' && r.state === 'done',
  );
  const result = offboard?.result ?? {};
  if (result.policy !== 'block' || result.userFound !== true || 'skipped' in result) return undefined;
  return { grantId: latest.id, blockedAt: offboard?.updatedAt ?? latest.revokedAt ?? latest.grantedAt };
}
