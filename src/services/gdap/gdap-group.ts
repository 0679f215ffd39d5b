import type { Client } from '@microsoft/microsoft-graph-client';
import { graphSend, type Traced } from '../graph/graph-batch';

export interface SecurityGroup {
  readonly groupId: string;
  readonly displayName: string;
  readonly mailNickname: string;
  /** false: an existing group was re-used. */
  readonly created: boolean;
}

/** The partner's security group for one customer is found again by this nickname, so it is created once. */
export const securityGroupNickname = (customerTenantId: string): string =>
  `scp-gdap-${customerTenantId.replace(/-/g, '').toLowerCase()}`;

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The partner-tenant security group "Security Copilot – <customer>" that the access assignment gives the roles to:
 * looked up by its nickname (derived from the customer tenant id), created only when there is none.
 */
export async function ensureSecurityGroup(
  graph: Client,
  customerDisplayName: string,
  customerTenantId: string,
): Promise<Traced<SecurityGroup>> {
  const mailNickname = securityGroupNickname(customerTenantId);
  const operation = 'GdapClient.ensureSecurityGroup()';
  const filter = encodeURIComponent(`mailNickname eq ${literal(mailNickname)}`);
  const found = await graphSend<{ value?: Array<{ id: string; displayName: string }> }>(
    graph,
    operation,
    'GET',
    `/groups?$filter=${filter}`,
  );
  const existing = found.body?.value?.[0];
  if (existing) {
    const { id: groupId, displayName } = existing;
    return { groupId, displayName, mailNickname, created: false, requestId: found.requestId };
  }
  const customer = customerDisplayName.trim().replace(/\s+/g, ' ') || customerTenantId;
  const displayName = `Security Copilot – ${customer}`.slice(0, 256);
  const description = `Partner staff who use Security Copilot in ${customer} (tenant ${customerTenantId}) through GDAP.`;
  const created = await graphSend<{ id: string }>(graph, operation, 'POST', '/groups', {
    displayName,
    description: description.slice(0, 1024),
    mailEnabled: false,
    mailNickname,
    securityEnabled: true,
  });
  return { groupId: created.body?.id ?? '', displayName, mailNickname, created: true, requestId: created.requestId };
}
