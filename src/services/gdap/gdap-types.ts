/**
 * A partner-side GDAP request as stored: what the partner asked for, and how far the saga got. Like an access
 * request, every change is a compare-and-set on `version`.
 */

/** Statuses of a delegated admin relationship, as Microsoft Graph reports them (microsoft-facts §3). */
export type GdapStatus =
  | 'created'
  | 'approvalPending'
  | 'approved'
  | 'activating'
  | 'active'
  | 'expiring'
  | 'expired'
  | 'terminationRequested'
  | 'terminating'
  | 'terminated';

/** A relationship in one of these is over for good. */
export const FINISHED_STATUSES: readonly GdapStatus[] = ['expired', 'terminated'];

export type GdapRequestStatus =
  | 'new' // stored; the saga has not created the relationship yet
  | 'awaiting-approval' // created and locked; the customer's Global Administrator has to approve
  | 'assigning' // approved; the security group and access assignment are being set up
  | 'completed' // the partner's group has the roles and the link went out
  | 'failed' // a step failed for good; `failure` says why
  | 'ended'; // the relationship expired or was terminated before access was set up

export const OPEN_GDAP_STATUSES: readonly GdapRequestStatus[] = ['new', 'awaiting-approval', 'assigning'];

export type GdapStep =
  'create' | 'lock' | 'handoff' | 'await-approval' | 'group' | 'assign' | 'await-assignment' | 'deliver';

export interface GdapRequest {
  readonly id: string;
  readonly version: number;
  readonly status: GdapRequestStatus;
  /** The relationship's name in Partner Center (1–50 characters, unique per partner). */
  readonly displayName: string;
  readonly customer: { readonly tenantId: string; readonly displayName?: string };
  readonly partner: { readonly name: string; readonly tenantId: string };
  readonly requestedBy: { readonly aadObjectId: string; readonly name: string };
  readonly durationDays: number;
  readonly autoExtend: boolean;
  /** Entra role template ids the relationship asks for; the access assignment grants all of them. */
  readonly roleIds: readonly string[];
  readonly relationshipId?: string;
  /** The relationship status the saga saw last. */
  readonly relationshipStatus?: GdapStatus;
  readonly approvalLink?: string;
  readonly groupId?: string;
  readonly assignmentId?: string;
  /** The poll in progress: which step, how many polls so far, when to look again. */
  readonly poll?: { readonly step: GdapStep; readonly count: number; readonly nextCheckAt: string };
  /** Transient Graph failures in a row; reset by every step that succeeds. */
  readonly transientFailures?: number;
  readonly delivery?: { readonly link: string; readonly note: string };
  readonly failure?: { readonly message: string; readonly reference: string; readonly step: GdapStep };
  readonly ended?: { readonly status: 'expired' | 'terminated'; readonly message: string };
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type NewGdapRequest = Pick<
  GdapRequest,
  'id' | 'displayName' | 'customer' | 'partner' | 'requestedBy' | 'durationDays' | 'autoExtend' | 'roleIds'
>;

/** A request as the saga expects to find it the first time: version 1, status `new`. */
export function newGdapRequest(input: NewGdapRequest, now: Date): GdapRequest {
  const at = now.toISOString();
  return { ...input, roleIds: [...input.roleIds], version: 1, status: 'new', createdAt: at, updatedAt: at };
}
