import { GraphRequestError } from '../graph/graph-error';

/** What the directory says about an account found for a partner person's address. */
export interface ExistingAccount {
  readonly id: string;
  readonly displayName?: string | null;
  readonly mail?: string | null;
  readonly userPrincipalName?: string | null;
  readonly userType?: string | null;
  readonly accountEnabled?: boolean | null;
}

export type AccountVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * The address a guest was invited with, as Entra encodes it in the guest's UPN: `jane.doe_fabrikam.com#EXT#@…`
 * stands for `jane.doe@fabrikam.com`. The last `_` before `#EXT#` is the `@` (an alias may hold `_` itself).
 */
export function externalAddressOf(upn: string | null | undefined): string | undefined {
  const local = /^(.+)#EXT#@[^@]+$/i.exec(upn ?? '')?.[1];
  const at = local?.lastIndexOf('_') ?? -1;
  if (!local || at <= 0 || at === local.length - 1) return undefined;
  return `${local.slice(0, at)}@${local.slice(at + 1)}`.toLowerCase();
}

/**
 * Whether an existing account may receive the role asked for `email`: only a guest whose own address is exactly
 * that address. "Own address" is `mail` or the address encoded in the guest's UPN, both set by Entra from the
 * address the guest was invited with (and redeems with). `otherMails` is deliberately not enough: it is a free list
 * of alternative addresses that an admin (or, for members, the user) can fill with anything, so it proves nothing
 * about who signs in — a home member or another organisation's guest listing a partner address there must not
 * receive that partner person's role. The partner check of the address's domain is the caller's (it needs Graph).
 */
export function judgeExistingAccount(account: ExistingAccount, email: string): AccountVerdict {
  const wanted = email.trim().toLowerCase();
  const name = account.displayName ? `${account.displayName}, ` : '';
  if (account.userType !== 'Guest')
    return {
      ok: false,
      reason: `${email} is listed on an account of a member of this organisation (${name}object id ${account.id}), not a guest, so the role cannot go to it.`,
    };
  const own = [account.mail?.toLowerCase(), externalAddressOf(account.userPrincipalName)];
  if (!own.includes(wanted))
    return {
      ok: false,
      reason: `${email} is listed on a guest account (${name}object id ${account.id}) whose own address is ${account.mail ?? account.userPrincipalName ?? 'unknown'}, so it is not that person's account.`,
    };
  return { ok: true };
}

/**
 * Why a partner guest's blocked account stays blocked: someone other than the bot blocked it (the bot re-enables
 * only what its own offboarding blocked), and undoing a person's decision is for a person.
 */
export function blockedByOthers(account: ExistingAccount, email: string): string {
  const name = account.displayName ? `${account.displayName}, ` : '';
  return `The guest account for ${email} (${name}object id ${account.id}) is blocked from signing in, and not by this bot: someone in your organisation blocked it, so the bot leaves it blocked and gives it no role. If the person should have access again, unblock the account in Microsoft Entra (after checking why it was blocked), then press Retry.`;
}

/** Of the accounts a lookup found for `email`, the one that may be used, or the reason none may. */
export function pickPartnerGuest<T extends ExistingAccount>(
  found: readonly T[],
  email: string,
): { account: T } | { reason: string } | undefined {
  if (found.length === 0) return undefined;
  const account = found.find((a) => judgeExistingAccount(a, email).ok);
  if (account) return { account };
  const verdict = judgeExistingAccount(found[0], email);
  return { reason: verdict.ok ? '' : verdict.reason };
}

export const NOT_A_PARTNER_GUEST = 'NotAPartnerGuest';

/**
 * Provisioning refuses an account Graph found: it travels the saga's path for a permanent Graph failure (the step is
 * recorded failed, the request fails with this sentence, an admin can press Retry once it is fixed), and it keeps
 * the request id of the lookup that found the account.
 */
export class AccountRefused extends GraphRequestError {
  constructor(
    readonly sentence: string,
    requestId: string | undefined,
  ) {
    super(409, NOT_A_PARTNER_GUEST, sentence, requestId, 'ProvisioningSaga.partnerGuest');
    this.name = 'AccountRefused';
    // Not something Graph said: keep the "Graph answered" wording out of logs and the audit.
    this.message = `ProvisioningSaga.partnerGuest: ${sentence}`;
  }
}
