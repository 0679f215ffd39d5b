import { GraphRequestError } from '../graph/graph-error';
import type { Grant } from '../storage/types';
import { LifecycleGraph } from './lifecycle-graph';
import {
  silentLogger,
  SYSTEM_ACTOR,
  type DriftFinding,
  type DriftReport,
  type LifecycleDeps,
  type LifecycleLogger,
} from './lifecycle-types';

type DriftDeps = Pick<LifecycleDeps, 'stores' | 'clock' | 'notifications' | 'logger'> & {
  readonly graph: LifecycleGraph;
};

/**
 * Compares every active grant with the tenant: is the guest still there and allowed to sign in, does the role
 * assignment still exist? It only reports (audit + the bot's notification); it never grants anything back, since
 * a change made in the tenant may well have been deliberate.
 */
export class DriftChecker {
  private readonly log: LifecycleLogger;

  constructor(private readonly deps: DriftDeps) {
    this.log = deps.logger ?? silentLogger;
  }

  async check(): Promise<DriftReport> {
    const now = this.deps.clock();
    const findings: DriftFinding[] = [];
    const unchecked: { grantId: string; message: string }[] = [];
    let checked = 0;
    for (const grant of await this.deps.stores.grants.listActive()) {
      // A grant at or past its end is the expiry's business (PIM may already have ended the role itself).
      if (grant.expiresAt !== undefined && Date.parse(grant.expiresAt) <= now.getTime()) continue;
      checked += 1;
      try {
        findings.push(...(await this.checkOne(grant)));
      } catch (error) {
        if (!(error instanceof GraphRequestError)) throw error;
        unchecked.push({ grantId: grant.id, message: error.message });
        this.log.warn({ grantId: grant.id, status: error.status, code: error.code }, 'drift check: grant not checked');
      }
    }
    const report: DriftReport = { checkedAt: now.toISOString(), checked, findings, unchecked };
    for (const f of findings) {
      await this.deps.stores.audit.append({
        actorId: SYSTEM_ACTOR.id,
        actorName: SYSTEM_ACTOR.name,
        action: 'drift.found',
        subject: f.grantId,
        detail: { email: f.email, kind: f.kind, detail: f.detail },
      });
    }
    if (findings.length > 0) {
      this.log.warn({ findings: findings.length }, 'drift check: the tenant differs from the grants');
      try {
        await this.deps.notifications.drift(report);
      } catch (error) {
        this.log.warn({ err: error }, 'drift check: notification failed');
      }
    }
    return report;
  }

  private async checkOne(grant: Grant): Promise<DriftFinding[]> {
    const { graph } = this.deps;
    const finding = (kind: DriftFinding['kind'], detail: string): DriftFinding => ({
      grantId: grant.id,
      email: grant.email,
      kind,
      detail,
    });
    const { user } = await graph.getUser(grant.userId);
    if (!user) {
      return [
        finding(
          'guest-missing',
          `The guest account of ${grant.email} (${grant.userId}) no longer exists in the tenant, so this access does nothing; revoke the grant, or restore the user from deleted users within 30 days.`,
        ),
      ];
    }
    const found: DriftFinding[] = [];
    if (!user.accountEnabled) {
      found.push(
        finding(
          'guest-blocked',
          `The guest account of ${grant.email} is blocked from signing in, so this access cannot be used; unblock it in the Entra admin center or revoke the grant.`,
        ),
      );
    }
    const { ids } = await graph.findRoleAssignments(grant.userId, grant.roleDefinitionId);
    if (ids.length === 0) {
      found.push(
        finding(
          'role-missing',
          `${grant.email} no longer holds the ${grant.role === 'security-operator' ? 'Security Operator' : 'Security Reader'} role this grant gave (it was removed outside the bot); revoke the grant, or approve a new request if the access is still needed.`,
        ),
      );
    }
    return found;
  }
}
