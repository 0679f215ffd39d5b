import { renderReminderCard } from '../../cards/lifecycle/render-lifecycle';
import {
  EXPIRY_REASON,
  type DriftReport,
  type GrantActor,
  type LifecycleNotifications,
} from '../../services/lifecycle';
import { formatWhen } from '../../services/requests/roles';
import type { AccessRequest } from '../../services/requests/types';
import type { Grant } from '../../services/storage/types';
import type { AdminBroadcast } from '../admin-broadcast';
import { cardMessage } from '../messages';
import type { Notifier } from '../notifier';
import { literal } from '../../cards/literal-text';

const DRIFT_TEXT: Record<string, string> = {
  'guest-missing': 'the guest account is gone',
  'role-missing': 'the role assignment was removed by someone else',
  'guest-blocked': 'the guest account is blocked from signing in',
};

/** How lifecycle events reach people: the partner person by email, the requester by chat, admins by broadcast. */
export class LifecycleNotices implements LifecycleNotifications {
  constructor(
    private readonly deps: {
      notifier: Notifier;
      admins: AdminBroadcast;
      home: { readonly tenantId: string; readonly displayName: string };
      maxDays: number;
    },
  ) {}

  async reminder(grant: Grant, request: AccessRequest | undefined, daysLeft: number): Promise<boolean> {
    const card = cardMessage(
      renderReminderCard({
        grant,
        daysLeft,
        tenantId: this.deps.home.tenantId,
        tenantName: this.deps.home.displayName,
        maxDays: this.deps.maxDays,
        canExtend: true,
      }),
    );
    const toPerson = await this.deps.notifier.sendToPerson(grant, card);
    const toRequester =
      request && request.requester.email !== grant.email
        ? await this.deps.notifier.sendToUser(request.requester.aadObjectId, card)
        : undefined;
    if (!toPerson && !toRequester) {
      await this.deps.admins.send({
        type: 'message',
        text: literal(
          `I could not reach ${grant.displayName} (${grant.email})${request ? ` or ${request.requester.name}` : ''} in Teams to remind them that their Security Copilot access ends on ${grant.expiresAt ? formatWhen(grant.expiresAt) : '(no end date)'}. Please tell them, if it matters.`,
        ),
      });
    }
    return Boolean(toPerson ?? toRequester);
  }

  async revoked(grant: Grant, request: AccessRequest | undefined, reason: string, by: GrantActor): Promise<void> {
    const why = reason === EXPIRY_REASON ? 'its agreed end date was reached' : `${by.name}: ${reason}`;
    const text = literal(
      `${grant.displayName}'s access to Security Copilot at ${this.deps.home.displayName} has ended (${why}). The role is removed; to work there again, ask for access anew.`,
    );
    const toPerson = await this.deps.notifier.sendToPerson(grant, { type: 'message', text });
    const toRequester = request
      ? await this.deps.notifier.sendToUser(request.requester.aadObjectId, { type: 'message', text })
      : undefined;
    if (!toPerson && !toRequester)
      await this.deps.admins.send({
        type: 'message',
        text: `${text} I could not tell ${literal(grant.email)} in Teams.`,
      });
  }

  async revocationFailed(grant: Grant): Promise<void> {
    await this.deps.admins.send({
      type: 'message',
      text: literal(
        `Ending ${grant.displayName}'s (${grant.email}) Security Copilot access stopped: ${grant.failure?.message ?? 'unknown error'} (Reference: ${grant.failure?.reference ?? 'none'}). Say "revoke ${grant.email}" to try again.`,
      ),
    });
  }

  async drift(report: DriftReport): Promise<void> {
    const lines = report.findings.map(
      (f) => `- ${f.email}: ${DRIFT_TEXT[f.kind] ?? f.kind}${f.detail ? ` (${f.detail})` : ''}`,
    );
    await this.deps.admins.send({
      type: 'message',
      text: `Drift check ${formatWhen(report.checkedAt)}: what Microsoft Entra shows differs from what I granted, for ${report.findings.length} of ${report.checked} active grants. I changed nothing; check and, if needed, revoke or grant again.\n\n${lines.join('\n')}`,
    });
  }
}
