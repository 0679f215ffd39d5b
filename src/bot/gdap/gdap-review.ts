import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import {
  GDAP_REVIEW_ROLES_VERB,
  UNLISTED_ROLE_CHOICE,
  renderGdapReviewCard,
  renderGdapRolePickerCard,
  type ReviewSource,
} from '../../cards/gdap/render-gdap-review';
import type { Knowledge } from '../../services/advisor/knowledge';
import { approvalLink } from '../../services/gdap/gdap-client';
import { HANDOFF_HEADER, parseApprovalLink, parseHandoff, type ParsedHandoff } from '../../services/gdap/handoff';
import { isRelationshipId } from '../../services/gdap/handoff-text';
import {
  reviewRelationship,
  type RelationshipUnderReview,
  type Review,
  type Severity,
} from '../../services/gdap/review';
import type { AuditLog } from '../../services/storage/types';
import type { Command } from '../commands';
import { newFormId, stampForm, type FormState } from '../dialogs/form-guard';
import { actorOf, type Actor } from '../identity';
import { cardMessage } from '../messages';

export const GDAP_REVIEW_DIALOG = 'gdapReview';

export interface GdapReviewDeps {
  readonly audit: AuditLog;
  readonly knowledge: Knowledge;
  /** The customer's policy: a relationship longer than this gets a caution. */
  readonly maxDurationDays: number;
}

const HOW_TO = [
  'To review a GDAP relationship before you approve it, say "gdap review" followed by what the partner sent you:',
  `- the whole hand-off text (it starts with "${HANDOFF_HEADER}"), or`,
  '- just the approval link (https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/…); then tick the roles the approval page lists.',
  'I read nothing from your tenant: the review reflects what the partner declared or what you ticked, and the approval page stays the authority.',
].join('\n\n');

type ReviewInput =
  | { readonly kind: 'empty' }
  | { readonly kind: 'handoff'; readonly handoff: ParsedHandoff }
  | { readonly kind: 'link'; readonly relationshipId: string }
  | { readonly kind: 'bad'; readonly reason: 'handoff' | 'link' | 'id' | 'unreadable'; readonly message: string };

const LOOKS_LIKE_HANDOFF = /hand[\s\-\u2010-\u2015]*off|relationship\s*id\s*:/i;
const LOOKS_LIKE_LINK = /:\/\/|admin\.microsoft\.|www\./i;

/** Hand-off text, an approval link, or a bare relationship id; anything malformed gets the parser's own words. */
function readInput(args: string): ReviewInput {
  const text = args.trim();
  if (!text) return { kind: 'empty' };
  if (LOOKS_LIKE_HANDOFF.test(text)) {
    const parsed = parseHandoff(text);
    if (parsed.ok) return { kind: 'handoff', handoff: parsed.handoff };
    const problems = parsed.problems.map((p) => `- ${p}`).join('\n');
    return {
      kind: 'bad',
      reason: 'handoff',
      message: `I could not read that hand-off:\n\n${problems}\n\nAsk the partner to send it again, or paste just the approval link.`,
    };
  }
  if (LOOKS_LIKE_LINK.test(text)) {
    const link = parseApprovalLink(text);
    return link.ok
      ? { kind: 'link', relationshipId: link.relationshipId }
      : { kind: 'bad', reason: 'link', message: link.message };
  }
  if (/^[0-9a-f-]+$/i.test(text))
    return isRelationshipId(text)
      ? { kind: 'link', relationshipId: text.toLowerCase() }
      : {
          kind: 'bad',
          reason: 'id',
          message: `"${text.slice(0, 80)}" is not a GDAP relationship id (a GUID of 8-4-4-4-12 hexadecimal digits, or two joined by a hyphen); copy the approval link again in full.`,
        };
  return {
    kind: 'bad',
    reason: 'unreadable',
    message: `I found neither a hand-off nor an approval link in that.\n\n${HOW_TO}`,
  };
}

interface ReviewSubject {
  readonly source: ReviewSource;
  readonly relationshipId: string;
  readonly rel: RelationshipUnderReview;
  readonly customerTenantId?: string;
  /** Findings only the bot can know (a hand-off for another tenant, a role the catalogue lacks). */
  readonly extra: ReadonlyArray<{ readonly severity: Severity; readonly text: string }>;
  readonly otherRoles: readonly string[];
}

function withFindings(review: Review, extra: ReviewSubject['extra']): Review {
  if (extra.length === 0) return review;
  const findings = [...review.findings, ...extra];
  const has = (s: Severity) => findings.some((f) => f.severity === s);
  return { ...review, findings, verdict: has('refuse') ? 'refuse' : has('caution') ? 'caution' : 'ok' };
}

const actorId = (actor: Actor) => actor.aadObjectId ?? actor.channelUserId;

async function answerWithReview(dc: DialogContext, actor: Actor, deps: GdapReviewDeps, s: ReviewSubject) {
  const policy = { maxDurationDays: deps.maxDurationDays };
  const review = withFindings(reviewRelationship(s.rel, deps.knowledge, policy), s.extra);
  await deps.audit.append({
    actorId: actorId(actor),
    actorName: actor.name,
    action: 'gdap.reviewed',
    subject: s.relationshipId,
    detail: {
      source: s.source,
      verdict: review.verdict,
      roleIds: s.rel.roles.filter((r) => !s.otherRoles.includes(r)),
      otherRoles: s.otherRoles,
      durationDays: s.rel.durationDays,
      autoExtend: s.rel.autoExtend,
      partnerTenantId: s.rel.partnerTenantId,
    },
  });
  const card = renderGdapReviewCard({
    source: s.source,
    relationshipId: s.relationshipId,
    approvalUrl: approvalLink(s.relationshipId),
    partnerName: s.rel.partnerName,
    partnerTenantId: s.rel.partnerTenantId,
    durationDays: s.rel.durationDays,
    autoExtend: s.rel.autoExtend,
    customerTenantId: s.customerTenantId,
    review,
    knowledge: deps.knowledge,
  });
  await dc.context.sendActivity(cardMessage(card));
}

function handoffSubject(h: ParsedHandoff, actor: Actor): ReviewSubject {
  const extra: Array<{ severity: Severity; text: string }> = [];
  if (actor.tenantId && h.customerTenantId !== actor.tenantId)
    extra.push({
      severity: 'caution',
      text: `This hand-off names customer tenant ${h.customerTenantId}, not your tenant (${actor.tenantId}); ask the partner whether it was meant for your organisation.`,
    });
  return {
    source: 'handoff',
    relationshipId: h.relationshipId,
    // A role the catalogue does not know keeps its name, so the review flags it instead of dropping it.
    rel: { ...h, roles: h.roles.map((r) => r.roleDefinitionId ?? r.name) },
    customerTenantId: h.customerTenantId,
    extra,
    otherRoles: h.roles.flatMap((r) => (r.roleDefinitionId ? [] : [r.name])),
  };
}

const NAMES = ['gdap review', 'review gdap'] as const;

export function gdapReviewCommands(deps: GdapReviewDeps): Command[] {
  return [
    {
      name: NAMES[0],
      aliases: NAMES.slice(1),
      description:
        'Before you approve a partner\'s GDAP relationship: "gdap review" and the hand-off text or approval link. Which roles, how long, what stands out, which Copilot plugins will work.',
      run: async (dc, actor, args) => {
        const input = readInput(args);
        if (input.kind === 'empty') return dc.context.sendActivity(HOW_TO);
        if (input.kind === 'link') return dc.beginDialog(GDAP_REVIEW_DIALOG, { relationshipId: input.relationshipId });
        if (input.kind === 'handoff') return answerWithReview(dc, actor, deps, handoffSubject(input.handoff, actor));
        await deps.audit.append({
          actorId: actorId(actor),
          actorName: actor.name,
          action: 'gdap.review.refused',
          subject: actorId(actor),
          detail: { reason: input.reason, message: input.message.slice(0, 500) },
        });
        return dc.context.sendActivity(input.message);
      },
    },
  ];
}

type Ticked = { roles: string[]; unlisted: boolean; durationDays?: number; autoExtend: boolean } | { error: string };

/** The picker's submit is card data: untrusted, so every role must be one the card offered. */
function readTicked(value: Record<string, unknown>, knowledge: Knowledge): Ticked {
  const picked = (typeof value.roles === 'string' ? value.roles : '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (picked.length === 0) return { error: 'Tick at least one role, exactly as the approval page lists them.' };
  const offered = new Set(knowledge.roles.map((r) => r.roleDefinitionId.toLowerCase()));
  if (picked.some((p) => p !== UNLISTED_ROLE_CHOICE && !offered.has(p)))
    return { error: 'That card sent a role this bot does not offer. Tick the roles on the newest card and try again.' };
  const raw = value.durationDays;
  // Teams sends an Input.Number as a string; anything that is neither is not a duration.
  const daysText = (typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '').trim();
  const days = Number(daysText);
  if (daysText && (!Number.isInteger(days) || days < 1 || days > 730))
    return {
      error: `Duration "${daysText.slice(0, 20)}" is not a whole number of days from 1 to 730; type it as the approval page shows it, or leave it empty.`,
    };
  return {
    roles: picked.filter((p) => p !== UNLISTED_ROLE_CHOICE),
    unlisted: picked.includes(UNLISTED_ROLE_CHOICE),
    ...(daysText ? { durationDays: days } : {}),
    autoExtend: value.autoExtend === true || value.autoExtend === 'true',
  };
}

interface GdapReviewOptions {
  readonly relationshipId: string;
}

type GdapReviewState = GdapReviewOptions & FormState;

/** From an approval link: the admin ticks the roles the approval page lists, then gets the review card. */
export class GdapReviewDialog extends Dialog<GdapReviewOptions> {
  constructor(private readonly deps: GdapReviewDeps) {
    super(GDAP_REVIEW_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: GdapReviewOptions): Promise<DialogTurnResult> {
    const relationshipId = options?.relationshipId ?? '';
    if (!isRelationshipId(relationshipId))
      throw new Error(`GdapReviewDialog.beginDialog(): '${relationshipId}' is not a relationship id`);
    dc.activeDialog!.state = { relationshipId, formId: newFormId() } satisfies GdapReviewState;
    const approvalUrl = approvalLink(relationshipId);
    const card = renderGdapRolePickerCard({ relationshipId, approvalUrl, roles: this.deps.knowledge.roles });
    await dc.context.sendActivity(cardMessage(stampForm(card, dc)));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { relationshipId } = dc.activeDialog!.state as GdapReviewState;
    const value = (dc.context.activity.value ?? {}) as Record<string, unknown>;
    const reply = (text: string) => dc.context.sendActivity(text).then(() => Dialog.EndOfTurn);
    if (value.verb !== GDAP_REVIEW_ROLES_VERB)
      return reply('Tick the roles the approval page lists on the card and press Review, or say "cancel" to stop.');
    if (value.relationshipId !== relationshipId)
      return reply('That card is for another relationship than the one under review; use the newest card.');
    const ticked = readTicked(value, this.deps.knowledge);
    if ('error' in ticked) return reply(ticked.error);
    const unlisted = 'A role this bot does not know is listed: find out what it grants, and why the partner needs it.';
    await answerWithReview(dc, actorOf(dc.context), this.deps, {
      source: 'ticked',
      relationshipId,
      rel: { roles: ticked.roles, durationDays: ticked.durationDays, autoExtend: ticked.autoExtend },
      extra: ticked.unlisted ? [{ severity: 'caution', text: unlisted }] : [],
      otherRoles: ticked.unlisted ? [UNLISTED_ROLE_CHOICE] : [],
    });
    return dc.endDialog();
  }
}
