import type { Pool } from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { AuditLog } from '../storage/types';

export interface TurnLimits {
  /** Turns (messages and card clicks) one person may send per window; 0 turns the limit off. */
  readonly turnsPerWindow: number;
  /** Of those, turns that call Microsoft Graph (whoami, link, pending, request submission…); 0 turns it off. */
  readonly graphTurnsPerWindow: number;
  readonly windowSeconds: number;
}

export type TurnVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly limit: 'turns' | 'graph';
      /** True for the first refused turn of a window only: the one that gets a polite answer and an audit entry. */
      readonly firstInWindow: boolean;
      readonly retryAfterSeconds: number;
    };

export interface TurnLimiterOptions {
  readonly limits: TurnLimits;
  readonly audit: AuditLog;
  /**
   * The PostgreSQL pool when several instances share one database: counters live in its rate_limits table, so a
   * person cannot multiply their allowance by landing on another instance. Without it (SQLite, which is one
   * instance by design) counters stay in memory: exact for one process, and no file write per turn.
   */
  readonly pool?: Pool;
}

/** Per-person turn limits with rate-limiter-flexible; the chat side decides what a refused person is told. */
export class TurnLimiter {
  private readonly turns?: RateLimiterAbstract;
  private readonly graph?: RateLimiterAbstract;

  constructor(private readonly options: TurnLimiterOptions) {
    const { limits } = options;
    this.turns = limits.turnsPerWindow > 0 ? this.limiter('turns', limits.turnsPerWindow) : undefined;
    this.graph = limits.graphTurnsPerWindow > 0 ? this.limiter('graph', limits.graphTurnsPerWindow) : undefined;
  }

  async check(person: { readonly id: string; readonly name: string }, callsGraph: boolean): Promise<TurnVerdict> {
    const turns = await this.consume(this.turns, person.id);
    const verdict = turns ?? (callsGraph ? await this.consume(this.graph, person.id) : undefined);
    if (!verdict) return { allowed: true };
    const limit: 'turns' | 'graph' = turns ? 'turns' : 'graph';
    const points = limit === 'turns' ? this.options.limits.turnsPerWindow : this.options.limits.graphTurnsPerWindow;
    const firstInWindow = verdict.consumedPoints === points + 1;
    const retryAfterSeconds = Math.max(1, Math.ceil(verdict.msBeforeNext / 1000));
    if (firstInWindow)
      await this.options.audit.append({
        actorId: person.id,
        actorName: person.name,
        action: 'rate.limited',
        subject: person.id,
        detail: { limit, allowed: points, windowSeconds: this.options.limits.windowSeconds, retryAfterSeconds },
      });
    return { allowed: false, limit, firstInWindow, retryAfterSeconds };
  }

  /** The refusal when over the limit, undefined when the turn may go on. Store errors are not refusals. */
  private async consume(limiter: RateLimiterAbstract | undefined, key: string): Promise<RateLimiterRes | undefined> {
    if (!limiter) return undefined;
    try {
      await limiter.consume(key);
      return undefined;
    } catch (error) {
      if (error instanceof RateLimiterRes) return error;
      throw error;
    }
  }

  private limiter(name: string, points: number): RateLimiterAbstract {
    const duration = this.options.limits.windowSeconds;
    const keyPrefix = `turns-${name}`;
    if (!this.options.pool) return new RateLimiterMemory({ keyPrefix, points, duration });
    return new RateLimiterPostgres({
      storeClient: this.options.pool,
      storeType: 'pool',
      // Created by migration 8, in the schema the pool's search_path names.
      tableName: 'rate_limits',
      tableCreated: true,
      keyPrefix,
      points,
      duration,
      // A database hiccup must not lock everyone out: this instance counts in memory until it is back.
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
    });
  }
}
