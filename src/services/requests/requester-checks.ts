import type { TenantPolicy } from '../access/tenant-policy';
import type { DirectoryService } from '../directory/directory-service';
import type { ConversationStore } from '../storage/types';
import type { PartnerPerson, RequestActor } from './types';
import type { FieldProblem } from './validate-request';

export interface RequesterCheckDeps {
  readonly tenants: TenantPolicy;
  readonly directory: DirectoryService;
  /** Where the bot keeps each person's chat, with the email Teams reported for them. */
  readonly conversations?: ConversationStore;
}

const domainOf = (email: string) => email.split('@')[1]?.toLowerCase() ?? '';

/**
 * Whose people may be named: an email of the home tenant's own domains never (they are not guests), an unknown
 * domain never, and a partner's staff only people whose domain belongs to their own organisation, so an analyst of
 * one partner cannot bring in another partner's people. Home requesters may name any allow-listed partner.
 * `people[i]` is checked only where `skip(i)` is false (its address already has a problem).
 */
export async function domainProblems(
  deps: RequesterCheckDeps,
  people: readonly PartnerPerson[],
  requester: RequestActor | undefined,
  skip: (index: number) => boolean = () => false,
): Promise<FieldProblem[]> {
  const { tenants } = deps;
  const partnerRequester = requester && !tenants.isHome(requester.tenantId) ? requester : undefined;
  const problems: FieldProblem[] = [];
  for (const [i, p] of people.entries()) {
    if (skip(i)) continue;
    const field = `people[${i}].email`;
    const domain = domainOf(p.email);
    const owner = await tenants.classifyDomain(domain);
    if (owner === 'home')
      problems.push({
        field,
        message: `Person ${i + 1}: ${p.email} belongs to this organisation's own domain; only partner staff are invited as guests.`,
      });
    else if (owner === 'other')
      problems.push({
        field,
        message: `Person ${i + 1}: ${domain} is not an approved partner domain. Ask an admin to add it, or use the partner's work address.`,
      });
    else if (partnerRequester && (await tenants.domainOwner(domain)) !== partnerRequester.tenantId.toLowerCase())
      problems.push({
        field,
        message: `Person ${i + 1}: ${p.email} does not belong to your organisation. Partner staff can ask only for people of their own organisation; for anyone else, ask this organisation's admins.`,
      });
  }
  return problems;
}

/**
 * The requester as approvers should see them: name, email and organisation by name. The email comes from the home
 * directory for home staff; for partner staff from the chat Teams reported it in, and only when its domain belongs
 * to their own organisation (another organisation's directory can claim any address).
 */
export async function describeRequester(deps: RequesterCheckDeps, actor: RequestActor): Promise<RequestActor> {
  const { tenants } = deps;
  const organisation = await tenants.organisationName(actor.tenantId).catch(() => undefined);
  let email: string | undefined;
  if (tenants.isHome(actor.tenantId)) {
    const user = await deps.directory.getUser(actor.aadObjectId);
    email = user?.mail ?? user?.userPrincipalName;
  } else {
    const chat = await deps.conversations?.get(`user:${actor.aadObjectId}`);
    const claimed = (chat?.tenantId === actor.tenantId ? chat.email : undefined) ?? actor.email;
    const owner = claimed ? await tenants.domainOwner(domainOf(claimed)).catch(() => undefined) : undefined;
    email = owner && owner === actor.tenantId.toLowerCase() ? claimed : undefined;
  }
  const { email: _claimed, ...rest } = actor;
  return {
    ...rest,
    ...(email ? { email: email.toLowerCase() } : {}),
    ...(organisation ? { organisation } : {}),
  };
}
