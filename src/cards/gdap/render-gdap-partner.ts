import { ROLE_CATALOGUE } from '../../services/advisor/role-catalogue';
import { GLOBAL_ADMINISTRATOR_ID, MAX_GDAP_DAYS } from '../../services/gdap/gdap-draft';
import type { GdapRelationship } from '../../services/gdap/gdap-json';
import type { FieldProblem } from '../../services/requests/validate-request';
import { formatWhen } from '../../services/requests/roles';
import { literal } from '../literal-text';
import { expandCard, type AdaptiveCardJson } from '../render';
import deliveredTemplate from './gdap-delivered.json';
import handoffTemplate from './gdap-handoff.json';
import listTemplate from './gdap-list.json';
import checkTemplate from './gdap-new-check.json';
import formTemplate from './gdap-new-form.json';
import terminateTemplate from './gdap-terminate.json';
import { GdapVerbs } from './gdap-verbs';

/** What the `gdap new` form holds, as typed (strings), so that a re-shown form keeps every value. */
export interface GdapFormValues {
  readonly customer?: string;
  readonly displayName?: string;
  readonly durationDays?: string;
  readonly autoExtend?: string;
  readonly roles?: string;
  readonly allowGlobalAdmin?: string;
  readonly justification?: string;
}

/** The facts of a GDAP relationship request that every card about it shows. */
export interface GdapFacts {
  readonly customer: { readonly tenantId: string; readonly displayName?: string };
  readonly displayName: string;
  readonly durationDays: number;
  readonly autoExtend: boolean;
  readonly roleIds: readonly string[];
}

/** "Security Reader: reads the security data …", or the bare id for a role the catalogue does not know. */
export function roleInWords(id: string): string {
  const role = ROLE_CATALOGUE.find((r) => r.roleDefinitionId.toLowerCase() === id.toLowerCase());
  return role ? `${role.name}: ${role.copilotGrant}` : `Role ${id} (not in the Security Copilot catalogue)`;
}

export const roleName = (id: string): string =>
  ROLE_CATALOGUE.find((r) => r.roleDefinitionId.toLowerCase() === id.toLowerCase())?.name ?? id;

export const includesGlobalAdmin = (roleIds: readonly string[]): boolean =>
  roleIds.some((id) => id.toLowerCase() === GLOBAL_ADMINISTRATOR_ID);

export const customerText = (c: GdapFacts['customer']): string =>
  c.displayName ? `${c.displayName} (${c.tenantId})` : c.tenantId;

export const autoExtendText = (on: boolean): string => (on ? 'Yes, 180 days at a time' : 'No');

/** Warnings an approver must see: Global Administrator above all. */
export function gdapWarnings(g: GdapFacts): { text: string }[] {
  const out: string[] = [];
  if (includesGlobalAdmin(g.roleIds))
    out.push(
      'Warning: Global Administrator is included by explicit override. The partner would hold every admin right in the customer tenant.',
    );
  if (g.durationDays > 365) out.push(`Warning: long relationship, ${g.durationDays} days.`);
  return out.map((text) => ({ text }));
}

export function gdapFactList(g: GdapFacts): { title: string; value: string }[] {
  return [
    { title: 'Customer', value: literal(customerText(g.customer)) },
    { title: 'Relationship name', value: literal(g.displayName) },
    { title: 'Duration', value: `${g.durationDays} days` },
    { title: 'Auto-extend', value: autoExtendText(g.autoExtend) },
  ];
}

export function renderGdapFormCard(d: {
  values: GdapFormValues;
  problems: readonly FieldProblem[];
  defaultRoleIds: readonly string[];
}): AdaptiveCardJson {
  const v = d.values;
  const days = Number(v.durationDays ?? 'x');
  return expandCard(formTemplate, {
    problems: d.problems.map((p) => ({ message: literal(p.message) })),
    customer: v.customer ?? '',
    displayName: v.displayName ?? '',
    // Input.Number drops a value that is not a number; the problems list names what was wrong with it.
    durationDays: Number.isFinite(days) && v.durationDays !== '' ? days : 180,
    maxDays: MAX_GDAP_DAYS,
    autoExtend: v.autoExtend === 'true' ? 'true' : 'false',
    roles: v.roles ?? d.defaultRoleIds.join(','),
    roleChoices: ROLE_CATALOGUE.map((r) => ({
      value: r.roleDefinitionId,
      title: `${r.name}: ${r.copilotGrant}${r.gdapCondition ? ` (${r.gdapCondition})` : ''}`,
    })),
    allowGlobalAdmin: v.allowGlobalAdmin === 'true' ? 'true' : 'false',
    justification: v.justification ?? '',
    reviewVerb: GdapVerbs.formReview,
    cancelVerb: GdapVerbs.formCancel,
  });
}

export function renderGdapCheckCard(g: GdapFacts & { justification: string }): AdaptiveCardJson {
  return expandCard(checkTemplate, {
    facts: [...gdapFactList(g), { title: 'Justification', value: literal(g.justification) }],
    roles: g.roleIds.map((id) => ({ text: roleInWords(id) })),
    warnings: gdapWarnings(g),
    submitVerb: GdapVerbs.formSubmit,
    editVerb: GdapVerbs.formEdit,
    cancelVerb: GdapVerbs.formCancel,
  });
}

export function renderGdapHandoffCard(d: {
  facts: GdapFacts;
  partnerName: string;
  relationshipId: string;
  approvalLink: string;
  handoffText: string;
}): AdaptiveCardJson {
  const { facts } = d;
  return expandCard(handoffTemplate, {
    displayName: literal(facts.displayName),
    customerName: literal(facts.customer.displayName ?? 'the customer'),
    facts: [
      ...gdapFactList(facts),
      { title: 'Partner', value: literal(d.partnerName) },
      { title: 'Relationship id', value: literal(d.relationshipId) },
    ],
    roles: facts.roleIds.map((id) => ({ text: roleInWords(id) })),
    steps: [
      '1. Sign in to the Microsoft 365 admin center as a Global Administrator of the customer tenant and open the approval link.',
      `2. Check that the partner, the roles and the duration match this message (${facts.durationDays} days).`,
      '3. Approve the request. Only a Global Administrator can; unapproved requests expire after 90 days.',
      '4. Nothing else is needed: the bot sees the approval and gives the partner security group its roles.',
    ].map((text) => ({ text })),
    handoffText: literal(d.handoffText),
    approvalLink: d.approvalLink,
  });
}

export function renderGdapDeliveredCard(d: {
  customerName: string;
  displayName: string;
  link: string;
  note: string;
}): AdaptiveCardJson {
  return expandCard(deliveredTemplate, {
    customerName: literal(d.customerName),
    displayName: literal(d.displayName),
    link: d.link,
    note: literal(d.note),
  });
}

const endText = (r: GdapRelationship) => (r.endDateTime ? formatWhen(r.endDateTime) : 'not started yet');
const relationshipCustomer = (r: GdapRelationship) =>
  r.customer.displayName
    ? `${r.customer.displayName} (${r.customer.tenantId ?? 'unknown tenant'})`
    : (r.customer.tenantId ?? 'unknown');

export function renderGdapListCard(relationships: readonly GdapRelationship[]): AdaptiveCardJson {
  return expandCard(listTemplate, {
    total: relationships.length,
    relationships: relationships.map((r) => ({
      id: r.id,
      name: literal(r.displayName),
      customer: literal(relationshipCustomer(r)),
      status: r.status,
      ends: endText(r),
      autoExtend: r.autoExtendDuration && r.autoExtendDuration !== 'PT0S' ? 'Yes' : 'No',
      globalAdmin: includesGlobalAdmin(r.roleIds),
    })),
  });
}

export function renderGdapTerminateCard(r: GdapRelationship, o: { canTerminate: boolean; notice?: string }) {
  return expandCard(terminateTemplate, {
    id: r.id,
    name: literal(r.displayName),
    customer: literal(relationshipCustomer(r)),
    status: r.status,
    ends: endText(r),
    notice: literal(o.notice),
    showTerminate: o.canTerminate,
    terminateVerb: GdapVerbs.terminate,
  });
}
