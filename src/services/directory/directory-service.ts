import type { GraphClient } from '../graph/graph-call';
import { graphCall, graphFind } from '../graph/graph-call';

export interface DirectoryUser {
  readonly id: string;
  readonly displayName: string;
  readonly mail?: string;
  readonly userPrincipalName?: string;
  readonly userType?: string;
  readonly accountEnabled?: boolean;
}

export interface Memberships {
  readonly isAdmin: boolean;
  readonly isApprover: boolean;
}

/** Who acts, as the activity says: the Entra object id and the tenant of the conversation. */
export interface Someone {
  readonly aadObjectId?: string;
  readonly tenantId?: string;
}

/** Memberships that count for decisions, and whether the person is home staff at all. */
export interface StaffRoles extends Memberships {
  readonly homeMember: boolean;
}

export interface DirectoryServiceOptions {
  /** The tenant whose directory this is: only its members (not its guests) may decide. */
  readonly homeTenantId: string;
  readonly adminGroupId: string;
  readonly approverGroupId: string;
  /** How long a membership answer is trusted; short, because removing an approver must take effect quickly. */
  readonly cacheTtlMs?: number;
  readonly clock?: () => Date;
  /** Members asked for per page (Graph allows up to 999, and may send fewer); the list is read to its last page. */
  readonly memberPageSize?: number;
}

const USER_FIELDS = 'id,displayName,mail,userPrincipalName,userType,accountEnabled';

/** Who is who in the home tenant, asked of Graph: users, and membership of the admin and approver groups. */
export class DirectoryService {
  private readonly cache = new Map<string, { at: number; value: Memberships }>();
  private readonly homeMembers = new Map<string, { at: number; value: boolean }>();
  private readonly members = new Map<string, { at: number; value: Promise<string[]> }>();
  private readonly ttl: number;
  private readonly now: () => number;

  constructor(
    private readonly graph: GraphClient,
    private readonly options: DirectoryServiceOptions,
  ) {
    this.ttl = options.cacheTtlMs ?? 60_000;
    const clock = options.clock ?? (() => new Date());
    this.now = () => clock().getTime();
  }

  async getUser(id: string): Promise<DirectoryUser | undefined> {
    if (!isGuid(id)) return undefined;
    return graphFind(
      'DirectoryService.getUser()',
      () =>
        this.graph
          .api(`/users/${encodeURIComponent(id)}`)
          .select(USER_FIELDS)
          .get() as Promise<DirectoryUser>,
    );
  }

  /** Every account that carries this address as mail, one of its other mails, or its user principal name. */
  async usersByEmail(email: string): Promise<DirectoryUser[]> {
    const e = `'${email.replace(/'/g, "''")}'`;
    const page = await graphCall(
      'DirectoryService.usersByEmail()',
      () =>
        this.graph
          .api('/users')
          .filter(`mail eq ${e} or otherMails/any(x:x eq ${e}) or userPrincipalName eq ${e}`)
          .select(USER_FIELDS)
          .get() as Promise<{ value: DirectoryUser[] }>,
    );
    return page.value;
  }

  /**
   * The one rule for every decision (approve, reject, retry, revoke, terminate, the approvals channel, support
   * hand-offs): admin/approver group membership counts only for a member of the home tenant, told by the activity's
   * tenant AND by the directory's userType. A guest has a home-tenant id in Teams but is not home staff; a partner
   * tenant's user is not, whatever id it carries. Refused people get no roles, so each caller's refusal applies.
   */
  async staffRoles(who: Someone): Promise<StaffRoles> {
    const id = who.aadObjectId?.toLowerCase() ?? '';
    const home = !!who.tenantId && who.tenantId.toLowerCase() === this.options.homeTenantId.toLowerCase();
    if (!home || !isGuid(id) || !(await this.isHomeMember(id)))
      return { isAdmin: false, isApprover: false, homeMember: false };
    return { ...(await this.memberships(id)), homeMember: true };
  }

  /** A member (not a guest), enabled, of this directory; cached like memberships. */
  private async isHomeMember(id: string): Promise<boolean> {
    const cached = this.homeMembers.get(id);
    if (cached && this.now() - cached.at < this.ttl) return cached.value;
    const user = await this.getUser(id);
    const value = !!user && user.userType !== 'Guest' && user.accountEnabled !== false;
    this.homeMembers.set(id, { at: this.now(), value });
    return value;
  }

  /** Membership is checked transitively at the time of asking (briefly cached); never taken from card data. */
  async memberships(userId: string): Promise<Memberships> {
    if (!isGuid(userId)) return { isAdmin: false, isApprover: false };
    const cached = this.cache.get(userId);
    if (cached && this.now() - cached.at < this.ttl) return cached.value;
    const { adminGroupId, approverGroupId } = this.options;
    const answer = await graphFind(
      'DirectoryService.memberships()',
      () =>
        this.graph
          .api(`/users/${encodeURIComponent(userId)}/checkMemberGroups`)
          .post({ groupIds: [adminGroupId, approverGroupId] }) as Promise<{ value: string[] }>,
    );
    const ids = new Set((answer?.value ?? []).map((g) => g.toLowerCase()));
    const value = { isAdmin: ids.has(adminGroupId.toLowerCase()), isApprover: ids.has(approverGroupId.toLowerCase()) };
    this.cache.set(userId, { at: this.now(), value });
    return value;
  }

  /** Object ids of the approver group's members, to send each of them the approval card. */
  approverIds(): Promise<string[]> {
    return this.memberIds(this.options.approverGroupId, 'DirectoryService.approverIds()');
  }

  /** Object ids of the admin group's members, to tell them what needs an admin. */
  adminIds(): Promise<string[]> {
    return this.memberIds(this.options.adminGroupId, 'DirectoryService.adminIds()');
  }

  /**
   * The users of a group at any depth (transitive, users only: the same people checkMemberGroups lets decide),
   * briefly cached like memberships: every card render and refresh needs the approver list, and one Graph call per
   * click would put Graph on the approve path for no news.
   */
  private memberIds(groupId: string, operation: string): Promise<string[]> {
    const cached = this.members.get(groupId);
    if (cached && this.now() - cached.at < this.ttl) return cached.value;
    const value = this.fetchMemberIds(groupId, operation);
    this.members.set(groupId, { at: this.now(), value });
    value.catch(() => this.members.delete(groupId));
    return value;
  }

  private async fetchMemberIds(groupId: string, operation: string): Promise<string[]> {
    type Page = { value: Array<{ id: string }>; '@odata.nextLink'?: string };
    const ids: string[] = [];
    let page = await graphCall(
      operation,
      () =>
        this.graph
          .api(`/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user`)
          .select('id')
          .top(this.options.memberPageSize ?? 999)
          .get() as Promise<Page>,
    );
    ids.push(...page.value.map((m) => m.id.toLowerCase()));
    // A large group comes in pages; an approver on page two must get the card too.
    for (let next = page['@odata.nextLink']; next; next = page['@odata.nextLink']) {
      const link = next;
      page = await graphCall(operation, () => this.graph.api(link).get() as Promise<Page>);
      ids.push(...page.value.map((m) => m.id.toLowerCase()));
    }
    return ids;
  }

  /** Readiness: Graph answers for this tenant. */
  async ping(): Promise<void> {
    await graphCall(
      'DirectoryService.ping()',
      () => this.graph.api(`/groups/${this.options.approverGroupId}`).select('id').get() as Promise<unknown>,
    );
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (value: string): boolean => GUID.test(value);
