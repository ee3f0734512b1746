/**
 * What the gateway counts and remembers for all its processes at once: the rate-limit windows
 * (operations and cost per minute, lookups finding nobody per hour) and the nonces of platform
 * services' signatures. One interface, three keepers:
 * - one process keeps them itself ({@link localState});
 * - workers under node:cluster ask their primary, which keeps the only copy (workers.ts);
 * - with `XINYI_REDIS_URL`, every gateway process on every machine keeps them in Redis
 *   (redis-store.ts), falling back to one of the two above for the limits while Redis is unreachable;
 * so a limit or a replay guard holds whichever process a request lands on.
 */
import { ReplayGuard } from "../../shared/caller.js";
import { DistinctWindows, RateWindows } from "./rate-window.js";

/** The counted windows: operations and cost per minute, lookups finding nobody per hour. */
export type WindowName = "operations" | "costs" | "misses";

/** How long each counted window lasts, in ms (fixed windows of the clock). */
export const WINDOW_MS: Readonly<Record<WindowName, number>> = { operations: 60_000, costs: 60_000, misses: 3_600_000 };

/** The window of the person IDs a token named (distinct IDs per hour). */
export const PERSON_IDS_WINDOW_MS = 3_600_000;

/** A value now (one process) or once the primary answers (a worker). */
export type MaybePromise<T> = T | Promise<T>;

/** `next` of a value now, or once it comes: one process's hooks stay synchronous, as they were before workers. */
export const whenKnown = <T, R>(value: MaybePromise<T>, next: (value: T) => R): R | Promise<Awaited<R>> =>
  value instanceof Promise ? (value.then(next) as Promise<Awaited<R>>) : next(value);

/** One check of an admission: an amount added to a counted window, or person IDs named this hour. */
export type Check =
  | { readonly windows: WindowName; readonly key: string; readonly amount: number; readonly limit: number }
  | { readonly personIds: readonly string[]; readonly key: string; readonly limit: number };

/** The check an admission was refused at (its index), and the seconds until that check's window turns. */
export interface Refusal {
  readonly at: number;
  readonly retry: number;
}

export interface GatewayState {
  /** Adds `amount` to `key` in `windows`; the seconds until the window turns when the count is over `limit`. */
  hit(windows: WindowName, key: string, amount: number, limit: number, now: number): MaybePromise<number | undefined>;
  /** Adds to `key` the person IDs it had not named this hour; the seconds until the hour turns when that would pass `limit`. */
  namePersonIds(key: string, ids: readonly string[], limit: number, now: number): MaybePromise<number | undefined>;
  /**
   * True the first time a signature's nonce is offered within its lifetime (ReplayGuard);
   * `signedAt`, the signature's time, lets a store that may have lost its nonces refuse what was signed before.
   */
  acceptNonce(nonce: string, now: number, signedAt?: number): MaybePromise<boolean>;
  /**
   * Several checks at once, in order, stopping at the first refused (a refused count stays counted,
   * as `hit` does; refused person IDs are not added): one round trip to a store that can (Redis's
   * one script); a store without it is asked check by check ({@link admit}).
   */
  admit?(checks: readonly Check[], now: number): MaybePromise<Refusal | undefined>;
}

/** One check asked of a store on its own. */
const checkOne = (state: GatewayState, check: Check, now: number): MaybePromise<number | undefined> =>
  "personIds" in check
    ? state.namePersonIds(check.key, check.personIds, check.limit, now)
    : state.hit(check.windows, check.key, check.amount, check.limit, now);

/** `checks` in order, stopping at the first refused: in one call where the store batches them, else one by one. */
export function admit(state: GatewayState, checks: readonly Check[], now: number): MaybePromise<Refusal | undefined> {
  if (state.admit) return state.admit(checks, now);
  const from = (at: number): MaybePromise<Refusal | undefined> =>
    at === checks.length ? undefined : whenKnown(checkOne(state, checks[at], now), (retry) => (retry === undefined ? from(at + 1) : { at, retry }));
  return from(0);
}

/** The state of one process: answers at once. */
export interface LocalState extends GatewayState {
  hit(windows: WindowName, key: string, amount: number, limit: number, now: number): number | undefined;
  namePersonIds(key: string, ids: readonly string[], limit: number, now: number): number | undefined;
  acceptNonce(nonce: string, now: number): boolean;
}

/** The state of one process: answers at once. */
export function localState(): LocalState {
  const windows: Record<WindowName, RateWindows> = {
    operations: new RateWindows(100_000, WINDOW_MS.operations),
    costs: new RateWindows(100_000, WINDOW_MS.costs),
    misses: new RateWindows(100_000, WINDOW_MS.misses),
  };
  const personIds = new DistinctWindows(100_000, PERSON_IDS_WINDOW_MS);
  const nonces = new ReplayGuard();
  return {
    hit: (name, key, amount, limit, now) => windows[name].hit(key, amount, limit, now),
    namePersonIds: (key, ids, limit, now) => personIds.hit(key, ids, limit, now),
    acceptNonce: (nonce, now) => nonces.accept(nonce, now),
  };
}
