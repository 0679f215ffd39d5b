import { renderGrantListCard, renderReminderCard, LifecycleVerbs } from '../../cards/lifecycle/render-lifecycle';
import type { PersonIdentity } from '../../services/access/person-identity';
import type { BackgroundTasks } from '../../services/background';
import type { DirectoryService } from '../../services/directory/directory-service';
import type { LifecycleService } from '../../services/lifecycle';
import { freeTextProblem } from '../../services/requests/text-rules';
import { emailProblem } from '../../services/requests/validate-request';
import type { RequestService } from '../../services/requests/request-service';
import type { Database } from '../../services/storage/types';
import { invokeCard, invokeError, invokeMessage, type CardActionRouter } from '../card-actions';
import type { Command } from '../commands';
import { actorOf } from '../identity';
import { cardMessage } from '../messages';
import type { ApprovalCards } from '../requests/approval-cards';
import { NO_IDENTITY, requestActorOf } from '../requests/request-actor';

export interface LifecycleBotDeps {
  readonly db: Database;
  readonly lifecycle: LifecycleService;
  readonly requests: RequestService;
  readonly cards: ApprovalCards;
  readonly directory: DirectoryService;
  readonly background: BackgroundTasks;
  readonly home: { readonly tenantId: string; readonly displayName: string };
  /** Who holds which access: the same rule as for notices, so nobody sees or extends another person's access. */
  readonly identity: Pick<PersonIdentity, 'emailOf' | 'holds' | 'grantsOf'>;
  readonly clock: () => Date;
}

/** `my access` and `revoke <email>`, and the card actions behind them and behind the reminder card. */
export function lifecycleCommands(deps: LifecycleBotDeps): Command[] {
  return [
    {
      name: 'my access',
      aliases: ['access', 'my grants'],
      description: 'Partner staff: the Security Copilot access you have here, until when, and the link.',
      run: async (dc, actor) => {
        const email = await deps.identity.emailOf(actor);
        const grants = (await deps.identity.grantsOf(actor, deps.db.grants))
          .filter((g) => g.status !== 'revoked')
          .slice(0, 20);
        if (!email && grants.length === 0)
          return dc.context.sendActivity(
            'I do not know your email address yet, so I cannot look up your access. Ask an admin, or try again from Microsoft Teams.',
          );
        return dc.context.sendActivity(
          cardMessage(
            renderGrantListCard({
              title: `Your access at ${deps.home.displayName}`,
              empty: `You (${email ?? actor.name}) have no active access here. Say "request access" to ask for it.`,
              grants,
              tenantId: deps.home.tenantId,
              revoke: false,
            }),
          ),
        );
      },
    },
    {
      name: 'revoke',
      aliases: ['remove access'],
      description: 'Admins: end a partner person\u2019s access now ("revoke jane@fabrikam.com"), with a reason.',
      run: async (dc, actor, args) => {
        const who = requestActorOf(actor);
        if (!who) return dc.context.sendActivity(NO_IDENTITY);
        if (!(await deps.directory.staffRoles(who)).isAdmin) {
          await deps.db.audit.append({
            actorId: who.aadObjectId,
            actorName: who.name,
            action: 'access.refused',
            subject: args || 'revoke',
            detail: { action: 'revoke' },
          });
          return dc.context.sendActivity('Only admins can revoke access.');
        }
        const email = args.trim().toLowerCase();
        const problem = email
          ? emailProblem(email)
          : 'Say whose access to end, e.g. "revoke jane.doe@fabrikam-mssp.com".';
        if (problem) return dc.context.sendActivity(problem);
        const grants = (await deps.db.grants.listByEmail(email)).filter(
          (g) => g.status === 'active' || g.status === 'failed' || g.status === 'revoking',
        );
        return dc.context.sendActivity(
          cardMessage(
            renderGrantListCard({
              title: `Revoke access: ${email}`,
              empty: `${email} has no active access that I granted.`,
              grants,
              tenantId: deps.home.tenantId,
              revoke: true,
            }),
          ),
        );
      },
    },
  ];
}

export function registerLifecycleActions(router: CardActionRouter, deps: LifecycleBotDeps): void {
  router.on(LifecycleVerbs.revoke, async (context, data) => {
    const actor = requestActorOf(actorOf(context));
    if (!actor) return invokeError(400, 'BadRequest', NO_IDENTITY);
    const grant = typeof data.grantId === 'string' ? await deps.db.grants.get(data.grantId) : undefined;
    if (!grant) return invokeError(400, 'BadRequest', 'This card is out of date: I have no record of that access.');
    const card = (notice?: string, g = grant) =>
      invokeCard(
        renderGrantListCard({
          title: `Revoke access: ${g.email}`,
          empty: '',
          grants: [g],
          tenantId: deps.home.tenantId,
          revoke: !notice?.startsWith('Revoking'),
          notice,
        }),
      );
    if (!(await deps.directory.staffRoles(actor)).isAdmin) {
      await deps.db.audit.append({
        actorId: actor.aadObjectId,
        actorName: actor.name,
        action: 'access.refused',
        subject: grant.id,
        detail: { action: 'revoke' },
      });
      // Words only: the card would show whose access this is.
      return invokeMessage('Only admins can revoke access.');
    }
    const reason = typeof data.reason === 'string' ? data.reason.trim() : '';
    const reasonProblem = reason ? freeTextProblem('The reason', reason) : undefined;
    if (!reason) return card('Give a reason: the partner person and the requester will read it.');
    if (reasonProblem) return card(reasonProblem);
    if (grant.status === 'revoked') return card(undefined);
    deps.background.run(`revoke ${grant.id}`, () =>
      deps.lifecycle.revoke(grant.id, {
        reason: reason.slice(0, 1000),
        by: { id: actor.aadObjectId, name: actor.name },
      }),
    );
    return card(
      `Revoking now (by ${actor.name}: "${reason.slice(0, 200)}"). The partner person and the requester will be told.`,
      { ...grant, status: 'revoking' },
    );
  });

  router.on(LifecycleVerbs.extend, async (context, data) => {
    const actor = requestActorOf(actorOf(context));
    if (!actor) return invokeError(400, 'BadRequest', NO_IDENTITY);
    const grant = typeof data.grantId === 'string' ? await deps.db.grants.get(data.grantId) : undefined;
    if (!grant) return invokeError(400, 'BadRequest', 'This card is out of date: I have no record of that access.');
    // The holder check in submitExtension compares addresses: give it the grant's only when this chat holds it.
    const chat = actorOf(context);
    const email = (await deps.identity.holds(chat, grant)) ? grant.email : await deps.identity.emailOf(chat);
    const result = await deps.requests.submitExtension({ ...actor, email }, grant, {
      days: data.days,
      justification: data.justification,
    });
    const card = (notice: string, canExtend: boolean) =>
      invokeCard(
        renderReminderCard({
          grant,
          daysLeft: daysLeft(grant.expiresAt, deps.clock(), deps.requests.policy.dayMs),
          tenantId: deps.home.tenantId,
          tenantName: deps.home.displayName,
          maxDays: deps.requests.policy.maxDurationDays,
          canExtend,
          notice,
        }),
      );
    // Someone who neither holds nor asked for this access is refused in words: the card would show whose it is.
    const entitled =
      email === grant.email || (await deps.requests.get(grant.requestId))?.requester.aadObjectId === actor.aadObjectId;
    if ('error' in result) return entitled ? card(result.error, true) : invokeMessage(result.error);
    const reached = await deps.cards.announce(result);
    return card(
      reached > 0
        ? `Extension asked for ${String(data.days)} more days: sent to the approvers. I will tell you when someone decides.`
        : 'Extension saved, but I could not reach an approver in Teams; ask one to say "pending".',
      false,
    );
  });
}

const daysLeft = (iso: string | undefined, now: Date, dayMs = 86_400_000) =>
  iso ? Math.max(0, Math.ceil((Date.parse(iso) - now.getTime()) / dayMs)) : 0;
