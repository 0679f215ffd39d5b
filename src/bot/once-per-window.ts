/**
 * Remembers recently seen keys (at most `max`, oldest forgotten first), so that a flood from one sender writes one
 * record per window instead of one per message. Memory stays bounded whatever the sender does.
 */
export class OncePerWindow {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time a key is seen in a window; false for repeats within it. */
  first(key: string): boolean {
    const t = this.now();
    const at = this.seen.get(key);
    if (at !== undefined && t - at < this.windowMs) return false;
    this.seen.delete(key);
    if (this.seen.size >= this.max) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    this.seen.set(key, t);
    return true;
  }
}
