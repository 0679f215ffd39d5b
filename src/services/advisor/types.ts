/**
 * The advisor's vocabulary: the access methods, the answers a customer admin gives in `advise`, and the
 * recommendation that comes back. Plain types only, so src/bot, src/cards and tests can share them.
 */
import type { PluginId } from './plugin-matrix';

export type { PluginId } from './plugin-matrix';

export type Method = 'gdap' | 'b2b' | 'lighthouse';

/** Display order and names, used wherever methods are listed (summary, cards). */
export const METHODS: readonly Method[] = ['gdap', 'b2b', 'lighthouse'];
export const METHOD_LABELS: Readonly<Record<Method, string>> = {
  gdap: 'GDAP',
  b2b: 'B2B',
  lighthouse: 'Azure Lighthouse',
};

export type QuestionId = 'plugins' | 'time-bound' | 'scu-payer' | 'existing-gdap' | 'partner-size';

/** Every field is optional: a skipped question leaves it undefined and recommend() applies a stated default. */
export interface Answers {
  readonly plugins?: readonly PluginId[];
  readonly timeBound?: boolean;
  readonly scuPayer?: 'customer' | 'partner';
  readonly existingGdap?: boolean;
  readonly partnerSize?: 'few' | 'many';
  readonly partnerChangesOften?: boolean;
}

export type ReasonSource =
  | { readonly kind: 'comparison'; readonly row: string }
  | { readonly kind: 'plugin'; readonly plugin: PluginId }
  | { readonly kind: 'answer'; readonly question: QuestionId };

export interface Reason {
  readonly id: string;
  readonly text: string;
  readonly source: ReasonSource;
}

export interface PluginAdvice {
  readonly plugin: PluginId;
  /** The plugin's display name from the matrix, so a card needs nothing but the recommendation. */
  readonly name: string;
  readonly method: Method;
  readonly reasonIds: readonly string[];
}

export interface SignInAdvice {
  readonly method: Method;
  readonly text: string;
  /** `{tenantId}` marks where the customer's tenant id goes; the card renderer fills it in. */
  readonly linkTemplate: string;
}

export interface NextStep {
  readonly method: Method;
  readonly label: string;
  /** A chat command the bot understands: `request access`, `gdap handoff` or `lighthouse docs`. */
  readonly command: string;
}

export interface Recommendation {
  readonly primary: Method | 'mix';
  readonly perPlugin: readonly PluginAdvice[];
  readonly summary: string;
  readonly reasons: readonly Reason[];
  readonly signIn: readonly SignInAdvice[];
  readonly nextSteps: readonly NextStep[];
  /** Which data the advice rests on, so the card can show its date. */
  readonly basis: { readonly knowledgeVersion: string; readonly asOf: string; readonly source: string };
}
