/**
 * The keys of an OpenID provider (XINYI_OIDC_ISSUER): its discovery document names its JWKS URL
 * (checked by `jwksUrlOf`: https, or the issuer's own origin when the issuer is plain http), whose keys are cached; a token whose `kid` is not
 * among them fetches the JWKS again — at most once per XINYI_OIDC_JWKS_COOLDOWN_MS, so a flood of
 * made-up `kid`s costs the provider one request per cooldown — which is how a rotated key is
 * followed without a restart. Discovery is fetched at the first token (the provider may start
 * after the gateway) and again after a failure, no more often than the cooldown either.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import { valueAt } from "../../shared/narrow.js";

/** How long fetched keys are trusted without a fetch, whatever the tokens' `kid`s. */
const KEYS_MAX_AGE_MS = 10 * 60_000;
/** Longest wait for the provider's discovery document or JWKS. */
const FETCH_TIMEOUT_MS = 5000;

/** Why a token of the provider could not be checked: the gateway refuses it saying so. */
export class IssuerKeysUnavailable extends Error {}

/** The discovery URL of an issuer (OpenID Connect Discovery §4: the issuer, then `/.well-known/openid-configuration`). */
export const discoveryUrl = (issuer: string): string => `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;

/**
 * The JWKS URL a discovery document names, if the gateway may fetch keys there: an https URL, or
 * one on the issuer's own origin when the issuer itself is http (in production only a loopback
 * issuer may be, shared/config.ts). Keys fetched over plain http from another host could be anyone's.
 */
export function jwksUrlOf(issuer: string, jwksUri: unknown): URL {
  const url = typeof jwksUri === "string" && URL.canParse(jwksUri) ? new URL(jwksUri) : undefined;
  if (!url || !/^https?:$/.test(url.protocol)) throw new IssuerKeysUnavailable("discovery names no jwks_uri");
  const issuerUrl = new URL(issuer);
  if (url.protocol === "https:" || (issuerUrl.protocol === "http:" && url.origin === issuerUrl.origin)) return url;
  throw new IssuerKeysUnavailable(`discovery names jwks_uri ${url.href}: not https, nor on the issuer's own origin`);
}

export function remoteIssuerKeys(issuer: string, cooldownMs: number): JWTVerifyGetKey {
  let keys: JWTVerifyGetKey | undefined;
  let discovering: Promise<JWTVerifyGetKey> | undefined;
  let failedAt = -Infinity;

  const discover = async (): Promise<JWTVerifyGetKey> => {
    const response = await fetch(discoveryUrl(issuer), { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: "application/json" } });
    if (!response.ok) throw new IssuerKeysUnavailable(`discovery answered HTTP ${response.status}`);
    const metadata: unknown = await response.json();
    // A discovery document must name the issuer it was asked for (Discovery §4.3): no mix-up of providers.
    const named = valueAt(metadata, "issuer");
    if (named !== issuer) throw new IssuerKeysUnavailable(`discovery names issuer ${String(named)}, not ${issuer}`);
    return createRemoteJWKSet(jwksUrlOf(issuer, valueAt(metadata, "jwks_uri")), {
      cooldownDuration: cooldownMs,
      cacheMaxAge: KEYS_MAX_AGE_MS,
      timeoutDuration: FETCH_TIMEOUT_MS,
    });
  };

  return async (header, token) => {
    if (!keys) {
      if (!discovering) {
        if (Date.now() - failedAt < cooldownMs) throw new IssuerKeysUnavailable("the issuer's discovery failed moments ago");
        discovering = discover();
      }
      try {
        keys = await discovering;
      } catch (error) {
        failedAt = Date.now();
        discovering = undefined;
        throw error instanceof IssuerKeysUnavailable
          ? error
          : new IssuerKeysUnavailable(`discovery failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return keys(header, token);
  };
}
