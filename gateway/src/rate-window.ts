/** The seconds until fixed window number `window` of `windowMs` turns (at least 1): a refusal's Retry-After. */
export const secondsLeft = (window: number, windowMs: number, now: number): number => Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));

/**
 * Fixed one-minute windows of counts per key, in memory: the gateway's own, or its workers'
 * primary's for all of them (shared-state.ts; across hosts Redis keeps them, redis-store.ts). The window's map is replaced when the minute turns: O(1)
 * per hit, nothing to scan. At most `capacity` keys per window: past that, new keys share one
 * overflow count with the same limit, so a flood of new keys (spoofed tokens, many addresses)
 * is limited as one caller and never resets anyone else's count.
 */
export class RateWindows {
  private counts = new Map<string, number>();
  private window = -1;
  constructor(
    private readonly capacity = 100_000,
    private readonly windowMs = 60_000,
  ) {}

  /** Adds `amount` to `key`; the seconds until the window turns when the count is over `limit`. */
  hit(key: string, amount: number, limit: number, now = Date.now()): number | undefined {
    // Only forward: a count stamped a moment late (a worker's question on its way) joins the current window.
    const window = Math.max(this.window, Math.floor(now / this.windowMs));
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const slot = this.counts.has(key) || this.counts.size < this.capacity ? key : "(overflow)";
    const count = (this.counts.get(slot) ?? 0) + amount;
    this.counts.set(slot, count);
    return count > limit ? secondsLeft(window, this.windowMs, now) : undefined;
  }
}

/**
 * Fixed windows of distinct members per key (the person IDs a token named this hour): naming a
 * member again costs nothing, a new one counts once. A new member that would take a key past
 * `limit` is refused and not kept, so a key never holds more than its limit. At most `capacity`
 * keys per window, past that new keys share one overflow set with the same limit, as above.
 */
export class DistinctWindows {
  private members = new Map<string, Set<string>>();
  private window = -1;
  constructor(
    private readonly capacity = 100_000,
    private readonly windowMs = 3_600_000,
  ) {}

  /** Adds the `members` new to `key`; the seconds until the window turns when that would pass `limit`. */
  hit(key: string, members: readonly string[], limit: number, now = Date.now()): number | undefined {
    const window = Math.max(this.window, Math.floor(now / this.windowMs));
    if (window !== this.window) {
      this.window = window;
      this.members = new Map();
    }
    const slot = this.members.has(key) || this.members.size < this.capacity ? key : "(overflow)";
    const seen = this.members.get(slot) ?? new Set<string>();
    const fresh = [...new Set(members)].filter((m) => !seen.has(m));
    if (seen.size + fresh.length > limit) return secondsLeft(window, this.windowMs, now);
    for (const m of fresh) seen.add(m);
    this.members.set(slot, seen);
    return undefined;
  }
}
