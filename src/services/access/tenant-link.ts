import type { TenantPolicy } from './tenant-policy';

export const SECURITY_COPILOT_URL = 'https://securitycopilot.microsoft.com';

/** The tenant-explicit Security Copilot link: GDAP users need it, because the tenant switcher does not see them. */
export const securityCopilotLink = (tenantId: string): string =>
  `${SECURITY_COPILOT_URL}/?tenantId=${encodeURIComponent(tenantId)}`;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GUIDISH = /^[0-9a-f{}-]{20,}$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export type LinkTarget =
  | { readonly kind: 'home' }
  | { readonly kind: 'tenantId'; readonly tenantId: string }
  | { readonly kind: 'domain'; readonly domain: string }
  | { readonly kind: 'invalid'; readonly message: string };

/** What `link <arg>` asks for: this tenant, a tenant GUID, or a domain to resolve. Pure. */
export function parseLinkTarget(raw: string): LinkTarget {
  const arg = raw
    .trim()
    .replace(/^<|>$/g, '')
    .replace(/^https?:\/\//i, '')
    .replace(/\/.*$/, '');
  if (!arg) return { kind: 'home' };
  if (GUID.test(arg)) return { kind: 'tenantId', tenantId: arg.toLowerCase() };
  if (GUIDISH.test(arg) && !arg.includes('.')) {
    return {
      kind: 'invalid',
      message: `"${clip(arg)}" looks like a tenant id but is not a valid GUID (expected 8-4-4-4-12 hexadecimal digits, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47).`,
    };
  }
  if (arg.includes('@')) return parseLinkTarget(arg.split('@').pop() ?? '');
  if (DOMAIN.test(arg)) return { kind: 'domain', domain: arg.toLowerCase() };
  return {
    kind: 'invalid',
    message: `"${clip(arg)}" is neither a domain name (like contoso.com) nor a tenant id (a GUID).`,
  };
}

export type LinkAnswer =
  | {
      readonly ok: true;
      readonly tenantId: string;
      readonly tenantName?: string;
      readonly link: string;
      readonly resolvedFrom?: string;
    }
  | { readonly ok: false; readonly message: string };

/** Resolves a `link` request to the tenant's Security Copilot link, asking Graph for domains. */
export async function resolveLink(raw: string, tenants: TenantPolicy, homeTenantName: string): Promise<LinkAnswer> {
  const target = parseLinkTarget(raw);
  switch (target.kind) {
    case 'invalid':
      return { ok: false, message: target.message };
    case 'home':
      return {
        ok: true,
        tenantId: tenants.homeTenantId,
        tenantName: homeTenantName,
        link: securityCopilotLink(tenants.homeTenantId),
      };
    case 'tenantId': {
      if (tenants.isHome(target.tenantId))
        return {
          ok: true,
          tenantId: target.tenantId,
          tenantName: homeTenantName,
          link: securityCopilotLink(target.tenantId),
        };
      const info = await tenants.lookupTenantId(target.tenantId);
      if (!info)
        return {
          ok: false,
          message: `No Microsoft Entra tenant has the id ${target.tenantId}. Check it with the customer (Entra admin center > Overview > Tenant ID).`,
        };
      return {
        ok: true,
        tenantId: info.tenantId,
        tenantName: info.displayName,
        link: securityCopilotLink(info.tenantId),
      };
    }
    case 'domain': {
      const info = await tenants.lookupDomain(target.domain);
      if (!info)
        return {
          ok: false,
          message: `No Microsoft Entra tenant uses the domain ${target.domain}. Check the spelling, or ask the customer for their tenant id.`,
        };
      return {
        ok: true,
        tenantId: info.tenantId,
        tenantName: info.displayName,
        link: securityCopilotLink(info.tenantId),
        resolvedFrom: target.domain,
      };
    }
  }
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
