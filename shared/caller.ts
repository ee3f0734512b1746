/**
 * The caller context the gateway forwards to subgraphs, and the HMAC that proves the gateway sent
 * it. A subgraph trusts nothing about the caller except what arrives signed here, so no one can
 * bypass the gateway's checks by calling a department directly.
 *
 * Signed string: `v1\n<unix ms>\n<nonce>\n<sha256(body) hex>\n<caller header>`, HMAC-SHA256 with
 * the shared secret. A signature is valid for `maxAgeMs` around the subgraph's clock and only
 * once: the subgraph remembers the nonces it has seen for that long (a {@link ReplayGuard}).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Who is calling, as verified by the gateway. */
export interface Caller {
  /** Subject of the token (`sub`), or "anonymous". */
  sub: string;
  scopes: string[];
  /** Why the data is read (the `X-Purpose` header), when given. */
  purpose?: string;
}

export const CALLER_HEADER = "x-xinyi-caller";
export const TIMESTAMP_HEADER = "x-xinyi-timestamp";
export const SIGNATURE_HEADER = "x-xinyi-signature";
export const NONCE_HEADER = "x-xinyi-nonce";

export const ANONYMOUS: Caller = Object.freeze({ sub: "anonymous", scopes: [] });

function signPayload(secret: string, timestamp: string, nonce: string, body: string, callerHeader: string): string {
  const bodyHash = createHash("sha256").update(body).digest("hex");
  return createHmac("sha256", secret).update(`v1\n${timestamp}\n${nonce}\n${bodyHash}\n${callerHeader}`).digest("base64url");
}

/** The headers the gateway adds to a subgraph request carrying `body`. */
export function signCallerHeaders(caller: Caller, body: string, secret: string, now = Date.now()): Record<string, string> {
  const callerHeader = Buffer.from(JSON.stringify(caller)).toString("base64url");
  const timestamp = String(now);
  const nonce = randomBytes(12).toString("base64url");
  return {
    [CALLER_HEADER]: callerHeader,
    [TIMESTAMP_HEADER]: timestamp,
    [NONCE_HEADER]: nonce,
    [SIGNATURE_HEADER]: signPayload(secret, timestamp, nonce, body, callerHeader),
  };
}

/** Remembers nonces until their signatures expire, so a captured request cannot be replayed. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  constructor(private readonly maxAgeMs = 60_000) {}

  /** True the first time a nonce is offered within its lifetime; false on a replay. */
  accept(nonce: string, now = Date.now()): boolean {
    if (this.seen.has(nonce)) return false;
    if (this.seen.size > 10_000) for (const [n, expiry] of this.seen) if (expiry < now) this.seen.delete(n);
    this.seen.set(nonce, now + 2 * this.maxAgeMs);
    return true;
  }
}

export type VerifyResult = { ok: true; caller: Caller } | { ok: false; reason: string };

/** Checks the gateway's signature over a subgraph request; never throws. */
export function verifyCallerHeaders(
  headers: Record<string, string | string[] | undefined>,
  body: string,
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
  const expected = Buffer.from(signPayload(secret, timestamp, nonce, body, callerHeader));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: "invalid gateway signature" };
  }
  const age = Math.abs(now - Number(timestamp));
  if (!Number.isFinite(age) || age > maxAgeMs) return { ok: false, reason: "expired gateway signature" };
  if (options.replayGuard && !options.replayGuard.accept(nonce, now)) return { ok: false, reason: "replayed gateway signature" };
  try {
    const parsed = JSON.parse(Buffer.from(callerHeader, "base64url").toString("utf8")) as Partial<Caller>;
    if (typeof parsed.sub !== "string" || !Array.isArray(parsed.scopes)) return { ok: false, reason: "malformed caller" };
    return { ok: true, caller: { sub: parsed.sub, scopes: parsed.scopes.map(String), purpose: parsed.purpose } };
  } catch {
    return { ok: false, reason: "malformed caller" };
  }
}
