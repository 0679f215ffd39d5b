import { notFound } from '../errors';
import { collection, entity, project } from '../odata';
import { PERMISSIONS } from '../permissions';
import type { JsonObject } from '../request-body';
import type { RequestContext, Route } from '../route-types';

/**
 * "List organization" (api-reference/v1.0/api/organization-list.md) and the organization resource: one object,
 * the tenant itself, whose id is the tenant id, with its verified domains.
 */
function organizationJson(ctx: RequestContext): JsonObject {
  const t = ctx.state.tenant;
  const initial = t.domains.find((d) => /\.onmicrosoft\.com$/i.test(d)) ?? t.defaultDomain;
  return project(ctx, 'microsoft.graph.organization', {
    id: t.id,
    displayName: t.displayName,
    tenantType: 'AAD',
    countryLetterCode: null,
    createdDateTime: null,
    verifiedDomains: t.domains.map((name) => ({
      capabilities: 'Email, OfficeCommunicationsOnline',
      isDefault: name.toLowerCase() === t.defaultDomain.toLowerCase(),
      isInitial: name.toLowerCase() === initial.toLowerCase(),
      name,
      type: 'Managed',
    })),
  });
}

export const organizationRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/organization',
    permissions: PERMISSIONS.organizationRead,
    handler: (ctx) => collection(ctx, 'organization', [organizationJson(ctx)]),
  },
  {
    method: 'GET',
    pattern: '/organization/:id',
    permissions: PERMISSIONS.organizationRead,
    handler: (ctx) => {
      if ((ctx.params.id ?? '').toLowerCase() !== ctx.state.tenant.id.toLowerCase())
        throw notFound(ctx.params.id ?? '');
      return entity(ctx, 'organization/$entity', organizationJson(ctx));
    },
  },
];
