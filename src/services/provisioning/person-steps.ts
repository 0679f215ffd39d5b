import { AccountRefused, judgeExistingAccount, pickPartnerGuest } from '../access/partner-account';
import { securityCopilotLink } from '../access/tenant-link';
import { ROLE_DEFINITION_IDS, type B2bOperations, type Names } from '../graph/b2b-operations';
import { GraphRequestError } from '../graph/graph-error';
import type { AccessRequest, PartnerPerson } from '../requests/types';
import type { AuditLog } from '../storage/request-types';
import type { ProvisionedPerson, ProvisioningSagaDeps, SagaLogger } from './provisioning-types';
import { enableIfBotBlocked } from './reenable-guest';
import { awaitReplication, type ReplicationWait } from './replication-wait';
import type { StepRunner } from './step-runner';

export interface PersonContext {
  readonly request: AccessRequest;
  readonly person: PartnerPerson;
  readonly steps: StepRunner;
  readonly b2b: B2bOperations;
  readonly tenantId: string;
  readonly pimEnabled: boolean;
  /** Whether a domain belongs to an allow-listed partner (asked of Graph through the tenant policy). */
  readonly partnerDomain: (domain: string) => Promise<boolean>;
  readonly groupId?: string;
  readonly now: Date;
  readonly logger?: SagaLogger;
  readonly onGranted?: ProvisioningSagaDeps['onGranted'];
  readonly audit: AuditLog;
  readonly findBotBlock?: ProvisioningSagaDeps['findBotBlock'];
  /** How the steps after the invitation wait for a just-invited guest to replicate. */
  readonly replication?: ReplicationWait;
}

type Found = {
  userId: string;
  invited: boolean;
  inviteRedeemUrl?: string;
  graphRequestId?: string;
  /** The account was blocked by the bot's own offboarding when earlier access ended, and this step enabled it. */
  reenabled?: boolean;
};
type Role = {
  userId: string;
  roleAssignmentId?: string;
  existing: boolean;
  mode: 'direct' | 'pim';
  graphRequestId?: string;
};

const DAY_MS = 86_400_000;

/** find-or-invite → names → role → group for one person; each step skipped when a previous run finished it. */
export async function provisionPerson(ctx: PersonContext): Promise<ProvisionedPerson> {
  const { person, steps, b2b, request } = ctx;
  const email = person.email;
  // Evaluated before this run records 'started'; every retry within this run counts as an earlier attempt too.
  let earlier = steps.attempted(email, 'find-or-invite');
  const found = await steps.run<Found>(email, 'find-or-invite', () => {
    const attempt = findOrInvite(ctx, earlier);
    earlier = true;
    return attempt;
  });
  const { userId } = found;
  // Only a guest this request invited can still be replicating; an existing user's not-found is real.
  const settled = <T>(action: () => Promise<T>, otherId?: string) =>
    found.invited ? awaitReplication(ctx.replication ?? {}, action, otherId) : action();
  const names: Names = { givenName: person.firstName, surname: person.lastName, displayName: person.displayName };
  const roleId = ROLE_DEFINITION_IDS[request.role];
  if (!ctx.pimEnabled && !steps.done(email, 'names') && !steps.done(email, 'role')) {
    await namesAndRoleInOneTrip(ctx, userId, names, roleId);
  }
  await steps.run(email, 'names', async () => {
    try {
      const r = await settled(() => b2b.setNames(userId, names));
      return { userId, unchanged: r.unchanged, graphRequestId: r.requestId };
    } catch (error) {
      // A user who was already here may hold an admin role the app cannot edit; their names are theirs to keep.
      if (found.invited || !(error instanceof GraphRequestError) || error.status !== 403) throw error;
      ctx.logger?.warn({ requestId: request.id, email, userId }, 'names of an existing user left unchanged (403)');
      return { userId, unchanged: true, skipped: 'existing user', graphRequestId: error.requestId };
    }
  });
  const role = await steps.run<Role>(email, 'role', async () => {
    if (!ctx.pimEnabled) {
      const r = await settled(() => b2b.assignRole(userId, roleId));
      return {
        userId,
        roleAssignmentId: r.assignmentId,
        existing: r.existing,
        mode: 'direct',
        graphRequestId: r.requestId,
      };
    }
    const justification = `${request.justification} (Copilot Partner Access request ${request.id})`;
    const end = { endDateTime: pimEnd(request, ctx.now), justification };
    const r = await settled(() => b2b.assignRolePim(userId, roleId, end));
    return { userId, roleAssignmentId: r.assignmentId, existing: r.existing, mode: 'pim', graphRequestId: r.requestId };
  });
  const provisioned: ProvisionedPerson = {
    email,
    userId,
    displayName: person.displayName,
    invited: found.invited,
    ...(found.inviteRedeemUrl ? { inviteRedeemUrl: found.inviteRedeemUrl } : {}),
    ...(found.reenabled ? { reenabled: true } : {}),
    ...(role.roleAssignmentId ? { roleAssignmentId: role.roleAssignmentId } : {}),
  };
  // On record as soon as the role is in place (and again, harmlessly, on every resume): a later step or person
  // failing for good must not leave a role that never expires and that `revoke` cannot see.
  await ctx.onGranted?.(request, [provisioned]);
  const groupId = ctx.groupId;
  if (groupId) {
    await steps.run(email, 'group', async () => {
      const r = await settled(() => b2b.addToGroup(groupId, userId), groupId);
      return { userId, groupId, added: r.added, graphRequestId: r.requestId };
    });
  }
  return provisioned;
}

/**
 * Looks the person up first, so a repeat after a crash (the guest created, `done` never recorded) re-uses that
 * guest instead of inviting again. A pending guest found after an earlier attempt of this step is one we invited.
 * Only a guest whose own address is the requested one, at a partner's domain, is re-used (partner-account.ts);
 * any other account carrying the address fails this person's step with a sentence an admin can act on.
 */
async function findOrInvite(ctx: PersonContext, earlier: boolean): Promise<Found> {
  const { b2b, person, request } = ctx;
  const { users, requestId } = await b2b.findUserByEmail(person.email);
  const picked = pickPartnerGuest(users, person.email);
  if (picked) {
    if ('reason' in picked) throw new AccountRefused(refusal(picked.reason), requestId);
    await assertPartnerDomain(ctx, requestId);
    const user = picked.account;
    const ours = earlier && user.externalUserState === 'PendingAcceptance';
    const reenabled = await enableIfBotBlocked(ctx, user, earlier, requestId);
    return { userId: user.id, invited: ours, graphRequestId: requestId, ...(reenabled ? { reenabled } : {}) };
  }
  const redirectUrl = securityCopilotLink(ctx.tenantId);
  const r = await b2b.invite(person, { redirectUrl, message: request.message, ccEmail: request.ccEmail });
  if (!r.invited) {
    // Entra answered "already exists": someone the lookup did not see holds the address; judge them the same way.
    const { user, requestId: lookupId } = await b2b.getUser(r.userId);
    const verdict = user
      ? judgeExistingAccount(user, person.email)
      : { ok: false as const, reason: `Microsoft Entra says ${person.email} is taken by object id ${r.userId}.` };
    if (!verdict.ok) throw new AccountRefused(refusal(verdict.reason), lookupId ?? r.requestId);
    await assertPartnerDomain(ctx, lookupId);
    if (user && (await enableIfBotBlocked(ctx, user, earlier, lookupId)))
      return { userId: r.userId, invited: false, graphRequestId: r.requestId, reenabled: true };
  }
  return { userId: r.userId, invited: r.invited, inviteRedeemUrl: r.inviteRedeemUrl, graphRequestId: r.requestId };
}

const refusal = (reason: string) =>
  `${reason} Only the partner person's own guest account may hold the role: remove the address from that account's other email addresses in Microsoft Entra (or ask for the person's own address), then press Retry.`;

async function assertPartnerDomain(ctx: PersonContext, requestId: string | undefined): Promise<void> {
  const domain = ctx.person.email.split('@').pop() ?? '';
  if (await ctx.partnerDomain(domain)) return;
  throw new AccountRefused(
    `${domain} is not an approved partner domain (any more), so the existing account for ${ctx.person.email} gets no role. Add the partner to the allow-list if it should, then press Retry.`,
    requestId,
  );
}

/** PIM's end: the expiry set at approval; `durationDays: null` means no expiry. */
export function pimEnd(request: AccessRequest, now: Date): string | null {
  if (request.durationDays === null) return null;
  return request.expiresAt ?? new Date(now.getTime() + request.durationDays * DAY_MS).toISOString();
}

/**
 * The usual case — neither step done — in one $batch. Whatever it does not settle (a failure of either part, or of
 * the batch) is left to the single-step path below it, which retries and explains failures.
 */
async function namesAndRoleInOneTrip(ctx: PersonContext, userId: string, names: Names, roleId: string): Promise<void> {
  const { steps, person } = ctx;
  await steps.start(person.email, 'names');
  await steps.start(person.email, 'role');
  try {
    const out = await ctx.b2b.setNamesAndAssignRole(userId, names, roleId);
    if (!out.names.ok) return;
    const n = out.names.value;
    await steps.finish(person.email, 'names', { userId, unchanged: n.unchanged, graphRequestId: n.requestId });
    if (!out.role.ok) return;
    const r = out.role.value;
    const result = {
      userId,
      roleAssignmentId: r.assignmentId,
      existing: r.existing,
      mode: 'direct',
      graphRequestId: r.requestId,
    };
    await steps.finish(person.email, 'role', result);
  } catch (error) {
    if (!(error instanceof GraphRequestError)) throw error;
    ctx.logger?.warn(
      { requestId: ctx.request.id, email: person.email, status: error.status },
      'batched names and role failed; trying one by one',
    );
  }
}
