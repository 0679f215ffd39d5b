import { parseLinkTarget } from '../access/tenant-link';
import { ROLE_CATALOGUE, type RoleEntry } from '../advisor/role-catalogue';
import { freeTextProblem, nameCharacterProblem } from '../requests/text-rules';
import type { FieldProblem } from '../requests/validate-request';

export type { FieldProblem } from '../requests/validate-request';

export const GLOBAL_ADMINISTRATOR_ID = '62e90394-69f5-4237-9190-012177145e10';
export const MAX_GDAP_DAYS = 730;
const NAME_MAX = 50;
// Control characters (C0, DEL, C1) and the line/paragraph separators: a name is one printable line.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why a GDAP request's justification cannot be used (missing, bad characters, too long), or undefined. */
export function gdapJustificationProblem(justification: string): string | undefined {
  if (!justification) return 'Say why this relationship is needed: the approver reads it.';
  return freeTextProblem('The justification', justification);
}

/** A partner's `gdap new` input as it arrives from a card or a chat line: possibly missing, possibly hostile. */
export interface RawGdapDraft {
  /** A customer tenant id (GUID) or one of the customer's domains. */
  readonly customer?: unknown;
  readonly displayName?: unknown;
  readonly durationDays?: unknown;
  readonly autoExtend?: unknown;
  /** Role ids or catalogue keys, as an array or a comma/space separated string; empty = the default template. */
  readonly roles?: unknown;
  /** The explicit override without which Global Administrator is refused; only an admin's counts. */
  readonly allowGlobalAdmin?: unknown;
}

/** Which customer was named: the caller resolves a domain with TenantPolicy.lookupDomain(). */
export type GdapCustomerRef =
  { readonly kind: 'tenantId'; readonly tenantId: string } | { readonly kind: 'domain'; readonly domain: string };

export interface GdapDraft {
  readonly customer: GdapCustomerRef;
  readonly displayName: string;
  readonly durationDays: number;
  /** ISO 8601, as Graph wants it: P{n}D. */
  readonly duration: string;
  readonly autoExtend: boolean;
  readonly roleIds: readonly string[];
  /** true when no roles were given and the Security Copilot template was used. */
  readonly defaultRoles: boolean;
}

/** Something the caller must show and audit, though it does not stop the draft. */
export interface GdapDraftWarning {
  readonly code: 'global-administrator';
  readonly message: string;
}

export type GdapDraftResult =
  | { readonly draft: GdapDraft; readonly warnings: readonly GdapDraftWarning[] }
  | { readonly problems: readonly FieldProblem[] };

/** The "Security Copilot template": every catalogue role marked inDefaultGdapTemplate. */
export const defaultGdapRoleIds = (roles: readonly RoleEntry[] = ROLE_CATALOGUE): string[] =>
  roles.filter((r) => r.inDefaultGdapTemplate).map((r) => r.roleDefinitionId);

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

function flag(v: unknown): boolean | undefined {
  if (v === undefined || v === null || v === '') return false;
  if (typeof v === 'boolean') return v;
  const s = text(v).toLowerCase();
  if (['yes', 'y', 'true', 'on', '1'].includes(s)) return true;
  if (['no', 'n', 'false', 'off', '0'].includes(s)) return false;
  return undefined;
}

function roleTokens(v: unknown): string[] {
  const parts = Array.isArray(v) ? v.map(text) : text(v).split(/[\s,;]+/);
  return parts.filter((p) => p.length > 0);
}

/** Who fills the form, as the server found out (admin group membership through Graph), never as the form says. */
export interface GdapDrafter {
  readonly isAdmin: boolean;
}

export const GLOBAL_ADMIN_ADMINS_ONLY =
  'Only partner admins can include Global Administrator (the override is theirs, and it is audited). Remove it, or ask an admin to send this request.';

/**
 * Checks a partner's GDAP relationship request without Graph and returns either a clean draft (with warnings the
 * caller must audit) or every problem at once. Roles come only from the catalogue; Global Administrator needs
 * the explicit override of an admin and can never be combined with auto-extend (Microsoft refuses it too).
 */
export function validateGdapDraft(
  raw: RawGdapDraft,
  drafter: GdapDrafter = { isAdmin: false },
  catalogue: readonly RoleEntry[] = ROLE_CATALOGUE,
): GdapDraftResult {
  const problems: FieldProblem[] = [];
  const warnings: GdapDraftWarning[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  let customer: GdapCustomerRef | undefined;
  const target = parseLinkTarget(text(raw.customer));
  if (target.kind === 'home')
    add('customer', 'Name the customer: their tenant id (a GUID) or one of their domains, like contoso.com.');
  else if (target.kind === 'invalid') add('customer', target.message);
  else
    customer =
      target.kind === 'tenantId'
        ? { kind: 'tenantId', tenantId: target.tenantId }
        : { kind: 'domain', domain: target.domain };

  const rawName = typeof raw.displayName === 'string' ? raw.displayName : '';
  const displayName = rawName.trim();
  if (!displayName)
    add('displayName', 'Give the relationship a name (1 to 50 characters); the customer sees it on the approval page.');
  else if (CONTROL.test(displayName))
    add('displayName', 'The relationship name must be one line of printable text, without tabs or line breaks.');
  else if (nameCharacterProblem('The relationship name', displayName))
    add('displayName', nameCharacterProblem('The relationship name', displayName)!);
  else if (displayName.length > NAME_MAX)
    add(
      'displayName',
      `The relationship name is ${displayName.length} characters; Microsoft allows at most ${NAME_MAX}.`,
    );

  const daysText = text(raw.durationDays).replace(/^P(\d+)D$/i, '$1');
  const durationDays = /^\d{1,4}$/.test(daysText) ? Number(daysText) : NaN;
  if (!(durationDays >= 1 && durationDays <= MAX_GDAP_DAYS))
    add(
      'durationDays',
      `A GDAP relationship lasts 1 to ${MAX_GDAP_DAYS} days; give a whole number of days in that range${daysText ? ` ("${daysText}" is not)` : ''}.`,
    );

  const autoExtend = flag(raw.autoExtend);
  if (autoExtend === undefined) add('autoExtend', 'Auto-extend is yes or no.');
  const allowGlobalAdmin = flag(raw.allowGlobalAdmin) === true;

  const tokens = roleTokens(raw.roles);
  const roleIds: string[] = [];
  for (const token of tokens) {
    const t = token.toLowerCase();
    const role = catalogue.find((r) => r.roleDefinitionId.toLowerCase() === t || r.key === t);
    if (!role)
      add(
        'roles',
        `"${token}" is not a role the Security Copilot catalogue offers for GDAP; use a role id or key from the catalogue.`,
      );
    else if (!roleIds.includes(role.roleDefinitionId)) roleIds.push(role.roleDefinitionId);
  }
  const defaultRoles = tokens.length === 0;
  if (defaultRoles) roleIds.push(...defaultGdapRoleIds(catalogue));

  if (roleIds.includes(GLOBAL_ADMINISTRATOR_ID)) {
    if (!allowGlobalAdmin)
      add(
        'roles',
        'Global Administrator is never part of a Security Copilot relationship: it gives the partner every admin right in the customer tenant. Remove it, or an admin must set the explicit override.',
      );
    else if (!drafter.isAdmin) add('allowGlobalAdmin', GLOBAL_ADMIN_ADMINS_ONLY);
    else
      warnings.push({
        code: 'global-administrator',
        message:
          'Global Administrator is included by explicit override: the partner would hold every admin right in the customer tenant. This must be audited.',
      });
    if (autoExtend)
      add(
        'autoExtend',
        'Auto-extend is not allowed while Global Administrator is in the relationship (Microsoft refuses it); turn auto-extend off or remove Global Administrator.',
      );
  }

  if (problems.length > 0 || !customer) return { problems };
  return {
    draft: {
      customer,
      displayName,
      durationDays,
      duration: `P${durationDays}D`,
      autoExtend: autoExtend === true,
      roleIds,
      defaultRoles,
    },
    warnings,
  };
}
