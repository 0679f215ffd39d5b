import { badRequest, directoryBadRequest } from './errors';
import { compileFilter, type FilterSpec } from './odata-filter';
import type { JsonObject } from './request-body';
import type { GraphResponse, RequestContext } from './route-types';

const DEFAULT_PAGE_SIZE = 100;

export function contextUrl(ctx: RequestContext, fragment: string): string {
  return `${ctx.serverUrl}/${ctx.version}/$metadata#${fragment}`;
}

/**
 * Applies $select. Without it, `defaults` (when given) is the property set Graph returns by default; '@odata.*'
 * annotations always stay.
 */
export function project(
  ctx: RequestContext,
  typeName: string,
  item: JsonObject,
  defaults?: readonly string[],
): JsonObject {
  const select = ctx.query.get('$select');
  const names = select
    ? select
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : defaults;
  if (!names) return item;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(item)) if (k.startsWith('@odata.')) out[k] = v;
  for (const name of names) {
    const found = Object.keys(item).find((k) => k.toLowerCase() === name.toLowerCase());
    if (found === undefined) {
      if (select) throw directoryBadRequest(`Could not find a property named '${name}' on type '${typeName}'.`);
      continue;
    }
    out[found] = item[found];
  }
  return out;
}

export function filterItems<T extends JsonObject>(ctx: RequestContext, items: readonly T[], spec: FilterSpec): T[] {
  const predicate = compileFilter(ctx.query.get('$filter'), spec);
  return items.filter(predicate);
}

/** $filter over records, evaluated against their JSON form. */
export function filterRecords<T>(
  ctx: RequestContext,
  records: readonly T[],
  toJson: (record: T) => JsonObject,
  spec: FilterSpec,
): T[] {
  const predicate = compileFilter(ctx.query.get('$filter'), spec);
  return records.filter((r) => predicate(toJson(r)));
}

/**
 * The server chooses the page ("Paging Microsoft Graph data in your app", learn.microsoft.com/graph/paging):
 * GET /users returns 100 by default, $top asks for 1..999 per page, and the service may return fewer, with an
 * @odata.nextLink as long as more remain. `paging.maxPageSize` caps the page whatever $top asks, so a test can
 * prove that a caller follows nextLink to the end with a handful of objects.
 */
function pageSize(ctx: RequestContext): number {
  const top = ctx.query.get('$top');
  const cap = ctx.modes.paging.maxPageSize ?? 999;
  if (top === null) return Math.min(DEFAULT_PAGE_SIZE, cap);
  const n = Number(top);
  if (!Number.isInteger(n) || n < 1 || n > 999)
    throw badRequest(`Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`);
  return Math.min(n, cap);
}

/** A page of a collection, with @odata.nextLink ($skiptoken) when more items remain. */
export function collection(ctx: RequestContext, fragment: string, items: readonly JsonObject[]): GraphResponse {
  const size = pageSize(ctx);
  const token = ctx.query.get('$skiptoken');
  const offset = token === null ? 0 : Number(token);
  if (!Number.isInteger(offset) || offset < 0) throw badRequest(`Invalid $skiptoken: '${token}'.`);
  const page = items.slice(offset, offset + size);
  const body: JsonObject = { '@odata.context': contextUrl(ctx, fragment), value: page };
  if (offset + size < items.length) {
    const next = new URLSearchParams(ctx.query);
    next.set('$skiptoken', String(offset + size));
    const query = [...next].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    body['@odata.nextLink'] = `${ctx.serverUrl}/${ctx.version}${ctx.path}?${query}`;
  }
  return { status: 200, body };
}

export function entity(ctx: RequestContext, fragment: string, item: JsonObject, status = 200): GraphResponse {
  return { status, body: { '@odata.context': contextUrl(ctx, fragment), ...item } };
}

export const NO_CONTENT: GraphResponse = { status: 204 };

/** The last path segment of an @odata.id / @odata.bind URL, which is the object id. */
export function idFromODataUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match =
    /\/(?:directoryObjects|users|groups|servicePrincipals)\/([^/?#]+)\/?$/i.exec(value) ??
    /^([0-9a-f-]{36})$/i.exec(value);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
