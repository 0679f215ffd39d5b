/**
 * The comparison table from Microsoft's "Grant partners access to Microsoft Copilot for Security", plus the rows
 * newer versions of the page add (who pays for SCUs, Azure Lighthouse). Reasons in a recommendation point at a
 * row by its id, so ids are stable; the wording may change with KNOWLEDGE_VERSION.
 */

export type ComparisonRowId =
  'time-bound' | 'least-privilege' | 'plugins' | 'sign-in' | 'embedded' | 'billing' | 'setup';

export interface ComparisonRow {
  readonly id: ComparisonRowId;
  readonly consideration: string;
  readonly gdap: string;
  readonly b2b: string;
  readonly lighthouse: string;
}

export const COMPARISON_ROWS: readonly ComparisonRow[] = [
  {
    id: 'time-bound',
    consideration: 'Time-bound access',
    gdap: 'By default, part of the approval.',
    b2b: 'Possible with PIM (Entra ID P2), maintained by the customer.',
    lighthouse: 'Lasts until the customer removes the delegation; just-in-time access needs Entra ID P2.',
  },
  {
    id: 'least-privilege',
    consideration: 'Least privilege',
    gdap: 'Security groups required; a list of least-privileged roles guides setup.',
    b2b: 'Groups optional, maintained by the customer.',
    lighthouse: 'Azure roles on delegated subscriptions or resource groups, given to partner groups.',
  },
  {
    id: 'plugins',
    consideration: 'Plugins',
    gdap: 'A partial set (see the plugin matrix).',
    b2b: 'Every plugin the customer has.',
    lighthouse: 'Azure-resource plugins only (Sentinel, NL2KQL Sentinel).',
  },
  {
    id: 'sign-in',
    consideration: 'Sign-in ("immersive")',
    gdap: 'Tenant id must be added to the URL by hand.',
    b2b: 'Tenant switch in the UI.',
    lighthouse: "Partner signs in to its own tenant's Security Copilot.",
  },
  {
    id: 'embedded',
    consideration: 'Embedded experience',
    gdap: 'Supported, with Service Management links.',
    b2b: 'Supported normally.',
    lighthouse: 'Not covered by the source document.',
  },
  {
    id: 'billing',
    consideration: 'Who pays for SCUs',
    gdap: "The customer's Security Compute Units.",
    b2b: "The customer's Security Compute Units.",
    lighthouse: "The partner's Security Compute Units.",
  },
  {
    id: 'setup',
    consideration: 'Who sets it up',
    gdap: "The partner, in Partner Center; the customer's Global Administrator approves.",
    b2b: 'The customer invites each partner person and assigns roles.',
    lighthouse: 'The customer onboards a delegation of its Azure resources to the partner.',
  },
];
