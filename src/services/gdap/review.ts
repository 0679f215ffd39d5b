import type { Knowledge } from '../advisor/knowledge';
import type { PluginEntry } from '../advisor/plugin-matrix';
import { GLOBAL_ADMINISTRATOR_ID } from './gdap-draft';
import { isGuid } from './handoff-text';

/** What the customer's admin is asked to approve, as far as the bot knows it (e.g. from a parsed hand-off). */
export interface RelationshipUnderReview {
  readonly partnerName?: string;
  readonly partnerTenantId?: string;
  readonly roles: readonly string[];
  readonly durationDays?: number;
  readonly autoExtend?: boolean;
}

export interface ReviewPolicy {
  readonly maxDurationDays: number;
}

export type Severity = 'info' | 'caution' | 'refuse';

export interface Review {
  readonly verdict: 'ok' | 'caution' | 'refuse';
  readonly findings: ReadonlyArray<{ readonly severity: Severity; readonly text: string }>;
  readonly rolesInPlainWords: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly whatItGrants: string;
  }>;
  readonly plugins: {
    readonly works: PluginSummary[];
    readonly partial: PluginSummary[];
    readonly doesNot: PluginSummary[];
  };
  readonly reminders: readonly string[];
}

export type PluginSummary = Pick<PluginEntry, 'id' | 'name' | 'note'>;

/** Entra roles outside the catalogue that partners ask for; none of them is needed by a Security Copilot plugin. */
const OTHER_ROLES: Record<string, { name: string; grants: string; escalates?: boolean }> = {
  'fe930be7-5e62-47db-91af-98c3a49a38b1': {
    name: 'User Administrator',
    grants: 'Creates and manages users and groups, and resets passwords of non-admins.',
  },
  '95e79109-95c0-4d8e-aee3-d01accf2d47b': { name: 'Guest Inviter', grants: 'Invites guest users into the tenant.' },
  'e8611ab8-c189-46e8-94e1-60213ab1f814': {
    name: 'Privileged Role Administrator',
    grants: 'Assigns any admin role to anyone, itself included: as powerful as Global Administrator.',
    escalates: true,
  },
};

/** Anything but printable ASCII: Entra's built-in role names have none, so such a name is a look-alike or a trick. */
const NOT_PLAIN = /[^\x20-\x7e]/;
const GLOBAL_ADMINISTRATOR_NAME = 'global administrator';

/**
 * A role as the hand-off wrote it, by id or by name: a name is matched to its id (so "Privileged Role Administrator"
 * and its GUID get the same verdict); a name with look-alike or invisible characters is marked disguised.
 */
function resolveRole(raw: string, knowledge: Knowledge): { raw: string; id: string; disguised: boolean } {
  if (NOT_PLAIN.test(raw)) return { raw, id: raw, disguised: true };
  const text = raw.trim();
  if (isGuid(text)) return { raw, id: text.toLowerCase(), disguised: false };
  const name = text.replace(/\s+/g, ' ').toLowerCase();
  const id =
    knowledge.roles.find((r) => r.name.toLowerCase() === name)?.roleDefinitionId ??
    Object.entries(OTHER_ROLES).find(([, r]) => r.name.toLowerCase() === name)?.[0] ??
    (name === GLOBAL_ADMINISTRATOR_NAME ? GLOBAL_ADMINISTRATOR_ID : text);
  return { raw, id: id.toLowerCase(), disguised: false };
}

/** Shows every character outside printable ASCII as its code, so an admin sees what was hidden. */
const visible = (s: string): string =>
  [...s].map((c) => (NOT_PLAIN.test(c) ? `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}` : c)).join('');

export const REMINDERS: readonly string[] = [
  "Only a Global Administrator can approve a GDAP relationship, in your tenant's Microsoft 365 admin center; neither the bot nor the partner can approve it for you.",
  'The approval page is the authority: compare its role list with this card, and its duration and auto-extend setting too; do not approve if anything differs.',
  'GDAP users cannot switch to your tenant in Security Copilot; the partner must use the link with your tenant id, and your admins open support cases on their behalf.',
];

/**
 * A customer admin's second opinion on a GDAP relationship before approving it: each role in plain words, what
 * stands out (Global Administrator, roles no Security Copilot plugin needs, long durations, auto-extend), and which
 * plugins will work. Pure; the facts come from the knowledge bundle and the tenant's policy.
 */
export function reviewRelationship(rel: RelationshipUnderReview, knowledge: Knowledge, policy: ReviewPolicy): Review {
  const findings: Array<{ severity: Severity; text: string }> = [];
  const add = (severity: Severity, text: string) => findings.push({ severity, text });
  const resolved = rel.roles.map((raw) => resolveRole(raw, knowledge));
  const rolesInPlainWords = resolved.map(({ raw, id, disguised }) => {
    if (disguised)
      return {
        id,
        name: `Disguised role name "${visible(raw)}"`,
        whatItGrants: 'Written with look-alike or invisible characters: not a real role name. Do not approve.',
      };
    const known = knowledge.roles.find((r) => r.roleDefinitionId.toLowerCase() === id);
    if (known) return { id, name: known.name, whatItGrants: known.copilotGrant };
    const other = OTHER_ROLES[id];
    return other
      ? { id, name: other.name, whatItGrants: other.grants }
      : {
          id,
          name: `Unknown role ${raw}`,
          whatItGrants: 'Not a role this bot knows; look it up on the approval page before you approve.',
        };
  });

  if (rel.roles.length === 0) add('caution', 'No roles are listed; check the role list on the approval page itself.');
  for (const [i, role] of rolesInPlainWords.entries()) {
    const entry = knowledge.roles.find((r) => r.roleDefinitionId.toLowerCase() === role.id);
    if (resolved[i]?.disguised)
      add(
        'refuse',
        `The role "${visible(resolved[i].raw)}" is written with look-alike or invisible characters (shown as \\u codes): real role names are plain letters, so this one may be disguising another role. Ask the partner for a clean hand-off and compare the approval page.`,
      );
    else if (role.id === GLOBAL_ADMINISTRATOR_ID)
      add(
        'refuse',
        'Global Administrator is included: the partner would hold every admin right in your tenant. No Security Copilot plugin needs it; ask for a relationship without it.',
      );
    else if (OTHER_ROLES[role.id]?.escalates)
      add(
        'refuse',
        `${role.name} is included: it can make anyone (the partner too) Global Administrator. No Security Copilot plugin needs it.`,
      );
    else if (!entry)
      add('caution', `${role.name}: no Security Copilot plugin needs this role; ask the partner why they want it.`);
    else if (!entry.inDefaultGdapTemplate && entry.gdapCondition)
      add('caution', `${entry.name}: ${entry.gdapCondition}`);
  }

  if (rel.durationDays === undefined) add('info', 'The duration is not known here; read it on the approval page.');
  else if (rel.durationDays > policy.maxDurationDays)
    add(
      'caution',
      `The relationship lasts ${rel.durationDays} days; your policy allows at most ${policy.maxDurationDays}.`,
    );
  if (rel.autoExtend)
    add(
      'caution',
      'Auto-extend is on: the relationship renews itself by 180 days at a time, without asking you again, until someone terminates it.',
    );
  if (!rel.partnerName || !rel.partnerTenantId)
    add('info', 'Check on the approval page that the partner name and tenant id are the ones you expect.');
  else if (!isGuid(rel.partnerTenantId))
    add(
      'caution',
      `The partner tenant id "${rel.partnerTenantId}" is not a valid GUID; check it on the approval page.`,
    );

  const summary = (p: PluginEntry): PluginSummary => ({ id: p.id, name: p.name, ...(p.note ? { note: p.note } : {}) });
  const plugins = knowledge.pluginMatrix.plugins;
  const verdict = findings.some((f) => f.severity === 'refuse')
    ? 'refuse'
    : findings.some((f) => f.severity === 'caution')
      ? 'caution'
      : 'ok';
  return {
    verdict,
    findings,
    rolesInPlainWords,
    plugins: {
      works: plugins.filter((p) => p.gdap === 'yes').map(summary),
      partial: plugins.filter((p) => p.gdap === 'partial').map(summary),
      doesNot: plugins.filter((p) => p.gdap === 'no').map(summary),
    },
    reminders: REMINDERS,
  };
}
