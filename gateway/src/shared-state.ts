/**
 * What the gateway counts and remembers for all its processes at once: the rate-limit windows
 * (operations and cost per minute, lookups finding nobody per hour) and the nonces of platform
 * services' signatures. One process keeps them itself ({@link localState}); workers under
 * node:cluster ask their primary, which keeps the only copy (workers.ts), so a limit or a replay
 * guard holds whichever worker a request lands on.
 */
import { ReplayGuard } from "../../shared/caller.js";
import { DistinctWindows, RateWindows } from "./rate-window.js";

/** The counted windows: operations and cost per minute, lookups finding nobody per hour. */
export type WindowName = "operations" | "costs" | "misses";

/** A value now (one process) or once the primary answers (a worker). */
export type MaybePromise<T> = T | Promise<T>;

/** `next` of a value now, or once it comes: one process's hooks stay synchronous, as they were before workers. */
export const whenKnown = <T, R>(value: MaybePromise<T>, next: (value: T) => R): R | Promise<Awaited<R>> =>
  value instanceof Promise ? (value.then(next) as Promise<Awaited<R>>) : next(value);

export interface GatewayState {
  /** Adds `amount` to `key` in `windows`; the seconds until the window turns when the count is over `limit`. */
  hit(windows: WindowName, key: string, amount: number, limit: number, now: number): MaybePromise<number | undefined>;
  /** Adds to `key` the person IDs it had not named this hour; the seconds until the hour turns when that would pass `limit`. */
  namePersonIds(key: string, ids: readonly string[], limit: number, now: number): MaybePromise<number | undefined>;
  /** True the first time a signature's nonce is offered within its lifetime (ReplayGuard). */
  acceptNonce(nonce: string, now: number): MaybePromise<boolean>;
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
    operations: new RateWindows(),
    costs: new RateWindows(),
    misses: new RateWindows(100_000, 3_600_000),
  };
  const personIds = new DistinctWindows();
  const nonces = new ReplayGuard();
  return {
    hit: (name, key, amount, limit, now) => windows[name].hit(key, amount, limit, now),
    namePersonIds: (key, ids, limit, now) => personIds.hit(key, ids, limit, now),
    acceptNonce: (nonce, now) => nonces.accept(nonce, now),
  };
}
