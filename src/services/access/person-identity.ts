import type { ConversationRecord, ConversationStore, Grant, GrantStore } from '../storage/types';
import type { TenantPolicy } from './tenant-policy';

/** Who is asking, as the authenticated activity says: the Entra object id and the tenant of the chat. */
export interface ChatIdentity {
  readonly aadObjectId?: string;
  readonly tenantId?: string;
}

/** A person the bot gave access to: the address they were invited with and, once known, their guest account. */
export interface PersonAddress {
  readonly email: string;
  readonly userId?: string;
}

const domainOf = (email: string) => email.trim().toLowerCase().split('@').pop() ?? '';

/**
 * The one rule for "is this chat that person": Teams reports an email as the person's OWN directory has it, and any
 * organisation can write any address into its directory. So an address is believed only from a chat whose tenant
 * owns the address's domain (Graph `findTenantInformationByDomainName`), and a guest account is matched by its object
 * id only from a chat in the home tenant, where that id lives. Everything that reaches or recognises a partner
 * person (delivery, reminders, end notices, `my access`, extensions) goes through here.
 */
export class PersonIdentity {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly tenants: Pick<TenantPolicy, 'domainOwner' | 'isHome'>,
  ) {}

  /** Whether a chat in this tenant may speak for this address: its tenant owns the address's domain. */
  async owns(tenantId: string | undefined, email: string): Promise<boolean> {
    if (!tenantId || !email.includes('@')) return false;
    const owner = await this.tenants.domainOwner(domainOf(email)).catch(() => undefined);
    return !!owner && owner === tenantId.toLowerCase();
  }

  /** The address this person verifiably has, from their personal chat; undefined when none can be believed. */
  async emailOf(who: ChatIdentity): Promise<string | undefined> {
    if (!who.aadObjectId) return undefined;
    const record = await this.conversations.get(`user:${who.aadObjectId.toLowerCase()}`);
    if (!record?.email || record.tenantId !== who.tenantId?.toLowerCase()) return undefined;
    return (await this.owns(record.tenantId, record.email)) ? record.email : undefined;
  }

  /** Whether this chat is the person who holds this access: the same guest account, or a believed address. */
  async holds(who: ChatIdentity, person: PersonAddress): Promise<boolean> {
    const aad = who.aadObjectId?.toLowerCase();
    if (aad && person.userId && this.tenants.isHome(who.tenantId) && person.userId.toLowerCase() === aad) return true;
    const email = await this.emailOf(who);
    return !!email && email === person.email.trim().toLowerCase();
  }

  /** Every grant this chat's person holds, newest first as the store lists them. */
  async grantsOf(who: ChatIdentity, grants: GrantStore): Promise<Grant[]> {
    const email = await this.emailOf(who);
    const byEmail = email ? await grants.listByEmail(email) : [];
    const byAccount =
      who.aadObjectId && this.tenants.isHome(who.tenantId) ? await grants.listByUser(who.aadObjectId) : [];
    const seen = new Set(byEmail.map((g) => g.id));
    return [...byEmail, ...byAccount.filter((g) => !seen.has(g.id))];
  }

  /** The personal chat that reaches this person: their guest account's chat, else a chat owning their address. */
  async chatOf(person: PersonAddress): Promise<ConversationRecord | undefined> {
    if (person.userId) {
      const own = await this.conversations.get(`user:${person.userId.toLowerCase()}`);
      if (own && this.tenants.isHome(own.tenantId)) return own;
    }
    const owner = await this.tenants.domainOwner(domainOf(person.email)).catch(() => undefined);
    return owner ? this.conversations.findByEmail(person.email, owner) : undefined;
  }
}
