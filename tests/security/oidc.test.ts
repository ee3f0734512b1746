/**
 * The gateway and an OpenID provider (the embedded one, as its own process): a token the provider
 * issues by the web app's flow (code + PKCE, the login form posted) is accepted with the account's
 * scopes, next to the platform's own test tokens; after the provider rotates its signing key and
 * restarts, a token with the new `kid` is accepted by the same gateway (its JWKS fetched again); a
 * flood of made-up `kid`s fetches the JWKS once per cooldown, not once per token; an unknown
 * issuer, a wrong audience, `alg: none` and the provider's ID token (not typed `at+jwt`, even at a
 * gateway whose audience is the web app's client id) are refused with UNAUTHENTICATED naming the reason.
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rotateSigningKeys } from "../../scripts/oidc-provider-keys.js";
import { closeAll, type Federation } from "../../testing/federation.js";
import { type OidcProcess, startFederationWithProvider, tokenThroughProvider } from "../../testing/oidc.js";

/** The gateway's shortest time between two JWKS fetches, here. */
const COOLDOWN_MS = 1000;

let fed: Federation;
let provider: OidcProcess;
let appOrigin: string;

/** The tax department's records of some firms: answered for dept:tax, refused for a token without it. */
const TAX_RECORDS = `{ subjects(first: 20, filter: { kind: ORGANIZATION }) { nodes { id tax { records { id } } } } }`;
type TaxAnswer = { subjects: { nodes: { tax: { records: unknown[] } | null }[] } };

async function ask(token: string, query = TAX_RECORDS, url = fed.gatewayUrl) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

/** A refusal of the whole request: 401, UNAUTHENTICATED, the reason in the message. */
function expectRefused(answer: Awaited<ReturnType<typeof ask>>, reason: RegExp) {
  expect(answer.status).toBe(401);
  expect(answer.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  expect(answer.body.errors?.[0].message).toMatch(reason);
}

const attacker = generateKeyPairSync("rsa", { modulusLength: 2048 });

/** A token shaped like the provider's (its issuer, the gateway's audience) but signed by another key. */
const forged = (claims: { iss: string; aud?: string }, kid: string) =>
  new SignJWT({ scope: "dept:tax" })
    .setProtectedHeader({ alg: "RS256", kid, typ: "at+jwt" })
    .setIssuer(claims.iss)
    .setAudience(claims.aud ?? "xinyi-gateway")
    .setSubject("mallory")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(attacker.privateKey);

beforeAll(async () => {
  ({ fed, provider } = await startFederationWithProvider({ subjects: 40, env: { XINYI_OIDC_JWKS_COOLDOWN_MS: String(COOLDOWN_MS) } }));
  appOrigin = new URL(fed.gatewayUrl).origin;
}, 180_000);

afterAll(() => closeAll(provider, fed));

describe("tokens of the OpenID provider at the gateway", () => {
  it("accepts the provider's token with the account's scopes and the platform's own; refuses an unknown issuer, a wrong audience and alg none", async () => {
    const { accessToken, idToken } = await tokenThroughProvider(provider.issuer, appOrigin, "tax");
    expect(decodeProtectedHeader(accessToken).typ).toBe("at+jwt");
    expect(decodeJwt(accessToken)).toMatchObject({ iss: provider.issuer, aud: "xinyi-gateway", sub: "demo-tax", scope: "dept:tax" });
    const accepted = await ask(accessToken);
    expect(accepted.status).toBe(200);
    expect(accepted.body.errors).toBeUndefined();
    expect((accepted.body.data as TaxAnswer).subjects.nodes.some((n) => (n.tax?.records.length ?? 0) > 0)).toBe(true);
    // The account's scopes, no more: the dashboard account may not read tax records.
    const dashboard = await ask((await tokenThroughProvider(provider.issuer, appOrigin, "dashboard")).accessToken);
    expect(dashboard.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    // The applicant's token acts for its firm (claim subjects).
    const applicant = decodeJwt((await tokenThroughProvider(provider.issuer, appOrigin, "applicant")).accessToken);
    expect(applicant).toMatchObject({ scope: "repair:apply", subjects: expect.any(Array) });
    // The platform's own issuer (npm run token) still, with its own key.
    expect((await ask(await fed.token(["dept:tax"], "platform-caller"))).body.errors).toBeUndefined();

    const kid = decodeProtectedHeader(accessToken).kid!;
    // An issuer the gateway does not know, even with the provider's kid.
    expectRefused(await ask(await forged({ iss: "https://idp.example.org/realms/other" }, kid)), /iss not accepted/);
    // The provider's issuer claimed by a key it never published.
    expectRefused(await ask(await forged({ iss: provider.issuer }, kid)), /signature invalid/);
    // A genuine provider token at a gateway that is another audience: the web app's client id, which
    // is the audience of the provider's ID token, signed by the same key — refused as not an access token.
    const other = await fed.startGateway({ XINYI_OIDC_ISSUER: provider.issuer, XINYI_JWT_AUDIENCE: "xinyi-web" });
    try {
      expectRefused(await ask(accessToken, TAX_RECORDS, other.url), /aud not accepted/);
      expect(decodeJwt(idToken!)).toMatchObject({ iss: provider.issuer, aud: "xinyi-web", sub: "demo-tax" });
      expectRefused(await ask(idToken!, TAX_RECORDS, other.url), /typ not accepted/);
    } finally {
      await other.close();
    }
    // Unsigned, with everything else right.
    const unsigned = new UnsecuredJWT({ scope: "dept:tax" })
      .setIssuer(provider.issuer)
      .setAudience("xinyi-gateway")
      .setSubject("demo-tax")
      .setIssuedAt()
      .setExpirationTime("5m")
      .encode();
    expectRefused(await ask(unsigned), /algorithm not accepted|malformed/);
  });

  it("follows the provider's key rotation without a restart; made-up kids fetch the JWKS once per cooldown", async () => {
    const before = (await tokenThroughProvider(provider.issuer, appOrigin, "tax")).accessToken;
    expect((await ask(before)).status).toBe(200);

    // A flood of tokens naming kids the provider never had: refused, and the provider asked at most once.
    const jwksFetches: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url === `${provider.issuer}/jwks`) jwksFetches.push(url);
      return realFetch(input, init);
    };
    try {
      await new Promise((r) => setTimeout(r, COOLDOWN_MS + 200));
      for (let i = 0; i < 20; i++) expectRefused(await ask(await forged({ iss: provider.issuer }, randomUUID())), /kid|signature/);
      expect(jwksFetches).toHaveLength(1);
    } finally {
      globalThis.fetch = realFetch;
    }

    const newKid = await rotateSigningKeys(fed.config.dataDir);
    await provider.restart();
    const after = (await tokenThroughProvider(provider.issuer, appOrigin, "tax")).accessToken;
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
    // The gateway has not seen this kid: once the cooldown since its last fetch has passed, it fetches the JWKS again.
    await new Promise((r) => setTimeout(r, COOLDOWN_MS + 200));
    const accepted = await ask(after);
    expect(accepted.status).toBe(200);
    expect(accepted.body.errors).toBeUndefined();
    // The previous key is still published: its tokens live until they expire.
    expect((await ask(before)).status).toBe(200);
  });
});
