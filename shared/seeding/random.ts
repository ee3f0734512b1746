/** A small seeded PRNG (mulberry32) so the generator is deterministic across runs and machines. */

/** FNV-1a hash of a string, as a 32-bit seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: `[[item, weight], ...]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
}

export function createRng(seed: number | string): Rng {
  let state = typeof seed === "string" ? hashSeed(seed) : seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (items) => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1][0];
    },
  };
}

const DAY_MS = 86_400_000;
/** Bound of each memo below (a seed meets a few tens of thousands of dates). */
const MEMO_LIMIT = 100_000;
/**
 * Dates as days since 1970 and back, remembered: the seed adds days to dates many times per
 * subject, and parsing and printing them was its largest cost after the database.
 */
const dayOf = new Map<string, number>();
const dateOf = new Map<number, string>();

/** A date `days` days after an ISO date. */
export function addDays(date: string, days: number): string {
  let day = dayOf.get(date);
  if (day === undefined) {
    day = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
    if (dayOf.size < MEMO_LIMIT) dayOf.set(date, day);
  }
  const target = Math.floor(day + days);
  let text = dateOf.get(target);
  if (text === undefined) {
    text = new Date(target * DAY_MS).toISOString().slice(0, 10);
    if (dateOf.size < MEMO_LIMIT) dateOf.set(target, text);
  }
  return text;
}
