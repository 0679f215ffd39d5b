/**
 * The rules behind recommend(), one plugin at a time. Read top to bottom; the first rule that applies wins.
 *
 *   Skipped questions take a default first: access must end by itself, the customer pays for SCUs, no GDAP
 *   relationship yet, a few partner people who rarely change. recommend() states each default as a reason.
 *
 *   1. Azure-resource plugin (Sentinel, NL2KQL Sentinel) and the PARTNER pays for SCUs -> Azure Lighthouse, the
 *      only method that uses the partner's SCUs (comparison "billing").
 *   2. Plugin GDAP does not support, or supports only in part -> B2B, which serves every plugin ("plugins").
 *   3. GDAP-supported plugin:
 *      a. the partner already has a GDAP relationship -> GDAP ("setup");
 *      b. many partner people, or people who change often -> GDAP: a partner security group beats one B2B
 *         invitation per person ("least-privilege");
 *      c. access need not end by itself -> B2B: without a relationship, inviting a few people is simpler ("setup");
 *      d. B2B is needed anyway for another chosen plugin -> B2B, so one method covers everything ("plugins"); the
 *         customer needs PIM for those guests anyway, so GDAP's built-in expiry no longer tips the scale;
 *      e. otherwise -> GDAP, time-bound by default where B2B would need PIM ("time-bound").
 *   Notes added to the chosen method, never changing it: B2B + time-bound -> PIM (Entra ID P2) is needed;
 *   B2B + many/changing people -> use a customer security group; Lighthouse + time-bound -> delegation lasts until
 *   removed; GDAP/B2B while the partner should pay -> they bill the customer's SCUs.
 */
import type { PluginEntry } from './plugin-matrix';
import type { Method, Reason } from './types';

export interface ResolvedAnswers {
  readonly timeBound: boolean;
  readonly scuPayer: 'customer' | 'partner';
  readonly existingGdap: boolean;
  readonly partnerSize: 'few' | 'many';
  readonly partnerChangesOften: boolean;
}

export const ANSWER_DEFAULTS: ResolvedAnswers = {
  timeBound: true,
  scuPayer: 'customer',
  existingGdap: false,
  partnerSize: 'few',
  partnerChangesOften: false,
};

export interface Decision {
  readonly method: Method;
  readonly reasons: readonly Reason[];
}

const cmp = (id: string, row: string, text: string): Reason => ({ id, text, source: { kind: 'comparison', row } });

export const RULE_REASONS = {
  plugins: cmp(
    'comparison:plugins',
    'plugins',
    'B2B works with every plugin the customer has; GDAP with a partial set.',
  ),
  billingPartner: cmp(
    'comparison:billing-partner',
    'billing',
    "You want the partner to pay for SCUs: only Azure Lighthouse uses the partner's SCUs.",
  ),
  billingCustomerOnly: cmp(
    'comparison:billing-customer-only',
    'billing',
    "GDAP and B2B always use the customer's SCUs, even though you wanted the partner to pay; only Azure-resource " +
      "plugins such as Sentinel can use the partner's SCUs, through Azure Lighthouse.",
  ),
  lighthouseAlternative: cmp(
    'comparison:lighthouse-alternative',
    'billing',
    "If the partner should pay for SCUs on Azure-resource plugins such as Sentinel, Azure Lighthouse is the alternative: it uses the partner's SCUs.",
  ),
  existingGdap: cmp(
    'comparison:setup-existing-gdap',
    'setup',
    'The partner already manages you through Partner Center, so GDAP builds on that relationship.',
  ),
  groups: cmp(
    'comparison:least-privilege-groups',
    'least-privilege',
    'Many partner people, or people who change often, are easier to manage as a partner security group (GDAP requires one) than as one B2B invitation each.',
  ),
  b2bSimple: cmp(
    'comparison:setup-b2b-simple',
    'setup',
    'There is no GDAP relationship and access need not expire, so B2B is simpler: the customer invites the few partner people directly.',
  ),
  gdapTimeBound: cmp(
    'comparison:time-bound-gdap',
    'time-bound',
    'Access must end by itself: GDAP is time-bound by default, while B2B would need PIM (Entra ID P2).',
  ),
  b2bPim: cmp(
    'comparison:time-bound-pim',
    'time-bound',
    'Access must end by itself: for B2B guests that needs PIM (Entra ID P2), maintained by the customer.',
  ),
  lighthouseTimeBound: cmp(
    'comparison:time-bound-lighthouse',
    'time-bound',
    'Azure Lighthouse access lasts until the customer removes the delegation; just-in-time access needs Entra ID P2.',
  ),
  b2bGroups: cmp(
    'comparison:least-privilege-b2b-groups',
    'least-privilege',
    'With many partner people or frequent changes, put the B2B guests in a customer security group instead of assigning roles one by one.',
  ),
} as const;

export function pluginReason(plugin: PluginEntry, asOf: string): Reason {
  const support = { yes: 'supported', no: 'not supported', partial: 'only partly supported' }[plugin.gdap];
  const note = plugin.gdap === 'partial' && plugin.note ? ` (${plugin.note.replace(/\.$/, '')})` : '';
  return {
    id: `plugin:${plugin.id}`,
    text: `The plugin matrix (as of ${asOf}) lists ${plugin.name} as ${support} under GDAP${note}.`,
    source: { kind: 'plugin', plugin: plugin.id },
  };
}

function azureReason(plugin: PluginEntry): Reason {
  return {
    id: `plugin:${plugin.id}:azure`,
    text: `${plugin.name} works on Azure resources, which Azure Lighthouse can delegate to the partner.`,
    source: { kind: 'plugin', plugin: plugin.id },
  };
}

/** The method a plugin must use whatever the other answers say (rules 1 and 2), if any. */
export function forcedMethod(plugin: PluginEntry, a: ResolvedAnswers): 'lighthouse' | 'b2b' | undefined {
  if (plugin.azureResource && a.scuPayer === 'partner') return 'lighthouse';
  if (plugin.gdap !== 'yes') return 'b2b';
  return undefined;
}

const manyOrChanging = (a: ResolvedAnswers): boolean => a.partnerSize === 'many' || a.partnerChangesOften;

/** Rule 3 for a GDAP-supported plugin (or for "no plugins chosen"). `b2bReason` is set when rule 3d can apply. */
export function decideSupported(a: ResolvedAnswers, b2bReason: Reason | undefined): Decision {
  if (a.existingGdap) return { method: 'gdap', reasons: [RULE_REASONS.existingGdap] };
  if (manyOrChanging(a)) return { method: 'gdap', reasons: [RULE_REASONS.groups] };
  if (!a.timeBound) return { method: 'b2b', reasons: [RULE_REASONS.b2bSimple] };
  if (b2bReason) return { method: 'b2b', reasons: [b2bReason] };
  return { method: 'gdap', reasons: [RULE_REASONS.gdapTimeBound] };
}

export function decidePlugin(plugin: PluginEntry, a: ResolvedAnswers, asOf: string, b2bReason?: Reason): Decision {
  const forced = forcedMethod(plugin, a);
  const base: Decision =
    forced === 'lighthouse'
      ? { method: 'lighthouse', reasons: [azureReason(plugin), RULE_REASONS.billingPartner] }
      : forced === 'b2b'
        ? { method: 'b2b', reasons: [pluginReason(plugin, asOf), RULE_REASONS.plugins] }
        : withPluginReason(plugin, asOf, decideSupported(a, b2bReason));
  const extra: Reason[] = [];
  if (forced === 'b2b' && plugin.azureResource) extra.push(RULE_REASONS.lighthouseAlternative);
  return { method: base.method, reasons: [...base.reasons, ...extra, ...methodNotes(base.method, a)] };
}

function withPluginReason(plugin: PluginEntry, asOf: string, d: Decision): Decision {
  return { method: d.method, reasons: [pluginReason(plugin, asOf), ...d.reasons] };
}

/** Notes that come with a method whatever the plugin; they never change the method. */
export function methodNotes(method: Method, a: ResolvedAnswers): Reason[] {
  const notes: Reason[] = [];
  if (method === 'b2b' && a.timeBound) notes.push(RULE_REASONS.b2bPim);
  if (method === 'b2b' && manyOrChanging(a)) notes.push(RULE_REASONS.b2bGroups);
  if (method === 'lighthouse' && a.timeBound) notes.push(RULE_REASONS.lighthouseTimeBound);
  if (method !== 'lighthouse' && a.scuPayer === 'partner') notes.push(RULE_REASONS.billingCustomerOnly);
  return notes;
}

/** Rule 3d's reason: B2B is needed anyway for these plugins. */
export function oneMethodReason(b2bPlugins: readonly PluginEntry[]): Reason {
  return cmp(
    'comparison:one-method',
    'plugins',
    `B2B is needed anyway for ${joinNames(b2bPlugins.map((p) => p.name))}, and nothing favours GDAP (no Partner Center relationship, few people), so B2B covers everything with one method.`,
  );
}

export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
