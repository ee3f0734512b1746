/**
 * The caller context the gateway forwards to subgraphs, and the HMAC that proves the gateway sent
 * it. A subgraph trusts nothing about the caller except what arrives signed here, so no one can
 * bypass the gateway's checks by calling a department directly.
 *
 * Signed string: `v2\n<unix ms>\n<nonce>\n<audience>\n<METHOD>\n<path and query>\n<sha256(body) hex>\n<caller header>`,
 * HMAC-SHA256 with the shared secret: a signature made for one subgraph (the audience, its
 * name), method, path or body is worth nothing on another. A signature is valid for `maxAgeMs` around the subgraph's clock and only
 * once: the subgraph remembers the nonces it has seen for that long (a {@link ReplayGuard}).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Who is calling, as verified by the gateway. */
export interface Caller {
  /** Subject of the token (`sub`), "anonymous" for a client without a token, `service:<name>` for a department. */
  sub: string;
  scopes: string[];
  /** Why the data is read (the `X-Purpose` header), when given. */
  purpose?: string;
  /** For a platform service (`service:<name>`) calling the gateway: the token subject it acts for (a partner). */
  actingFor?: string;
  /** A partner token's `offers` claim: the 信易+ offers it may check and redeem (incentives). */
  offers?: string[];
  /** A subject's or agent's token `subjects` claim: the subjects it acts for (credit repair applications). */
  subjects?: string[];
  /**
   * A subject's own token (`self:read` / `self:write`): the canonical ID of the subject it is
   * (claim `self`). Unlike `subjects` (an agent acting for a firm) it opens that subject's own
   * profile, unmasked, and nothing else (gateway/src/self-access.ts).
   */
  self?: string;
}

export const CALLER_HEADER = "x-xinyi-caller";
export const TIMESTAMP_HEADER = "x-xinyi-timestamp";
export const SIGNATURE_HEADER = "x-xinyi-signature";
export const NONCE_HEADER = "x-xinyi-nonce";

/** The audience a platform service signs for when it calls the gateway (gateway/src/service-callers.ts). */
export const GATEWAY_AUDIENCE = "gateway";

/**
 * Whether a caller is one of the platform's own services (`service:<name>`): only the gateway's
 * service verifier makes such a caller (a bearer token can never name one, jwt.ts). Services act
 * for a caller already counted, so they are exempt from rate limits, the lookup budget and the
 * cost limit, and may ask for larger pages (page-size.ts).
 */
export const isPlatformService = (caller: Pick<Caller, "sub"> | undefined): boolean => caller?.sub.startsWith("service:") === true;

/** The gateway's caller for a client without a token: signed like any other, holding no scope. */
export const ANONYMOUS: Caller = Object.freeze({ sub: "anonymous", scopes: [] });

/** What a signature covers besides the caller: the HTTP method, the path with its query, the body. */
export interface SignedRequest {
  /** The subgraph the request is for (its name): a request captured on its way to one is refused by the others. */
  audience: string;
  method: string;
  /** Path and query string exactly as sent (`/graphql`, not decoded). */
  path: string;
  body: string;
}

function signPayload(secret: string, timestamp: string, nonce: string, request: SignedRequest, callerHeader: string): string {
  const bodyHash = createHash("sha256").update(request.body).digest("hex");
  return createHmac("sha256", secret)
    .update(`v2\n${timestamp}\n${nonce}\n${request.audience}\n${request.method.toUpperCase()}\n${request.path}\n${bodyHash}\n${callerHeader}`)
    .digest("base64url");
}

/** The path and query of a URL as a client sends them (what the subgraph sees as `request.url`). */
export const pathOf = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

/**
 * Nonces need to be unique, not secret (the HMAC covers them): a random prefix per process and a
 * counter, instead of random bytes for every call (measured: ~1 % of the gateway's CPU).
 */
const NONCE_PREFIX = randomBytes(9).toString("base64url");
let nonceCounter = 0;

/** A caller's header, encoded once per caller object (one per request at the gateway). */
const callerHeaders = new WeakMap<Caller, string>();
const callerHeaderOf = (caller: Caller): string => {
  let header = callerHeaders.get(caller);
  if (header === undefined) {
    header = Buffer.from(JSON.stringify(caller)).toString("base64url");
    callerHeaders.set(caller, header);
  }
  return header;
};

/** The headers the gateway adds to a subgraph request. */
export function signCallerHeaders(caller: Caller, request: SignedRequest, secret: string, now = Date.now()): Record<string, string> {
  const callerHeader = callerHeaderOf(caller);
  const timestamp = String(now);
  const nonce = `${NONCE_PREFIX}${(nonceCounter++).toString(36)}`;
  return {
    [CALLER_HEADER]: callerHeader,
    [TIMESTAMP_HEADER]: timestamp,
    [NONCE_HEADER]: nonce,
    [SIGNATURE_HEADER]: signPayload(secret, timestamp, nonce, request, callerHeader),
  };
}

/**
 * Remembers nonces for at least their lifetime, so a captured request cannot be replayed. Two
 * generations of sets rotated every `maxAgeMs`: O(1) per request, no scan. A signature older than
 * `maxAgeMs` is refused by its timestamp anyway, so a nonce needs remembering for one lifetime
 * (either side of the clock: two generations). Past `capacity` nonces in one generation it refuses
 * new ones rather than forgetting live ones (a flood of valid signatures means a leaked secret).
 */
export class ReplayGuard {
  private current = new Set<string>();
  private previous = new Set<string>();
  private rotatedAt: number;
  constructor(
    private readonly maxAgeMs = 60_000,
    private readonly capacity = 200_000,
    now = Date.now(),
  ) {
    this.rotatedAt = now;
  }

  /** True the first time a nonce is offered within its lifetime; false on a replay or when full. */
  accept(nonce: string, now = Date.now()): boolean {
    if (now - this.rotatedAt >= this.maxAgeMs) {
      // Two lifetimes passed: nothing in either generation can still be valid.
      this.previous = now - this.rotatedAt >= 2 * this.maxAgeMs ? new Set() : this.current;
      this.current = new Set();
      this.rotatedAt = now;
    }
    if (this.current.has(nonce) || this.previous.has(nonce)) return false;
    if (this.current.size >= this.capacity) return false;
    this.current.add(nonce);
    return true;
  }

  /** Nonces remembered now (both generations). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}

export type VerifyResult = { ok: true; caller: Caller } | { ok: false; reason: string };

/** Checks the gateway's signature over a subgraph request; never throws. */
export function verifyCallerHeaders(
  headers: Record<string, string | string[] | undefined>,
  request: SignedRequest,
  secret: string,
  options: { now?: number; maxAgeMs?: number; replayGuard?: ReplayGuard } = {},
): VerifyResult {
  const { now = Date.now(), maxAgeMs = 60_000 } = options;
  const callerHeader = headers[CALLER_HEADER];
  const timestamp = headers[TIMESTAMP_HEADER];
  const nonce = headers[NONCE_HEADER];
  const signature = headers[SIGNATURE_HEADER];
  if (typeof callerHeader !== "string" || typeof timestamp !== "string" || typeof nonce !== "string" || typeof signature !== "string") {
    return { ok: false, reason: "missing gateway signature" };
  }
  const expected = Buffer.from(signPayload(secret, timestamp, nonce, request, callerHeader));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: "invalid gateway signature" };
  }
  const age = Math.abs(now - Number(timestamp));
  if (!Number.isFinite(age) || age > maxAgeMs) return { ok: false, reason: "expired gateway signature" };
  if (options.replayGuard && !options.replayGuard.accept(nonce, now)) return { ok: false, reason: "replayed gateway signature" };
  try {
    const parsed = JSON.parse(Buffer.from(callerHeader, "base64url").toString("utf8")) as Partial<Caller>;
    if (typeof parsed.sub !== "string" || parsed.sub === "" || !Array.isArray(parsed.scopes)) return { ok: false, reason: "malformed caller" };
    const purpose = typeof parsed.purpose === "string" ? parsed.purpose : undefined;
    const actingFor = typeof parsed.actingFor === "string" ? parsed.actingFor : undefined;
    const offers = Array.isArray(parsed.offers) ? parsed.offers.map(String) : undefined;
    const subjects = Array.isArray(parsed.subjects) ? parsed.subjects.map(String) : undefined;
    const self = typeof parsed.self === "string" && parsed.self !== "" ? parsed.self : undefined;
    return {
      ok: true,
      caller: {
        sub: parsed.sub,
        scopes: parsed.scopes.map(String),
        purpose,
        ...(actingFor ? { actingFor } : {}),
        ...(offers ? { offers } : {}),
        ...(subjects ? { subjects } : {}),
        ...(self ? { self } : {}),
      },
    };
  } catch {
    return { ok: false, reason: "malformed caller" };
  }
}
