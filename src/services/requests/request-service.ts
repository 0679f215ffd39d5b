import { randomUUID } from 'node:crypto';
import type { TenantPolicy } from '../access/tenant-policy';
import type { DirectoryService } from '../directory/directory-service';
import { GLOBAL_ADMIN_ADMINS_ONLY, GLOBAL_ADMINISTRATOR_ID } from '../gdap/gdap-draft';
import type { AuditLog, RequestStore } from '../storage/request-types';
import type { ConversationStore } from '../storage/types';
import { ExistingAccountCheck } from './account-check';
import { accessEnd, extensionRefusal, forGrant } from './extension-rules';
import { describeRequester, domainProblems } from './requester-checks';
import { freeTextProblem } from './text-rules';
import type { AccessRequest, Decision, GdapRequestDetails, RequestActor, RequestDraft } from './types';
import {
  DEFAULT_REQUEST_POLICY,
  validateDraft,
  type FieldProblem,
  type RawDraft,
  type RequestPolicy,
} from './validate-request';

export interface RequestServiceDeps {
  readonly requests: RequestStore;
  readonly audit: AuditLog;
  readonly directory: DirectoryService;
  readonly tenants: TenantPolicy;
  /** Chats the bot keeps, for a partner requester's email as Teams reported it. */
  readonly conversations?: ConversationStore;
  readonly policy?: RequestPolicy;
  readonly clock?: () => Date;
  readonly newId?: () => string;
}

export type Eligibility =
  | { readonly ok: true; readonly isAdmin: boolean; readonly isApprover: boolean }
  | { readonly ok: false; readonly message: string };

export type DecisionResult =
  | { readonly kind: 'decided'; readonly request: AccessRequest }
  | { readonly kind: 'already-decided'; readonly request: AccessRequest }
  | { readonly kind: 'refused'; readonly message: string; readonly request?: AccessRequest };

export const NOT_HOME_STAFF =
  'Only members of this organisation, signed in with their own account (not as a guest, not from a partner organisation), can decide on access requests.';

/**
 * Requests from submission to decision. Who may ask, what may be asked for, and who may decide are checked here
 * against stored state and Graph, never against what a card carried.
 */
export class RequestService {
  readonly policy: RequestPolicy;
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private readonly accounts: ExistingAccountCheck;

  constructor(private readonly deps: RequestServiceDeps) {
    this.accounts = new ExistingAccountCheck(deps.directory);
    this.policy = deps.policy ?? DEFAULT_REQUEST_POLICY;
    this.clock = deps.clock ?? (() => new Date());
    this.newId = deps.newId ?? (() => randomUUID());
  }

  /**
   * Members of the home tenant and people of allow-listed partner organisations may request; only admins may
   * invite directly. Every refusal is audited.
   */
  async eligibility(actor: RequestActor, action: 'request' | 'invite'): Promise<Eligibility> {
    const { tenants, directory } = this.deps;
    let found: Eligibility | undefined;
    if (tenants.isHome(actor.tenantId)) {
      const { homeMember, isAdmin, isApprover } = await directory.staffRoles(actor);
      if (homeMember) found = { ok: true, isAdmin, isApprover };
    } else if (await tenants.isAllowed(actor.tenantId)) {
      found = { ok: true, isAdmin: false, isApprover: false };
    }
    if (found?.ok && (action === 'request' || found.isAdmin)) return found;
    await this.audit(actor, 'access.refused', actor.aadObjectId, { detail: { action, tenantId: actor.tenantId } });
    return found
      ? {
          ok: false,
          message: 'Only admins can invite partner people directly. Say "request access" to ask for approval instead.',
        }
      : {
          ok: false,
          message:
            'Only people of this organisation and of its approved security partners can ask for access. Ask an admin to add your organisation if you work for one.',
        };
  }

  /**
   * Every problem with a draft at once: form checks and each address's domain (an approved partner, not our own,
   * and for a partner's requester their own organisation), then, for the addresses that passed, whether an account
   * the bot would refuse already holds the address — all in the same round.
   */
  async validate(
    raw: RawDraft,
    requester?: RequestActor,
  ): Promise<{ draft: RequestDraft } | { problems: FieldProblem[] }> {
    const checked = validateDraft(raw, this.policy);
    const people = 'draft' in checked ? checked.draft.people : checked.people;
    const formProblems = 'problems' in checked ? checked.problems : [];
    const badAddress = (i: number) => formProblems.some((p) => p.field === `people[${i}].email`);
    const problems = [...formProblems, ...(await domainProblems(this.deps, people, requester, badAddress))];
    const addressOk = people.map((_, i) => i).filter((i) => !problems.some((p) => p.field === `people[${i}].email`));
    problems.push(...(await this.accounts.problems(people, addressOk)));
    return problems.length > 0 || !('draft' in checked) ? { problems } : checked;
  }

  /** Stores a request. An admin's direct `invite` is approved by that admin at once, and audited as such. */
  async submit(
    actor: RequestActor,
    draft: RequestDraft,
    kind: 'request' | 'invite',
  ): Promise<AccessRequest | { error: string }> {
    const eligible = await this.eligibility(actor, kind);
    if (!eligible.ok) return { error: eligible.message };
    // The draft was checked at Review; the people are checked again here, because this is what gets stored.
    const refused = await domainProblems(this.deps, draft.people, actor);
    if (refused.length > 0) return { error: refused.map((p) => p.message).join(' ') };
    const requester = await describeRequester(this.deps, actor);
    const now = this.clock().toISOString();
    const request: AccessRequest = {
      ...draft,
      id: this.newId(),
      version: 1,
      status: 'pending',
      kind,
      requester,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.requests.create(request);
    await this.audit(actor, 'request.created', request.id, { after: request });
    if (kind === 'request') return request;
    const decided = await this.applyDecision(request, {
      by: actor,
      at: now,
      outcome: 'approved',
      comment: 'Invited directly by an admin (self-approved).',
    });
    return decided ?? request;
  }

  /** Only members of the home (partner) tenant may ask for a GDAP relationship; a refusal is audited. */
  async gdapEligibility(actor: RequestActor): Promise<Eligibility> {
    const { directory } = this.deps;
    const { homeMember, isAdmin, isApprover } = await directory.staffRoles(actor);
    if (homeMember) return { ok: true, isAdmin, isApprover };
    await this.audit(actor, 'access.refused', actor.aadObjectId, {
      detail: { action: 'gdap', tenantId: actor.tenantId },
    });
    return {
      ok: false,
      message: 'Only members of this organisation can ask for a GDAP relationship with a customer.',
    };
  }

  /**
   * Stores a GDAP relationship request for a partner approver to decide. Including Global Administrator is an
   * explicit override and is audited on its own.
   */
  async submitGdap(
    actor: RequestActor,
    gdap: GdapRequestDetails,
    justification: string,
  ): Promise<AccessRequest | { error: string }> {
    const eligible = await this.gdapEligibility(actor);
    if (!eligible.ok) return { error: eligible.message };
    // The form checks this too, but the decision is the server's: whatever a dialog passed, a non-admin never asks
    // for Global Administrator.
    if ((gdap.globalAdminOverride || gdap.roleIds.includes(GLOBAL_ADMINISTRATOR_ID)) && !eligible.isAdmin) {
      await this.audit(actor, 'access.refused', actor.aadObjectId, {
        detail: { action: 'gdap.global-admin-override', customerTenantId: gdap.customer.tenantId },
      });
      return { error: GLOBAL_ADMIN_ADMINS_ONLY };
    }
    const now = this.clock().toISOString();
    const request: AccessRequest = {
      id: this.newId(),
      version: 1,
      status: 'pending',
      kind: 'gdap',
      gdap: { ...gdap, roleIds: [...gdap.roleIds] },
      requester: await describeRequester(this.deps, actor),
      people: [],
      role: 'security-reader',
      durationDays: gdap.durationDays,
      justification,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.requests.create(request);
    await this.audit(actor, 'request.created', request.id, { after: request });
    if (gdap.globalAdminOverride)
      await this.audit(actor, 'gdap.global-admin-override', request.id, {
        detail: { customerTenantId: gdap.customer.tenantId, displayName: gdap.displayName, justification },
      });
    return request;
  }

  /**
   * Approve or reject. The first valid decision wins (compare-and-set on the version the card carried); a later
   * click learns who decided what, and when.
   */
  async decide(
    requestId: unknown,
    version: unknown,
    actor: RequestActor,
    outcome: 'approved' | 'rejected',
    comment: string | undefined,
  ): Promise<DecisionResult> {
    // Action.Submit fallbacks (clients without Universal Actions) may carry the version as text.
    if (typeof version === 'string' && /^\d{1,9}$/.test(version)) version = Number(version);
    if (
      typeof requestId !== 'string' ||
      !/^[\w-]{1,64}$/.test(requestId) ||
      typeof version !== 'number' ||
      !Number.isInteger(version)
    ) {
      return {
        kind: 'refused',
        message:
          'This card is damaged or out of date: it does not name a request I know. Ask the requester for a new one.',
      };
    }
    const request = await this.deps.requests.get(requestId);
    if (!request)
      return {
        kind: 'refused',
        message: 'I have no record of that request. It may have been made on another installation of this bot.',
      };
    if (request.status !== 'pending') return { kind: 'already-decided', request };
    if (version !== request.version)
      return { kind: 'refused', message: 'This card is out of date. Use the newest copy of the card.', request };
    const { isApprover, isAdmin, homeMember } = await this.deps.directory.staffRoles(actor);
    if (!isApprover) {
      const reason = homeMember ? 'not an approver' : 'not home staff';
      await this.audit(actor, 'decision.refused', requestId, { detail: { outcome, reason } });
      return {
        kind: 'refused',
        message: homeMember
          ? 'Only approvers can decide on access requests, and you are not in the approvers group.'
          : NOT_HOME_STAFF,
        request,
      };
    }
    if (actor.aadObjectId === request.requester.aadObjectId) {
      await this.audit(actor, 'decision.refused', requestId, { detail: { outcome, reason: 'self-approval' } });
      return {
        kind: 'refused',
        message: 'You asked for this access, so another approver has to decide on it.',
        request,
      };
    }
    const original = request.extends && (await this.deps.requests.get(request.extends.requestId));
    const at = this.clock().toISOString();
    const bar = extensionRefusal(request, original, { actor, isAdmin, outcome, at }, this.policy);
    if (bar) {
      await this.audit(actor, 'decision.refused', requestId, { detail: { outcome, reason: bar.reason } });
      return { kind: 'refused', message: bar.message, request };
    }
    const text = comment?.trim();
    if (outcome === 'rejected' && !text)
      return { kind: 'refused', message: 'Say why you reject it: the requester will read your reason.', request };
    const commentProblem = text ? freeTextProblem('Your comment', text) : undefined;
    if (commentProblem) return { kind: 'refused', message: commentProblem, request };
    const decided = await this.applyDecision(request, { by: actor, at, outcome, comment: text || undefined });
    if (decided) return { kind: 'decided', request: decided };
    return { kind: 'already-decided', request: (await this.deps.requests.get(requestId)) ?? request };
  }

  /**
   * Asks for more time on an existing grant: the partner person who holds it, or whoever asked for it, may ask.
   * It is approved like any request; on approval the grants of the original request get a later end.
   */
  async submitExtension(
    actor: RequestActor & { readonly email?: string },
    grant: { readonly requestId: string; readonly email: string; readonly expiresAt?: string; readonly status: string },
    raw: { readonly days?: unknown; readonly justification?: unknown },
  ): Promise<AccessRequest | { error: string }> {
    const original = await this.deps.requests.get(grant.requestId);
    if (!original || grant.status !== 'active')
      return {
        error: 'That access is no longer active, so it cannot be extended. Ask for new access with "request access".',
      };
    const holder = actor.email?.toLowerCase() === grant.email.toLowerCase();
    if (!holder && actor.aadObjectId !== original.requester.aadObjectId) {
      await this.audit(actor, 'access.refused', grant.requestId, { detail: { action: 'extension' } });
      return { error: 'Only the person who has this access, or who asked for it, can ask to extend it.' };
    }
    const days = typeof raw.days === 'number' ? raw.days : Number(typeof raw.days === 'string' ? raw.days.trim() : NaN);
    const justification = typeof raw.justification === 'string' ? raw.justification.trim() : '';
    if (!Number.isInteger(days) || days < 1 || days > this.policy.maxDurationDays)
      return { error: `Choose how many more days: a whole number from 1 to ${this.policy.maxDurationDays}.` };
    if (!justification) return { error: 'Say why the access should last longer: the approver reads it.' };
    const justificationProblem = freeTextProblem('The justification', justification);
    if (justificationProblem) return { error: justificationProblem };
    const now = this.clock().toISOString();
    const request: AccessRequest = {
      id: this.newId(),
      version: 1,
      status: 'pending',
      kind: 'extension',
      extends: { requestId: original.id, previousExpiresAt: grant.expiresAt ?? original.expiresAt },
      requester: await describeRequester(this.deps, actor),
      // Personal: the extension names, and on approval moves, only the access of the person it was asked for.
      people: forGrant(original, grant.email),
      role: original.role,
      durationDays: days,
      justification,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.requests.create(request);
    await this.audit(actor, 'request.created', request.id, { after: request });
    return request;
  }

  /** The requester withdraws a pending request. */
  async cancel(requestId: string, actor: RequestActor): Promise<DecisionResult> {
    const request = await this.deps.requests.get(requestId);
    if (!request) return { kind: 'refused', message: 'I have no record of that request.' };
    if (request.requester.aadObjectId !== actor.aadObjectId)
      return { kind: 'refused', message: 'Only the person who asked can withdraw a request.', request };
    if (request.status !== 'pending') return { kind: 'already-decided', request };
    const decided = await this.applyDecision(request, {
      by: actor,
      at: this.clock().toISOString(),
      outcome: 'cancelled',
    });
    return decided
      ? { kind: 'decided', request: decided }
      : { kind: 'already-decided', request: (await this.deps.requests.get(requestId)) ?? request };
  }

  listMine(actor: RequestActor): Promise<AccessRequest[]> {
    return this.deps.requests.listByRequester(actor.aadObjectId, 20);
  }

  /** Pending requests this approver may decide (their own are left out). */
  async listPendingFor(actor: RequestActor): Promise<AccessRequest[] | { error: string }> {
    if (!(await this.deps.directory.staffRoles(actor)).isApprover)
      return { error: 'Only approvers have a queue of pending requests.' };
    return (await this.deps.requests.listByStatus(['pending'], 50)).filter(
      (r) => r.requester.aadObjectId !== actor.aadObjectId,
    );
  }

  get(requestId: string): Promise<AccessRequest | undefined> {
    return this.deps.requests.get(requestId);
  }

  private async applyDecision(request: AccessRequest, decision: Decision): Promise<AccessRequest | undefined> {
    const { id: _id, version: _v, ...rest } = request;
    // An extension adds its days to the current end (or to now, if that has passed); new access starts now.
    const end = decision.outcome === 'approved' ? accessEnd(request, decision.at, this.policy) : undefined;
    const expiresAt = end === undefined ? undefined : new Date(end).toISOString();
    const next = {
      ...rest,
      status: decision.outcome,
      decision,
      updatedAt: decision.at,
      ...(expiresAt ? { expiresAt } : {}),
    };
    const stored = await this.deps.requests.update(request.id, request.version, next);
    if (stored) {
      await this.audit(decision.by, `request.${decision.outcome}`, request.id, {
        before: { status: request.status },
        after: { status: stored.status, expiresAt },
        detail: { comment: decision.comment },
      });
    }
    return stored;
  }

  private async audit(
    actor: RequestActor,
    action: string,
    subject: string,
    extra: { before?: unknown; after?: unknown; detail?: Record<string, unknown> } = {},
  ): Promise<void> {
    await this.deps.audit.append({ actorId: actor.aadObjectId, actorName: actor.name, action, subject, ...extra });
  }
}

export type { FieldProblem };
