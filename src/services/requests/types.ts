/**
 * An access request as stored: the single truth that cards, dialogs and the provisioning saga read. Cards carry
 * only `id` and `version`; every decision is a compare-and-set on `version`.
 */

export type RoleKey = 'security-reader' | 'security-operator';

export type RequestStatus =
  | 'pending' // waiting for an approver
  | 'approved' // decided; provisioning about to start
  | 'provisioning' // the saga is running (or will resume)
  | 'completed' // every person has access and was told
  | 'failed' // a step failed for good; an admin can retry
  | 'rejected'
  | 'cancelled';

export const OPEN_STATUSES: readonly RequestStatus[] = ['pending'];
export const FINAL_DECISION_STATUSES: readonly RequestStatus[] = [
  'approved',
  'provisioning',
  'completed',
  'failed',
  'rejected',
  'cancelled',
];

export interface PartnerPerson {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly displayName: string;
}

export interface RequestActor {
  readonly aadObjectId: string;
  readonly name: string;
  readonly tenantId: string;
  readonly email?: string;
  /**
   * The name of the requester's organisation, recorded with a request so approvers see who asks (added later:
   * older stored requests have none).
   */
  readonly organisation?: string;
}

export interface RequestDraft {
  readonly people: readonly PartnerPerson[];
  readonly role: RoleKey;
  /** Whole days; null means "until revoked" (only when policy allows it). */
  readonly durationDays: number | null;
  readonly justification: string;
  readonly message?: string;
  readonly ccEmail?: string;
}

export interface Decision {
  readonly by: RequestActor;
  readonly at: string;
  readonly outcome: 'approved' | 'rejected' | 'cancelled';
  readonly comment?: string;
}

/** What a partner asks for with `gdap new`: the relationship the bot creates once a partner approver agrees. */
export interface GdapRequestDetails {
  readonly customer: { readonly tenantId: string; readonly displayName?: string };
  /** The relationship's name in Partner Center (1–50 characters, unique per partner). */
  readonly displayName: string;
  readonly durationDays: number;
  readonly autoExtend: boolean;
  readonly roleIds: readonly string[];
  /** Global Administrator was included by the requester's explicit (audited) override. */
  readonly globalAdminOverride: boolean;
}

/** One person whose provisioning failed for good; the others went on. */
export interface PersonFailure {
  readonly email: string;
  readonly step: string;
  readonly message: string;
  readonly reference: string;
}

export interface AccessRequest extends RequestDraft {
  readonly id: string;
  readonly version: number;
  readonly status: RequestStatus;
  /**
   * 'request' from partner staff or anyone allowed; 'invite' by an admin, whose own approval counts (audited);
   * 'extension' moves the end of the grants of an earlier request (`extends`) by `durationDays` once approved;
   * 'gdap' (partner-side deployment) creates a delegated admin relationship with a customer (`gdap`); its
   * `people` is empty and `role` means nothing.
   */
  readonly kind: 'request' | 'invite' | 'extension' | 'gdap';
  readonly gdap?: GdapRequestDetails;
  readonly extends?: { readonly requestId: string; readonly previousExpiresAt?: string };
  readonly requester: RequestActor;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly decision?: Decision;
  /** When access ends; set at approval from durationDays. */
  readonly expiresAt?: string;
  /**
   * Why provisioning failed, in a sentence an admin can act on, plus a reference id. When only some people failed,
   * `people` says who (each with their own sentence) and `granted` who has access all the same.
   */
  readonly failure?: {
    readonly message: string;
    readonly reference: string;
    readonly step: string;
    readonly people?: readonly PersonFailure[];
    readonly granted?: readonly string[];
  };
  /** People already told they have access (by a partly failed run before a Retry): not sent their card again. */
  readonly delivered?: readonly string[];
  /** e.g. "3 of 12 people done"; `waiting` names the just-invited guest Entra is still replicating. */
  readonly progress?: { readonly done: number; readonly total: number; readonly waiting?: string };
}
