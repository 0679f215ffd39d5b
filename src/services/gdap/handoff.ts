import { ROLE_CATALOGUE, type RoleEntry } from '../advisor/role-catalogue';
import { parseApprovalLink } from './approval-link';
import { approvalLink } from './gdap-client';
import type { GdapRequest } from './gdap-types';
import { isGuid, isRelationshipId, normaliseChatText } from './handoff-text';

export { parseApprovalLink, type ApprovalLinkResult } from './approval-link';

export const HANDOFF_HEADER = 'GDAP hand-off (Copilot Partner Access) v1';
/** Teams may turn a hyphen into a dash or drop it; labels and the header accept either. */
const GAP = '[\\s\\-\\u2010-\\u2015]*';
const HEADER = new RegExp(`GDAP\\s*hand${GAP}off\\s*\\(\\s*Copilot\\s+Partner\\s+Access\\s*\\)\\s*v(\\d+)`, 'i');
const squash = (label: string) => label.replace(new RegExp(GAP, 'g'), '').toLowerCase();

/** What the partner forwards to the customer's Global Administrator, who compares it with the approval page. */
export interface HandoffDetails {
  readonly relationshipId: string;
  readonly partnerName: string;
  readonly partnerTenantId: string;
  readonly customerTenantId: string;
  readonly roleIds: readonly string[];
  readonly durationDays: number;
  readonly autoExtend: boolean;
}

export interface ParsedHandoff extends Omit<HandoffDetails, 'roleIds'> {
  /** Roles by name as written; `roleDefinitionId` when the catalogue knows the name. */
  readonly roles: ReadonlyArray<{ readonly name: string; readonly roleDefinitionId?: string }>;
  readonly roleIds: readonly string[];
}

export type HandoffParse =
  { readonly ok: true; readonly handoff: ParsedHandoff } | { readonly ok: false; readonly problems: string[] };

type Key =
  'relationship' | 'partner' | 'partnerTenant' | 'customerTenant' | 'roles' | 'duration' | 'autoExtend' | 'approve';
const LABELS: ReadonlyArray<readonly [Key, string]> = [
  ['relationship', 'Relationship id'],
  ['partner', 'Partner'],
  ['partnerTenant', 'Partner tenant id'],
  ['customerTenant', 'Customer tenant id'],
  ['roles', 'Roles'],
  ['duration', 'Duration'],
  ['autoExtend', 'Auto-extend'],
  ['approve', 'Approve at'],
];

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const roleName = (id: string, roles: readonly RoleEntry[]) =>
  roles.find((r) => r.roleDefinitionId.toLowerCase() === id.toLowerCase())?.name ?? id;

/** The hand-off of a GDAP request the saga has created. */
export function handoffFromRequest(req: GdapRequest): HandoffDetails {
  return {
    relationshipId: req.relationshipId ?? '',
    partnerName: req.partner.name,
    partnerTenantId: req.partner.tenantId,
    customerTenantId: req.customer.tenantId,
    roleIds: req.roleIds,
    durationDays: req.durationDays,
    autoExtend: req.autoExtend,
  };
}

/** A few `Key: value` lines under a versioned header; roles by name, separated by semicolons. */
export function formatHandoff(h: HandoffDetails, roles: readonly RoleEntry[] = ROLE_CATALOGUE): string {
  const value: Record<Key, string> = {
    relationship: h.relationshipId,
    partner: oneLine(h.partnerName),
    partnerTenant: h.partnerTenantId,
    customerTenant: h.customerTenantId,
    roles: h.roleIds.map((id) => roleName(id, roles)).join('; '),
    duration: `${h.durationDays} days`,
    autoExtend: h.autoExtend ? 'yes (180 days at a time)' : 'no',
    approve: approvalLink(h.relationshipId),
  };
  return [HANDOFF_HEADER, ...LABELS.map(([k, label]) => `${label}: ${value[k]}`)].join('\n');
}

/** Where each label starts in the flattened text: a label at the start of a line, or after a value on the same line. */
function fields(body: string): { values: Partial<Record<Key, string>>; repeated: string[] } {
  const alternatives = [...LABELS]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([, label]) => label.replace(/[-\s]+/g, GAP))
    .join('|');
  const re = new RegExp(`(?:^|\\s)(${alternatives})\\s*:`, 'gi');
  const hits = [...body.matchAll(re)];
  const out: Partial<Record<Key, string>> = {};
  const repeated: string[] = [];
  hits.forEach((m, i) => {
    const label = squash(m[1] ?? '');
    const entry = LABELS.find(([, l]) => squash(l) === label);
    const start = (m.index ?? 0) + m[0].length;
    const end = hits[i + 1]?.index ?? body.length;
    if (!entry) return;
    // A second line with the same label means the text was edited: which one would the admin have read?
    if (out[entry[0]] !== undefined) repeated.push(entry[1]);
    else out[entry[0]] = oneLine(body.slice(start, end));
  });
  return { values: out, repeated: [...new Set(repeated)] };
}

/**
 * Reads a hand-off back, however Teams mangled it (markdown, bullets, HTML, joined or broken lines, extra spaces).
 * Strict where it matters: every id must be a whole GUID; a problem is reported, never guessed around.
 */
export function parseHandoff(input: string, roles: readonly RoleEntry[] = ROLE_CATALOGUE): HandoffParse {
  const flat = normaliseChatText(input);
  const header = HEADER.exec(flat);
  if (!header)
    return { ok: false, problems: [`This is not a GDAP hand-off: the first line should read "${HANDOFF_HEADER}".`] };
  if (header[1] !== '1')
    return {
      ok: false,
      problems: [
        `This hand-off is version ${header[1]}; this bot reads version 1. Update the bot, or ask the partner for a version 1 hand-off.`,
      ],
    };
  const { values: f, repeated } = fields(flat.slice(header.index + header[0].length));
  const problems: string[] = repeated.map(
    (label) =>
      `The hand-off has more than one "${label}" line, so it was edited after the bot wrote it; ask the partner to send the original again.`,
  );
  // Role names as written, zero-width characters included, so a disguised name is seen for what it is.
  const exact = HEADER.exec(normaliseChatText(input, { keepInvisible: true }));
  const exactRoles = exact ? fields(exact.input.slice(exact.index + exact[0].length)).values.roles : undefined;
  const need = (key: Key, label: string): string => {
    const v = f[key] ?? '';
    if (!v) problems.push(`The hand-off has no "${label}" line.`);
    return v;
  };
  const guid = (key: Key, label: string, test: (s: string) => boolean): string => {
    const v = need(key, label);
    if (v && !test(v))
      problems.push(
        `${label} "${v}" is not a valid id (GUIDs are 8-4-4-4-12 hexadecimal digits); copy it again from the original message.`,
      );
    return v.toLowerCase();
  };
  const relationshipId = guid('relationship', 'Relationship id', isRelationshipId);
  const partnerName = need('partner', 'Partner');
  const partnerTenantId = guid('partnerTenant', 'Partner tenant id', isGuid);
  const customerTenantId = guid('customerTenant', 'Customer tenant id', isGuid);
  // Invisible characters around a name are Teams' doing; inside one they are kept, and the review refuses them.
  const names = (need('roles', 'Roles') && (exactRoles ?? f.roles ?? ''))
    .split(/[;,]/)
    .map((name) => name.replace(/^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$/g, ''))
    .filter(Boolean);
  const parsedRoles = names.map((name) => {
    const byName = roles.find(
      (r) => r.name.toLowerCase() === name.toLowerCase() || r.roleDefinitionId === name.toLowerCase(),
    );
    return byName ? { name: byName.name, roleDefinitionId: byName.roleDefinitionId } : { name };
  });
  const days = /^(?:P)?(\d{1,4})\s*(?:D|days?)?$/i.exec(need('duration', 'Duration'));
  if (f.duration && !days) problems.push(`Duration "${f.duration}" is not a number of days.`);
  const extend = /^(yes|no|on|off|true|false)\b/i.exec(need('autoExtend', 'Auto-extend'));
  if (f.autoExtend && !extend) problems.push(`Auto-extend "${f.autoExtend}" is neither yes nor no.`);
  // The link is optional, but one that points elsewhere means the text was edited: never let it pass.
  const link = f.approve ? parseApprovalLink(f.approve) : undefined;
  if (link && !link.ok) problems.push(`Approve at: ${link.message}`);
  else if (link?.ok && isRelationshipId(relationshipId) && link.relationshipId !== relationshipId)
    problems.push(
      'The "Approve at" link points to a different relationship than the "Relationship id" line; do not use this hand-off.',
    );
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    handoff: {
      relationshipId,
      partnerName,
      partnerTenantId,
      customerTenantId,
      roles: parsedRoles,
      roleIds: parsedRoles.flatMap((r) => (r.roleDefinitionId ? [r.roleDefinitionId] : [])),
      durationDays: Number(days?.[1]),
      autoExtend: ['yes', 'on', 'true'].includes((extend?.[1] ?? '').toLowerCase()),
    },
  };
}
