import type { TurnContext } from 'botbuilder';
import { RequestVerbs } from '../../cards/requests/request-verbs';
import type { BackgroundTasks } from '../../services/background';
import type { DirectoryService } from '../../services/directory/directory-service';
import { REQUEST_ROLES, formatDuration } from '../../services/requests/roles';
import type { DecisionResult, RequestService } from '../../services/requests/request-service';
import type { AccessRequest, RequestActor } from '../../services/requests/types';
import { invokeCard, invokeError, invokeMessage, type CardActionRouter } from '../card-actions';
import { actorOf } from '../identity';
import type { Notifier } from '../notifier';
import type { ApprovalCards } from './approval-cards';
import { NO_IDENTITY, requestActorOf } from './request-actor';
import { literal } from '../../cards/literal-text';

/** What the bot needs of provisioning: start (or resume) it, and retry a failed one. */
export interface Provisioner {
  run(requestId: string): Promise<unknown>;
  retry(requestId: string, actor: RequestActor): Promise<AccessRequest | { error: string }>;
  /** Finishes every approved request whose provisioning is not done (after a crash or restart). */
  resumeAll(): Promise<void>;
}

export interface RequestActionsDeps {
  readonly requests: RequestService;
  readonly cards: ApprovalCards;
  readonly notifier: Notifier;
  readonly provisioner: Provisioner;
  readonly directory: DirectoryService;
  readonly background: BackgroundTasks;
}

/** A refusal is words only: a card would show the request (people, emails, justification) to whoever clicked. */
type Outcome =
  { readonly card: ReturnType<ApprovalCards['render']> } | { readonly refusal: string } | { readonly error: string };

/**
 * Approve, Reject, Withdraw, Retry and Refresh on a request card. Who clicked comes from the activity; the card's
 * data is only a request id and version, checked against storage.
 */
export class RequestActions {
  constructor(private readonly deps: RequestActionsDeps) {}

  register(router: CardActionRouter): void {
    for (const verb of [
      RequestVerbs.approve,
      RequestVerbs.reject,
      RequestVerbs.withdraw,
      RequestVerbs.retry,
      RequestVerbs.refresh,
    ]) {
      router.on(verb, async (context, data) => {
        const outcome = await this.handle(context, verb, data);
        if ('card' in outcome) return invokeCard(outcome.card);
        return 'refusal' in outcome ? invokeMessage(outcome.refusal) : invokeError(400, 'BadRequest', outcome.error);
      });
    }
  }

  async handle(context: TurnContext, verb: string, data: Record<string, unknown>): Promise<Outcome> {
    const actor = requestActorOf(actorOf(context));
    if (!actor) return { error: NO_IDENTITY };
    const comment = typeof data.comment === 'string' ? data.comment : undefined;
    switch (verb) {
      case RequestVerbs.approve:
      case RequestVerbs.reject:
        return this.afterDecision(
          await this.deps.requests.decide(
            data.requestId,
            data.version,
            actor,
            verb === RequestVerbs.approve ? 'approved' : 'rejected',
            comment,
          ),
          actor,
        );
      case RequestVerbs.withdraw:
        return this.afterDecision(
          typeof data.requestId === 'string'
            ? await this.deps.requests.cancel(data.requestId, actor)
            : { kind: 'refused', message: 'This card does not name a request.' },
          actor,
        );
      case RequestVerbs.retry:
        return this.retry(data.requestId, actor);
      default:
        return this.view(data.requestId, actor);
    }
  }

  private async afterDecision(result: DecisionResult, actor: RequestActor): Promise<Outcome> {
    if (result.kind === 'refused')
      return result.request ? this.viewFor(result.request, actor, result.message) : { error: result.message };
    const request = result.request;
    if (result.kind === 'already-decided') return this.viewFor(request, actor);
    const { cards, notifier, background, provisioner } = this.deps;
    background.run(`after decision on ${request.id}`, async () => {
      await cards.refreshAll(request);
      if (request.decision?.outcome !== 'cancelled')
        await notifier.sendToUser(request.requester.aadObjectId, { type: 'message', text: decisionText(request) });
      if (request.status === 'approved') await provisioner.run(request.id);
    });
    return { card: await this.cardFor(request, actor) };
  }

  private async retry(requestId: unknown, actor: RequestActor): Promise<Outcome> {
    if (typeof requestId !== 'string') return { error: 'This card does not name a request.' };
    const request = await this.deps.requests.get(requestId);
    if (!request) return { error: 'I have no record of that request.' };
    if (!(await this.deps.directory.staffRoles(actor)).isAdmin)
      return this.viewFor(
        request,
        actor,
        'Only admins can retry provisioning. An admin has been shown the Retry button.',
      );
    if (request.status !== 'failed') return { card: await this.cardFor(request, actor) };
    this.deps.background.run(`retry ${request.id}`, async () => {
      const result = await this.deps.provisioner.retry(request.id, actor);
      if ('error' in result)
        await this.deps.notifier.sendToUser(actor.aadObjectId, { type: 'message', text: result.error });
    });
    const retrying: AccessRequest = { ...request, status: 'provisioning', failure: undefined };
    return { card: await this.cardFor(retrying, actor, 'Retrying now.') };
  }

  private async view(requestId: unknown, actor: RequestActor): Promise<Outcome> {
    const request = typeof requestId === 'string' ? await this.deps.requests.get(requestId) : undefined;
    if (!request) return { error: 'This card is out of date or was not made by this bot.' };
    return this.viewFor(request, actor);
  }

  /** The card (with a notice) only for the requester, approvers and admins; anyone else gets the notice alone. */
  private async viewFor(request: AccessRequest, actor: RequestActor, notice?: string): Promise<Outcome> {
    if (actor.aadObjectId !== request.requester.aadObjectId) {
      const roles = await this.deps.directory.memberships(actor.aadObjectId);
      if (!roles.isApprover && !roles.isAdmin)
        return { refusal: notice ?? 'This request is for its requester and the approvers; I cannot show it to you.' };
    }
    return { card: await this.cardFor(request, actor, notice) };
  }

  /** The view for this person: the requester sees Withdraw, an approver (not the requester) Approve and Reject. */
  private async cardFor(request: AccessRequest, actor: RequestActor, notice?: string) {
    const { cards, directory } = this.deps;
    const isRequester = actor.aadObjectId === request.requester.aadObjectId;
    const roles = isRequester ? undefined : await directory.staffRoles(actor);
    const view = isRequester ? 'requester' : roles?.isApprover ? 'approver' : 'observer';
    return cards.render(request, view, await cards.refreshUserIds(request), notice, roles?.isAdmin ?? false);
  }
}

function decisionText(r: AccessRequest): string {
  const d = r.decision!;
  const what = r.gdap
    ? `the GDAP relationship "${r.gdap.displayName}" with ${r.gdap.customer.displayName ?? r.gdap.customer.tenantId} (${formatDuration(r.gdap.durationDays)})`
    : `${REQUEST_ROLES[r.role].title} for ${r.people.length === 1 ? r.people[0].displayName : `${r.people.length} people`} (${formatDuration(r.durationDays)})`;
  if (d.outcome === 'approved')
    return literal(
      `${d.by.name} approved your request: ${what}${d.comment ? `, saying "${d.comment}"` : ''}. I am setting up access now and will tell you when it is ready.`,
    );
  return literal(
    `${d.by.name} rejected your request: ${what}. Reason: "${d.comment ?? ''}". You can say "request access" to ask again.`,
  );
}
