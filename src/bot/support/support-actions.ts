import { renderSupportCaseCard } from '../../cards/support/render-support';
import type { SupportCase, SupportService } from '../../services/support/support-service';
import type { BackgroundTasks } from '../../services/background';
import type { CardPostStore } from '../../services/storage/types';
import { invokeCard, invokeError, invokeMessage, type CardActionRouter } from '../card-actions';
import { actorOf } from '../identity';
import { cardMessage } from '../messages';
import type { Notifier } from '../notifier';
import { NO_IDENTITY, requestActorOf } from '../requests/request-actor';
import { SupportVerbs } from '../../cards/support/render-support';
import { literal } from '../../cards/literal-text';

export interface SupportActionsDeps {
  readonly support: SupportService;
  readonly cardPosts: CardPostStore;
  readonly notifier: Notifier;
  readonly background: BackgroundTasks;
  readonly home: { readonly tenantId: string; readonly displayName: string };
}

/** "Mark handled" on a support hand-off: admins only, first click wins, every copy updated, the partner told. */
export function registerSupportActions(router: CardActionRouter, deps: SupportActionsDeps): void {
  const render = (c: SupportCase, canHandle: boolean, notice?: string) =>
    renderSupportCaseCard(c, { tenantId: deps.home.tenantId, tenantName: deps.home.displayName, canHandle, notice });

  router.on(SupportVerbs.handled, async (context, data) => {
    const actor = requestActorOf(actorOf(context));
    if (!actor) return invokeError(400, 'BadRequest', NO_IDENTITY);
    const result = await deps.support.markHandled(
      data.caseId,
      actor,
      typeof data.note === 'string' ? data.note : undefined,
    );
    // A refusal is words only: a card would show the case (who, their email, the problem) to whoever clicked.
    if ('error' in result)
      return result.case ? invokeMessage(result.error) : invokeError(400, 'BadRequest', result.error);
    const handled = result.case;
    if (result.changed) {
      deps.background.run(`support ${handled.id} handled`, async () => {
        for (const post of await deps.cardPosts.list(handled.id))
          await deps.notifier.update(post.reference, post.activityId, cardMessage(render(handled, false)));
        const note = handled.handled?.note ? ` Their note: "${handled.handled.note}".` : '';
        await deps.notifier.sendToUser(handled.requester.aadObjectId, {
          type: 'message',
          text: literal(
            `${handled.handled?.by.name ?? 'An admin'} has handled your Security Copilot support request (case ${handled.id.slice(0, 8)}).${note}`,
          ),
        });
      });
    }
    return invokeCard(render(handled, false));
  });
}
