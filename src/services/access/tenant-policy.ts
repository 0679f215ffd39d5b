import type { GraphClient } from '../graph/graph-call';
import { graphFind } from '../graph/graph-call';

export interface TenantInformation {
  readonly tenantId: string;
  readonly displayName: string;
  readonly defaultDomainName?: string;
}

export interface TenantPolicyOptions {
  readonly homeTenantId: string;
  readonly partnerTenantIds: readonly string[];
  readonly partnerDomains: readonly string[];
}

/**
 * Which organisations may talk to the bot at all: the home tenant and the allow-listed partners. Partner domains
 * are resolved to tenant ids through Graph the first time they are needed, so an admin can list `fabrikam.com`
 * rather than a GUID.
 */
export class TenantPolicy {
  private domainTenants: Promise<Set<string>> | undefined;
  private readonly domainOwners = new Map<string, Promise<string | undefined>>();
  private readonly tenantNames = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly graph: GraphClient,
    private readonly options: TenantPolicyOptions,
  ) {}

  get homeTenantId(): string {
    return this.options.homeTenantId;
  }

  isHome(tenantId: string | undefined): boolean {
    return !!tenantId && tenantId.toLowerCase() === this.options.homeTenantId.toLowerCase();
  }

  async isAllowed(tenantId: string | undefined): Promise<boolean> {
    if (!tenantId) return false;
    const id = tenantId.toLowerCase();
    if (this.isHome(id) || this.options.partnerTenantIds.includes(id)) return true;
    return (await this.partnerDomainTenants()).has(id);
  }

  isPartnerDomain(email: string): boolean {
    const domain = email.split('@').pop()?.toLowerCase() ?? '';
    return this.options.partnerDomains.includes(domain);
  }

  /**
   * Whose email domain is this: the home tenant's own (never invited as a guest), an allow-listed partner's, or
   * nobody's we know. Asks Graph which tenant owns the domain, once per domain per process.
   */
  async classifyDomain(domain: string): Promise<'home' | 'partner' | 'other'> {
    const d = domain.toLowerCase();
    const owner = await this.domainOwner(d);
    if (owner && this.isHome(owner)) return 'home';
    if (this.options.partnerDomains.includes(d) || (owner && this.options.partnerTenantIds.includes(owner)))
      return 'partner';
    return 'other';
  }

  /** The id (lower case) of the tenant that owns this email domain, asked of Graph once per domain per process. */
  domainOwner(domain: string): Promise<string | undefined> {
    const d = domain.trim().toLowerCase();
    let pending = this.domainOwners.get(d);
    if (!pending) {
      pending = this.lookupDomain(d).then((t) => t?.tenantId.toLowerCase());
      this.domainOwners.set(d, pending);
      pending.catch(() => this.domainOwners.delete(d));
    }
    return pending;
  }

  /**
   * An organisation's name, for people to read instead of a tenant id (Graph `findTenantInformationByTenantId`,
   * once per tenant per process). Undefined when Graph does not know the tenant.
   */
  organisationName(tenantId: string): Promise<string | undefined> {
    const id = tenantId.toLowerCase();
    let pending = this.tenantNames.get(id);
    if (!pending) {
      pending = this.lookupTenantId(id).then((t) => t?.displayName || undefined);
      this.tenantNames.set(id, pending);
      pending.catch(() => this.tenantNames.delete(id));
    }
    return pending;
  }

  async lookupDomain(domain: string): Promise<TenantInformation | undefined> {
    const safe = domain.replace(/'/g, "''");
    return graphFind(
      'TenantPolicy.lookupDomain()',
      () =>
        this.graph
          .api(`/tenantRelationships/findTenantInformationByDomainName(domainName='${encodeURIComponent(safe)}')`)
          .get() as Promise<TenantInformation>,
    );
  }

  /** Which tenant has this id, if any (Graph `findTenantInformationByTenantId`). */
  async lookupTenantId(tenantId: string): Promise<TenantInformation | undefined> {
    return graphFind(
      'TenantPolicy.lookupTenantId()',
      () =>
        this.graph
          .api(`/tenantRelationships/findTenantInformationByTenantId(tenantId='${encodeURIComponent(tenantId)}')`)
          .get() as Promise<TenantInformation>,
    );
  }

  private partnerDomainTenants(): Promise<Set<string>> {
    if (!this.domainTenants) {
      this.domainTenants = Promise.all(this.options.partnerDomains.map((d) => this.lookupDomain(d))).then(
        (found) => new Set(found.filter((t): t is TenantInformation => !!t).map((t) => t.tenantId.toLowerCase())),
      );
      // A failed lookup (Graph down) is not remembered: the next turn asks again.
      this.domainTenants.catch(() => (this.domainTenants = undefined));
    }
    return this.domainTenants;
  }
}
