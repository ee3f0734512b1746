/**
 * The gateway's shared state in Redis (`XINYI_REDIS_URL`): the rate-limit windows, the cost and
 * lookup budgets and the service-signature replay guard, so any number of gateway processes on
 * any number of machines enforce one limit and accept a signature once. Circuit state stays per
 * process (workers.ts shares it between the workers of one machine).
 *
 * - A counted window is one key per (window, caller), `INCRBY` then `PEXPIRE` in one Lua script
 *   (atomic, one round trip); the person IDs a token named this hour are one set per (hour,
 *   token), checked and added by a Lua script, so two gateways cannot both let the 61st ID in.
 * - An operation's admission (the token's operation count, the person IDs it names, the lookup
 *   budget, its cost: use-limits.ts) is one script call that runs those checks in turn and stops
 *   at the first refused: one round trip per operation, besides the address's count on arrival.
 * - A nonce is `SET … NX PX 120000`: the first gateway to set it accepts, every other refuses
 *   (a signature is valid 60 s either side of the clock).
 * - Redis holds no personal data: every key part and member (addresses, token subjects, person ID
 *   numbers, nonces) is an HMAC under the gateway secret, the same at every gateway.
 *
 * **When Redis is unreachable** (refused, down, or hung: every command waits at most
 * `timeoutMs`, then a breaker skips Redis for a second before one probe):
 * - the replay guard fails closed: a platform service's call is refused with 503
 *   REPLAY_GUARD_UNAVAILABLE (service-callers.ts), never let through, since the other gateways
 *   could not tell a replay;
 * - the limits fail open to this machine's own count (`fallback`: this process's windows, or its
 *   workers' primary's): each gateway still enforces every limit, so a caller gets at most N× a
 *   limit over N machines during the outage, never unlimited. A log line says when the outage
 *   begins and ends; `xinyi_shared_store_up` and `xinyi_shared_store_unreachable_total` count it.
 */
import { createHmac } from "node:crypto";
import { Redis, type Result } from "ioredis";
import { Counter, Gauge, type Registry } from "prom-client";
import { CircuitBreaker } from "./circuit-breaker.js";
import { secondsLeft } from "./rate-window.js";
import { admit, type Check, type GatewayState, type MaybePromise, PERSON_IDS_WINDOW_MS, WINDOW_MS } from "./shared-state.js";

/** KEYS[1] a window's count; ARGV: the amount, the key's lifetime (ms). Answers the new count. */
const HIT = `local n = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return n`;

/** KEYS[1] a window's set; ARGV: the limit, the set's lifetime (ms), the members (distinct). 1: refused (nothing added). */
const DISTINCT = `local fresh = {}
for i = 3, #ARGV do
  if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 0 then fresh[#fresh + 1] = ARGV[i] end
end
if #fresh == 0 then return 0 end
if redis.call('SCARD', KEYS[1]) + #fresh > tonumber(ARGV[1]) then return 1 end
redis.call('SADD', KEYS[1], unpack(fresh))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0`;

/**
 * KEYS[1] the nonce, KEYS[2] when this Redis's data began (ms; set by the first gateway to connect,
 * kept without expiry); ARGV: now, the signature's time, the nonce's lifetime. 1: accepted, 0: a
 * replay, -1: signed before this Redis's data began (a restart without persistence, a failover to
 * an empty replica, a flush): the nonces of then are lost, so it is refused as unknowable.
 */
const NONCE = `redis.call('SET', KEYS[2], ARGV[1], 'NX')
if tonumber(ARGV[2]) < tonumber(redis.call('GET', KEYS[2])) then return -1 end
if redis.call('SET', KEYS[1], '1', 'PX', ARGV[3], 'NX') then return 1 end
return 0`;

/**
 * An admission: KEYS are the checks' keys, in order; ARGV per check: `h`, limit, lifetime (ms),
 * amount (a counted window) or `s`, limit, lifetime, n, then n members (person IDs named). Runs
 * them in turn as HIT and DISTINCT do; answers the 1-based index of the first refused, or 0.
 */
const ADMIT = `local a = 1
for i = 1, #KEYS do
  local limit = tonumber(ARGV[a + 1])
  if ARGV[a] == 'h' then
    local n = redis.call('INCRBY', KEYS[i], ARGV[a + 3])
    redis.call('PEXPIRE', KEYS[i], ARGV[a + 2])
    if n > limit then return i end
    a = a + 4
  else
    local last = a + 3 + tonumber(ARGV[a + 3])
    local fresh = {}
    for j = a + 4, last do
      if redis.call('SISMEMBER', KEYS[i], ARGV[j]) == 0 then fresh[#fresh + 1] = ARGV[j] end
    end
    if #fresh > 0 then
      if redis.call('SCARD', KEYS[i]) + #fresh > limit then return i end
      redis.call('SADD', KEYS[i], unpack(fresh))
      redis.call('PEXPIRE', KEYS[i], ARGV[a + 2])
    end
    a = last + 1
  end
end
return 0`;

const SINCE_KEY = "xinyi:since";

/** How long a nonce is remembered: a signature is valid `maxAgeMs` (60 s) either side of the clock. */
const NONCE_MS = 120_000;

// The scripts, as ioredis adds them to a client (`defineCommand`), typed as its documentation shows.
declare module "ioredis" {
  interface RedisCommander<Context> {
    xinyiHit(key: string, amount: number, lifetimeMs: number): Result<number, Context>;
    xinyiDistinct(key: string, limit: number, lifetimeMs: number, ...members: string[]): Result<number, Context>;
    xinyiNonce(key: string, sinceKey: string, now: number, signedAt: number, lifetimeMs: number): Result<number, Context>;
    /** Without a fixed number of keys: the first argument is how many of the rest are keys. */
    xinyiAdmit(keyCount: number, ...keysThenArgs: (string | number)[]): Result<number, Context>;
  }
}

export interface RedisStateOptions {
  /** `redis://[:password@]host:port[/db]` (or `rediss://` for TLS). */
  url: string;
  /** Key parts and members are HMACs under this secret (the gateway secret). */
  secret: string;
  /** Longest wait for one Redis command (and for the first connection at start), in ms. */
  timeoutMs: number;
  /** Where the limits are counted while Redis is unreachable: this process's state, or its workers' primary's. */
  fallback: GatewayState;
  /** Writes a line to the log: when an outage begins and ends. */
  say: (line: string) => void;
}

export interface RedisState extends GatewayState {
  /** Adds `xinyi_shared_store_up` and `xinyi_shared_store_unreachable_total` to the gateway's metrics. */
  registerMetrics(registry: Registry): void;
  close(): Promise<void>;
}

/** The replay guard cannot tell whether a nonce is new (service-callers.ts refuses the call). */
export class SharedStoreUnavailable extends Error {
  override name = "SharedStoreUnavailable";
}

/** Connects (waiting at most `timeoutMs` for the first connection: past that the gateway starts in the outage policy and keeps trying). */
export async function connectRedisState(options: RedisStateOptions): Promise<RedisState> {
  const redis = new Redis(options.url, {
    commandTimeout: options.timeoutMs,
    connectTimeout: Math.max(options.timeoutMs, 1000),
    // Nothing waits for a connection: a command without one fails at once, and the policy answers.
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  redis.defineCommand("xinyiHit", { numberOfKeys: 1, lua: HIT });
  redis.defineCommand("xinyiDistinct", { numberOfKeys: 1, lua: DISTINCT });
  redis.defineCommand("xinyiNonce", { numberOfKeys: 2, lua: NONCE });
  redis.defineCommand("xinyiAdmit", { lua: ADMIT });
  const digest = (text: string) => createHmac("sha256", options.secret).update(text).digest("base64url").slice(0, 22);
  const where = URL.canParse(options.url) ? new URL(options.url).host : "?";

  const unreachable = new Counter({
    name: "xinyi_shared_store_unreachable_total",
    help: "Shared-store (Redis) operations Redis did not answer: a limit counted by this machine alone (hit, ids) or a platform service call refused (nonce).",
    labelNames: ["operation"],
    registers: [],
  });
  let reachable: boolean | undefined;
  let lastError = "not connected yet";
  let closing = false;
  const up = new Gauge({ name: "xinyi_shared_store_up", help: "1 while the shared store (Redis) answers, 0 during an outage.", registers: [] });
  const mark = (now: boolean, why = "") => {
    if (!now) lastError = why;
    if (now === reachable || closing) return;
    reachable = now;
    up.set(now ? 1 : 0);
    options.say(
      now
        ? `shared store: Redis at ${where} answers; limits and the replay guard are shared by every gateway`
        : `shared store: Redis at ${where} unreachable (${why}); limits counted by this machine alone, platform service calls refused until it answers`,
    );
  };
  redis.on("ready", () => {
    mark(true);
    // This Redis's data begins now unless it already holds some (see NONCE): set before any service call.
    redis.set(SINCE_KEY, String(Date.now()), "NX").catch(() => undefined);
  });
  redis.on("error", (error: Error) => mark(false, error.message));
  redis.on("close", () => mark(false, "connection closed"));

  // A hung Redis costs one timeout, then a second without asking it, then one probe.
  const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 1000 });
  const ask = async <T>(operation: string, command: () => Promise<T>, otherwise: (cause: string) => MaybePromise<T>): Promise<T> => {
    if (breaker.allow()) {
      try {
        const value = await command();
        breaker.succeeded();
        mark(true);
        return value;
      } catch (error) {
        breaker.failed();
        mark(false, (error as Error).message);
      }
    }
    unreachable.inc({ operation });
    return otherwise(lastError);
  };

  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.timeoutMs);
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  if (reachable === undefined) mark(false, `no connection within ${options.timeoutMs} ms`);

  const { fallback } = options;
  /** A check's window: its number, length, Redis key and the members it names (person IDs). */
  const windowOf = (check: Check, now: number) => {
    const ms = "personIds" in check ? PERSON_IDS_WINDOW_MS : WINDOW_MS[check.windows];
    const window = Math.floor(now / ms);
    const key = `xinyi:${"personIds" in check ? "ids" : check.windows}:${window}:${digest(check.key)}`;
    return { window, ms, key, members: "personIds" in check ? [...new Set(check.personIds.map(digest))] : [] };
  };
  return {
    hit(windows, key, amount, limit, now) {
      const { window, ms, key: redisKey } = windowOf({ windows, key, amount, limit }, now);
      return ask(
        "hit",
        async () => {
          const count = await redis.xinyiHit(redisKey, amount, 2 * ms);
          return count > limit ? secondsLeft(window, ms, now) : undefined;
        },
        () => fallback.hit(windows, key, amount, limit, now),
      );
    },
    namePersonIds(key, ids, limit, now) {
      const { window, key: redisKey, members } = windowOf({ personIds: ids, key, limit }, now);
      return ask(
        "ids",
        async () => {
          const refused = await redis.xinyiDistinct(redisKey, limit, 2 * PERSON_IDS_WINDOW_MS, ...members);
          return refused === 1 ? secondsLeft(window, PERSON_IDS_WINDOW_MS, now) : undefined;
        },
        () => fallback.namePersonIds(key, ids, limit, now),
      );
    },
    admit(checks, now) {
      if (checks.length === 0) return undefined;
      const windows = checks.map((check) => windowOf(check, now));
      const args = checks.flatMap((check, i) =>
        "personIds" in check
          ? ["s", check.limit, 2 * windows[i].ms, windows[i].members.length, ...windows[i].members]
          : ["h", check.limit, 2 * windows[i].ms, check.amount],
      );
      return ask(
        "admit",
        async () => {
          const refused = await redis.xinyiAdmit(checks.length, ...windows.map((w) => w.key), ...args);
          if (refused === 0) return undefined;
          const { window, ms } = windows[refused - 1];
          return { at: refused - 1, retry: secondsLeft(window, ms, now) };
        },
        () => admit(fallback, checks, now),
      );
    },
    async acceptNonce(nonce, now, signedAt = now) {
      const verdict = await ask(
        "nonce",
        () => redis.xinyiNonce(`xinyi:nonce:${digest(nonce)}`, SINCE_KEY, now, signedAt, NONCE_MS),
        (cause) => {
          throw new SharedStoreUnavailable(`the shared store (Redis) is unreachable: ${cause}`);
        },
      );
      if (verdict === -1) throw new SharedStoreUnavailable("signed before the shared store (Redis) lost its data (a restart or a flush): sign again");
      return verdict === 1;
    },
    registerMetrics(registry) {
      registry.registerMetric(up);
      registry.registerMetric(unreachable);
    },
    async close() {
      closing = true;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
