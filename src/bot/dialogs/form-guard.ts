import { createHash, randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import stringify from 'safe-stable-stringify';
import type { AdaptiveCardJson } from '../../cards/render';
import { actorOf } from '../identity';

/** What every form dialog keeps in its state, so a click can be matched to the form it came from. */
export interface FormState {
  formId: string;
}

/** Said when a send button's digest does not match the stored draft: nothing is sent. */
export const NOT_REVIEWED =
  'That button belongs to an earlier review: the draft changed after it was shown, so nothing was sent. Use the buttons on the newest review card.';

export const newFormId = (): string => randomUUID();

/** Who a form belongs to: the same identity the personal dialog state is keyed by. */
export const formOwnerOf = (context: TurnContext): string => {
  const actor = actorOf(context);
  return actor.aadObjectId ?? actor.channelUserId;
};

/** SHA-256 of the draft in a canonical form (sorted keys), so equal drafts give equal digests. */
export function draftDigest(draft: unknown): string {
  return createHash('sha256')
    .update(stringify(draft) ?? '')
    .digest('hex');
}

/**
 * Stamps every `Action.Submit` on a form's card with the open form's id and its owner, and the send button (the
 * action whose verb is `digest.verb`) with the digest of the draft the card shows. The owner only chooses the
 * wording of a refusal: whether a click counts is decided by the clicker's own dialog state.
 */
export function stampForm(
  card: AdaptiveCardJson,
  dc: DialogContext,
  digest?: { readonly verb: string; readonly value: string },
): AdaptiveCardJson {
  const formId = (dc.activeDialog?.state as Partial<FormState> | undefined)?.formId;
  if (!formId) throw new Error(`stampForm(): dialog '${dc.activeDialog?.id ?? '(none)'}' has no form id`);
  const owner = formOwnerOf(dc.context);
  const stamped = structuredClone(card);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const data = o.data as Record<string, unknown> | undefined;
      if (o.type === 'Action.Submit' && data && typeof data === 'object' && typeof data.verb === 'string') {
        Object.assign(data, { formId, owner });
        if (digest && data.verb === digest.verb) data.digest = digest.value;
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(stamped);
  return stamped;
}
