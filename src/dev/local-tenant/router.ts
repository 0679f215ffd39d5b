import { badRequest, GraphHttpError } from './errors';
import type { Route } from './route-types';

interface CompiledRoute {
  readonly route: Route;
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly segments: readonly RegExp[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** ':name' captures one segment (or the inside of a function call such as `fn(:args)`). */
function compile(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern
    .split(/(:[A-Za-z]\w*)/)
    .map((part) => {
      if (!/^:[A-Za-z]\w*$/.test(part)) return escape(part);
      names.push(part.slice(1));
      return '([^/]+?)';
    })
    .join('');
  return { regex: new RegExp(`^${source}$`, 'i'), names };
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/** Matches a decoded path (after the version) to a route; answers Graph's 400 for an unknown segment and 405. */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => ({
      route,
      ...compile(route.pattern),
      segments: route.pattern.split('/').map((seg) => compile(seg).regex),
    }));
  }

  resolve(method: string, path: string): RouteMatch {
    const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
    const allowed: string[] = [];
    for (const c of this.compiled) {
      const m = c.regex.exec(normalized);
      if (!m) continue;
      if (c.route.method !== method.toUpperCase()) {
        allowed.push(c.route.method);
        continue;
      }
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => (params[name] = m[i + 1] ?? ''));
      return { route: c.route, params };
    }
    if (allowed.length > 0) {
      throw new GraphHttpError(
        405,
        'Request_BadRequest',
        'Specified HTTP method is not allowed for the request target.',
        { Allow: [...new Set(allowed)].join(', ') },
      );
    }
    throw badRequest(`Resource not found for the segment '${this.unknownSegment(normalized)}'.`);
  }

  /** The first segment no route knows at that position, as Graph names it. */
  private unknownSegment(path: string): string {
    const parts = path.split('/');
    let best = 1;
    for (const c of this.compiled) {
      let k = 0;
      while (k < parts.length && k < c.segments.length && c.segments[k].test(parts[k])) k += 1;
      best = Math.max(best, k);
    }
    return parts[Math.min(best, parts.length - 1)] ?? '';
  }
}
