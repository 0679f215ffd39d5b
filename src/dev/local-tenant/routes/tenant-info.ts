import { badRequest, GraphHttpError } from '../errors';
import { contextUrl } from '../odata';
import { PERMISSIONS } from '../permissions';
import type { GraphResponse, RequestContext, Route } from '../route-types';
import type { TenantState } from '../state';

interface TenantInformation {
  readonly tenantId: string;
  readonly displayName: string;
  readonly defaultDomainName: string;
  readonly federationBrandName: string | null;
  readonly domains: readonly string[];
}

function allTenants(state: TenantState): TenantInformation[] {
  const home = {
    tenantId: state.tenant.id,
    displayName: state.tenant.displayName,
    defaultDomainName: state.tenant.defaultDomain,
    federationBrandName: null,
    domains: state.tenant.domains,
  };
  return [home, ...state.knownTenants];
}

/** `domainName='x'` (quotes doubled inside) or a bare value. */
function functionArgument(args: string, name: string): string {
  const m = new RegExp(`^\\s*${name}\\s*=\\s*(?:'((?:[^']|'')*)'|([^'\\s]+))\\s*$`, 'i').exec(args);
  if (!m) throw badRequest(`The function parameter '${name}' is missing or malformed: (${args}).`);
  return m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? '');
}

function answer(ctx: RequestContext, found: TenantInformation | undefined, what: string): GraphResponse {
  if (!found) throw new GraphHttpError(404, 'Request_ResourceNotFound', `No tenant was found for ${what}.`);
  const { tenantId, displayName, defaultDomainName, federationBrandName } = found;
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx, 'microsoft.graph.tenantInformation'),
      tenantId,
      displayName,
      defaultDomainName,
      federationBrandName,
    },
  };
}

function byDomain(ctx: RequestContext): GraphResponse {
  const domain = functionArgument(ctx.params.args ?? '', 'domainName').toLowerCase();
  const found = allTenants(ctx.state).find((t) => t.domains.some((d) => d.toLowerCase() === domain));
  return answer(ctx, found, `the domain '${domain}'`);
}

function byTenantId(ctx: RequestContext): GraphResponse {
  const id = functionArgument(ctx.params.args ?? '', 'tenantId').toLowerCase();
  const found = allTenants(ctx.state).find((t) => t.tenantId.toLowerCase() === id);
  return answer(ctx, found, `the tenant id '${id}'`);
}

export const tenantInfoRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/tenantRelationships/findTenantInformationByDomainName(:args)',
    permissions: PERMISSIONS.tenantInfo,
    handler: byDomain,
  },
  {
    method: 'GET',
    pattern: '/tenantRelationships/findTenantInformationByTenantId(:args)',
    permissions: PERMISSIONS.tenantInfo,
    handler: byTenantId,
  },
];
