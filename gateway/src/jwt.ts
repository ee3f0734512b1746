/**
 * Bearer tokens from two issuers, each with its own keys: the platform's (`iss` XINYI_JWT_ISSUER,
 * `npm run token`: HS256 with a shared secret, RS256/ES256 with a PEM public key or a JWKS file)
 * and an OpenID provider's (`iss` XINYI_OIDC_ISSUER: its keys by discovery and JWKS, oidc-issuer.ts).
 * A token names its issuer; one that names neither is refused before any key is looked at.
 * Expiry, issuer and audience are always checked, and the provider's tokens must be typed
 * `at+jwt` (RFC 9068: access tokens, never its ID tokens); `alg: none` and any algorithm not configured
 * are refused (jose never accepts unsigned tokens).
 */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import fs from "node:fs";
import { createLocalJWKSet, decodeJwt, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { Caller } from "../../shared/caller.js";
import { ConfigError, type AuthConfig } from "../../shared/config.js";
import { parseSubjectId } from "../../shared/ids.js";
import { SELF_SCOPES } from "../../shared/scopes.js";
import { IssuerKeysUnavailable, remoteIssuerKeys } from "./oidc-issuer.js";

export type VerifyTokenResult = { ok: true; caller: Caller; expiresAt?: number } | { ok: false; reason: string };
export type TokenVerifier = (token: string) => Promise<VerifyTokenResult>;

const algorithmOf = (key: KeyObject): "RS256" | "ES256" => (key.asymmetricKeyType === "ec" ? "ES256" : "RS256");

/** A list frozen in place, still typed as the list `Caller` holds (Object.freeze's result type is a readonly list). */
function frozen(list: string[]): string[] {
  Object.freeze(list);
  return list;
}

/** Scopes from `scope` (OAuth: separated by ASCII spaces, RFC 6749 §3.3) or `scopes` (array). */
function scopesOf(payload: JWTPayload): string[] {
  if (typeof payload.scope === "string") return payload.scope.split(" ").filter(Boolean);
  if (Array.isArray(payload.scopes)) return payload.scopes.filter((s): s is string => typeof s === "string");
  return [];
}

/**
 * Token subjects that name the platform's own callers, never a token holder: `anonymous`, and
 * anything starting `service:` (the prefix the gateway and subgraphs read as a platform service).
 */
const RESERVED_SUBJECT = /^(anonymous$|service:)/i;

/** Letters and colons that look like Latin ones (Unicode confusables, the ones a reserved prefix could be spelt with). */
const LOOK_ALIKES: Record<string, string> = {
  а: "a",
  е: "e",
  о: "o",
  р: "p",
  с: "c",
  у: "y",
  х: "x",
  ѕ: "s",
  і: "i",
  ј: "j",
  ԁ: "d",
  ո: "n",
  ѵ: "v",
  м: "m",
  ɑ: "a",
  α: "a",
  ε: "e",
  ο: "o",
  ν: "v",
  ι: "i",
  κ: "k",
  ρ: "p",
  υ: "u",
  ѐ: "e",
  ё: "e",
  ı: "i",
  ɩ: "i",
  "∶": ":",
  "꞉": ":",
  ː: ":",
  "˸": ":",
  "׃": ":",
  "︓": ":",
  "﹕": ":",
};

/** What a subject looks like: NFKC, lower case, look-alikes as the Latin letters they imitate. */
export const subjectSkeleton = (sub: string): string => [...sub.normalize("NFKC").toLowerCase()].map((c) => LOOK_ALIKES[c] ?? c).join("");

/** `word` with any non-ASCII character allowed in place of each of its characters. */
const spoofOf = (word: string) => [...word].map((c) => `[${c}\\P{ASCII}]`).join("");
/**
 * A reserved subject spelt with non-ASCII stand-ins the table above does not know (UTS #39 lists
 * thousands of confusables): a subject with non-ASCII characters that would read `service:…` or
 * `anonymous` if each were the right letter is refused.
 */
const SPOOFED_RESERVED = new RegExp(`^(${spoofOf("service:")}|${spoofOf("anonymous")}$)`, "iu");
const isReservedSubject = (sub: string): boolean => {
  const skeleton = subjectSkeleton(sub);
  return RESERVED_SUBJECT.test(skeleton) || (/\P{ASCII}/u.test(skeleton) && SPOOFED_RESERVED.test(skeleton));
};
/** Whitespace (line breaks, U+2028 included), control and format characters have no place in a subject. */
const UNSAFE_SUBJECT = /[\s\p{Cc}\p{Cf}]/u;

/**
 * The `self` claim: the subject a token is (its own profile, `self:read`/`self:write`), as its
 * canonical ID. A claim that is not a valid subject ID, or not written canonically (upper case, no
 * spaces), is refused, and so is a self scope without the claim: such a token names no one.
 */
function selfOf(claim: unknown, scopes: readonly string[]): { ok: true; id?: string } | { ok: false; reason: string } {
  if (claim === undefined) {
    const scope = scopes.find((s) => SELF_SCOPES.includes(s));
    return scope ? { ok: false, reason: `token scope ${scope} needs a self claim naming the subject` } : { ok: true };
  }
  if (typeof claim !== "string") return { ok: false, reason: "token self claim must be a subject ID" };
  const parsed = parseSubjectId(claim);
  if (!parsed.ok || parsed.value.id !== claim) return { ok: false, reason: "token self claim is not a valid subject ID in canonical form" };
  return { ok: true, id: parsed.value.id };
}

/** Verified tokens kept (the oldest is forgotten first). */
const MAX_VERIFIED_TOKENS = 10_000;

/** Leeway for clocks that differ between the token issuer and the gateway. */
const CLOCK_TOLERANCE_S = 60;

/**
 * Checks what jose does not: a token lives at most `maxLifetimeS` (from `iat`, or from now when it
 * has none), is not issued in the future, and does not claim a reserved subject.
 */
function checkClaims(payload: JWTPayload, maxLifetimeS: number, nowS = Math.floor(Date.now() / 1000)): string | undefined {
  if (UNSAFE_SUBJECT.test(payload.sub ?? "")) return "token sub contains whitespace or control characters";
  if (isReservedSubject(payload.sub ?? "")) return "token sub is reserved (anonymous, service:…) or looks like a reserved one";
  if (typeof payload.iat === "number" && payload.iat > nowS + CLOCK_TOLERANCE_S) return "token issued in the future";
  const from = typeof payload.iat === "number" ? payload.iat : nowS;
  if ((payload.exp ?? Infinity) - from > maxLifetimeS) return `token lifetime exceeds ${maxLifetimeS} s`;
  return undefined;
}

/** An accepted issuer: where its keys come from and the algorithms its tokens may use. */
interface Issuer {
  getKey: JWTVerifyGetKey;
  algorithms: string[];
  /** The header `typ` its tokens must carry, if any. */
  typ?: string;
}

/** The platform's own issuer (`npm run token`): the configured secret, PEM key or JWKS file. */
function platformIssuer(auth: AuthConfig): Issuer | undefined {
  const secret = auth.hmacSecret ? new TextEncoder().encode(auth.hmacSecret) : undefined;
  const publicKey = auth.publicKeyFile ? createPublicKey(fs.readFileSync(auth.publicKeyFile)) : undefined;
  const jwks = auth.jwksFile ? createLocalJWKSet(JSON.parse(fs.readFileSync(auth.jwksFile, "utf8"))) : undefined;
  if (!secret && !publicKey && !jwks) return undefined;
  const algorithms = [...(secret ? ["HS256"] : []), ...(publicKey ? [algorithmOf(publicKey)] : []), ...(jwks ? ["RS256", "ES256"] : [])];
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === "HS256" && secret) return secret;
    if (header.alg !== "HS256" && jwks && (header.kid || !publicKey)) return jwks(header, token);
    if (publicKey && header.alg === algorithmOf(publicKey)) return publicKey;
    throw new Error(`algorithm ${header.alg} is not accepted`);
  };
  return { getKey, algorithms };
}

/** Why jose refused a token, in the words of the gateway's 401. */
function refusalReason(error: unknown): string {
  if (error instanceof IssuerKeysUnavailable) return `the token issuer's keys could not be fetched (${error.message})`;
  if (error instanceof errors.JWTClaimValidationFailed) return `token ${error.claim} not accepted`;
  switch (error instanceof errors.JOSEError ? error.code : undefined) {
    case "ERR_JWT_EXPIRED":
      return "token expired";
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "token signature invalid";
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return "token algorithm not accepted";
    case "ERR_JWKS_NO_MATCHING_KEY":
      return "token key (kid) not published by its issuer";
    case "ERR_JWKS_TIMEOUT":
      return "the token issuer's keys could not be fetched (timeout)";
    default:
      return "token malformed or not verifiable";
  }
}

/** A verifier for the configured issuers; throws a ConfigError when none is configured. */
export function createTokenVerifier(auth: AuthConfig): TokenVerifier {
  const issuers = new Map<string, Issuer>();
  const platform = platformIssuer(auth);
  if (platform) issuers.set(auth.issuer, platform);
  if (auth.oidcIssuer) {
    if (auth.oidcIssuer === auth.issuer) throw new ConfigError(["XINYI_OIDC_ISSUER must differ from XINYI_JWT_ISSUER: each issuer has its own keys"]);
    // What OpenID providers sign access tokens with (Keycloak's default RS256; oidc-provider's RS256); never HS256 or none.
    issuers.set(auth.oidcIssuer, {
      getKey: remoteIssuerKeys(auth.oidcIssuer, auth.oidcJwksCooldownMs ?? 30_000),
      algorithms: ["RS256", "PS256", "ES256", "EdDSA"],
      // RFC 9068 access tokens (oidc-provider's; Keycloak's with the client's at+jwt setting): an ID
      // token, signed by the same keys and perhaps for the same audience, never passes as one.
      typ: "at+jwt",
    });
  }
  if (issuers.size === 0) {
    throw new ConfigError(["no token key configured: set XINYI_OIDC_ISSUER, XINYI_JWT_SECRET, XINYI_JWT_PUBLIC_KEY_FILE or XINYI_JWKS_FILE"]);
  }
  // A token verified once is trusted until it expires: a repeated bearer costs a map lookup, not an
  // HMAC or RSA verification (measured: webcrypto alone ~1.5 % of the gateway's busy time). Only successes are kept.
  const verified = new Map<string, Extract<VerifyTokenResult, { ok: true }>>();
  const verify: TokenVerifier = async (token) => {
    const known = verified.get(token);
    if (known) {
      if (Date.now() / 1000 < (known.expiresAt ?? 0)) return known;
      verified.delete(token);
    }
    const result = await verifyOnce(token);
    if (result.ok) {
      if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
      verified.set(token, result);
    }
    return result;
  };
  const verifyOnce: TokenVerifier = async (token) => {
    let named: unknown;
    try {
      named = decodeJwt(token).iss;
    } catch {
      return { ok: false, reason: "token malformed or not verifiable" };
    }
    const issuer = typeof named === "string" ? issuers.get(named) : undefined;
    if (!issuer || typeof named !== "string") return { ok: false, reason: "token iss not accepted" };
    try {
      const { payload } = await jwtVerify(token, issuer.getKey, {
        issuer: named,
        audience: auth.audience,
        algorithms: issuer.algorithms,
        ...(issuer.typ ? { typ: issuer.typ } : {}),
        requiredClaims: ["exp", "sub"],
      });
      const problem = checkClaims(payload, auth.maxLifetimeSeconds);
      if (problem) return { ok: false, reason: problem };
      const list = (claim: unknown) => (Array.isArray(claim) ? claim.filter((o): o is string => typeof o === "string") : undefined);
      const [offers, subjects] = [list(payload.offers), list(payload.subjects)].map((l) => l && frozen(l));
      const scopes = scopesOf(payload);
      const self = selfOf(payload.self, scopes);
      if (!self.ok) return { ok: false, reason: self.reason };
      const caller: Caller = {
        // Compared after NFKC everywhere (budgets, audit): ｄｅｍｏ and demo are one caller.
        sub: payload.sub!.normalize("NFKC"),
        scopes: frozen(scopes),
        ...(offers ? { offers } : {}),
        ...(subjects ? { subjects } : {}),
        ...(self.id ? { self: self.id } : {}),
      };
      return { ok: true, caller: Object.freeze(caller), expiresAt: payload.exp };
    } catch (error) {
      return { ok: false, reason: refusalReason(error) };
    }
  };
  return verify;
}

export interface MintOptions {
  sub: string;
  scopes: string[];
  /** Lifetime in seconds. */
  ttlSeconds: number;
  /** Partners: the 信易+ offers the token may check and redeem (claim `offers`). */
  offers?: string[];
  /** A subject or its agent: the subjects the token acts for (claim `subjects`). */
  subjects?: string[];
  /** A subject's own token (`self:read`/`self:write`): the subject it is (claim `self`, canonical ID). */
  self?: string;
  /** HS256 (default when a secret is configured), RS256 or ES256 (needs XINYI_JWT_PRIVATE_KEY_FILE). */
  algorithm?: "HS256" | "RS256" | "ES256";
}

/** Signs a token with the configured key (for `npm run token` and the demo). */
export async function mintToken(auth: AuthConfig, options: MintOptions): Promise<string> {
  const algorithm = options.algorithm ?? (auth.hmacSecret ? "HS256" : undefined);
  const jwt = new SignJWT({
    scope: options.scopes.join(" "),
    ...(options.offers ? { offers: options.offers } : {}),
    ...(options.subjects ? { subjects: options.subjects } : {}),
    ...(options.self ? { self: options.self } : {}),
  })
    .setSubject(options.sub)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + options.ttlSeconds);
  if (algorithm === "HS256" && auth.hmacSecret) return jwt.setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(auth.hmacSecret));
  if ((algorithm === "RS256" || algorithm === "ES256") && auth.privateKeyFile) {
    return jwt.setProtectedHeader({ alg: algorithm }).sign(createPrivateKey(fs.readFileSync(auth.privateKeyFile)));
  }
  throw new ConfigError([`cannot sign ${algorithm ?? "a token"}: set XINYI_JWT_SECRET (HS256) or XINYI_JWT_PRIVATE_KEY_FILE (RS256/ES256)`]);
}
