import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { exportJWK, SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import type { AuthConfig } from "../../shared/config.js";
import { createTokenVerifier, mintToken } from "./jwt.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-jwt-"));
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const write = (name: string, text: string) => {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
const base: AuthConfig = { issuer: "xinyi", audience: "xinyi-gateway", maxLifetimeSeconds: 24 * 3600 };
const hs: AuthConfig = { ...base, hmacSecret: "jwt-unit-test-secret-0123456789abcdef" };
const rs: AuthConfig = {
  ...base,
  publicKeyFile: write("rsa.pub.pem", rsa.publicKey.export({ type: "spki", format: "pem" }).toString()),
  privateKeyFile: write("rsa.pem", rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
};
const ecJwk = { ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES256", use: "sig" };
const es: AuthConfig = {
  ...base,
  jwksFile: write("jwks.json", JSON.stringify({ keys: [ecJwk] })),
  privateKeyFile: write("ec.pem", ec.privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
};

const claims = (overrides: Record<string, unknown> = {}) =>
  new SignJWT({ scope: "profile:read pii:read", ...overrides })
    .setSubject("analyst-7")
    .setIssuer("xinyi")
    .setAudience("xinyi-gateway")
    .setIssuedAt()
    .setExpirationTime("10m");

describe("bearer tokens", () => {
  it("accepts HS256, RS256 (PEM key) and ES256 (JWKS) tokens with their scopes", async () => {
    const verifyHs = createTokenVerifier(hs);
    expect(await verifyHs(await mintToken(hs, { sub: "a", scopes: ["profile:read", "dept:tax"], ttlSeconds: 60 }))).toMatchObject({
      ok: true,
      caller: { sub: "a", scopes: ["profile:read", "dept:tax"] },
    });
    expect(await createTokenVerifier(rs)(await mintToken(rs, { sub: "b", scopes: ["admin"], ttlSeconds: 60, algorithm: "RS256" }))).toMatchObject({
      ok: true,
      caller: { sub: "b", scopes: ["admin"] },
    });
    const esToken = await claims().setProtectedHeader({ alg: "ES256", kid: "ec-1" }).sign(ec.privateKey);
    expect(await createTokenVerifier(es)(esToken)).toMatchObject({ ok: true, caller: { sub: "analyst-7", scopes: ["profile:read", "pii:read"] } });
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    [
      "expired",
      async () =>
        claims()
          .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
          .setProtectedHeader({ alg: "HS256" })
          .sign(new TextEncoder().encode(hs.hmacSecret)),
      /expired/,
    ],
    [
      "wrong signature",
      async () => claims().setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("another-secret-0123456789abcdef0123456")),
      /signature/,
    ],
    [
      "wrong audience",
      async () => claims().setAudience("someone-else").setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(hs.hmacSecret)),
      /aud/,
    ],
    ["wrong issuer", async () => claims().setIssuer("evil").setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(hs.hmacSecret)), /iss/],
    [
      "no expiry",
      async () =>
        new SignJWT({})
          .setSubject("x")
          .setIssuer("xinyi")
          .setAudience("xinyi-gateway")
          .setProtectedHeader({ alg: "HS256" })
          .sign(new TextEncoder().encode(hs.hmacSecret)),
      /exp/,
    ],
    [
      "alg none",
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
        return `${enc({ alg: "none", typ: "JWT" })}.${enc({ sub: "x", iss: "xinyi", aud: "xinyi-gateway", exp: Math.floor(Date.now() / 1000) + 600, scope: "admin" })}.`;
      },
      /not accepted|malformed/,
    ],
    ["RS256 token where only HS256 is configured", async () => claims().setProtectedHeader({ alg: "RS256" }).sign(rsa.privateKey), /not accepted|malformed/],
    ["garbage", async () => "not.a.token", /malformed/],
    [
      "a lifetime over 24 h",
      async () => claims().setExpirationTime("25h").setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(hs.hmacSecret)),
      /lifetime/,
    ],
    [
      "a lifetime over 24 h without iat",
      async () =>
        new SignJWT({})
          .setSubject("x")
          .setIssuer("xinyi")
          .setAudience("xinyi-gateway")
          .setExpirationTime("30d")
          .setProtectedHeader({ alg: "HS256" })
          .sign(new TextEncoder().encode(hs.hmacSecret)),
      /lifetime/,
    ],
    [
      "issued in the future",
      async () =>
        claims()
          .setIssuedAt(Math.floor(Date.now() / 1000) + 3600)
          .setExpirationTime(Math.floor(Date.now() / 1000) + 4000)
          .setProtectedHeader({ alg: "HS256" })
          .sign(new TextEncoder().encode(hs.hmacSecret)),
      /future/,
    ],
    [
      "sub anonymous",
      async () => claims().setSubject("anonymous").setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(hs.hmacSecret)),
      /reserved/,
    ],
    [
      "sub of a department's service",
      async () => claims().setSubject("service:tax").setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(hs.hmacSecret)),
      /reserved/,
    ],
    // Found in review: a line break after the name slipped past the whole-string pattern, and
    // every check that reads "service:" as a prefix then took the holder for a platform service.
    ...["service:evaluation\n", "Service:evaluation\u2028", "SERVICE:x y", "anonymous\n", "service:", " service:credit"].map(
      (sub) =>
        [
          `sub ${JSON.stringify(sub)}`,
          async () => claims().setSubject(sub).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(hs.hmacSecret)),
          /reserved|whitespace or control/,
        ] as [string, () => Promise<string>, RegExp],
    ),
  ])("refuses a token: %s", async (_name, make, reason) => {
    const result = await createTokenVerifier(hs)(await make());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it("trusts a verified token until it expires, not a moment longer (the verifier keeps successes)", async () => {
    const verify = createTokenVerifier(hs);
    const token = await mintToken(hs, { sub: "kept", scopes: ["profile:read"], ttlSeconds: 2 });
    expect(await verify(token)).toMatchObject({ ok: true, caller: { sub: "kept" } });
    expect(await verify(token)).toMatchObject({ ok: true, caller: { sub: "kept" } });
    const expiresAt = ((await verify(token)) as { expiresAt: number }).expiresAt;
    vi.useFakeTimers({ now: expiresAt * 1000 + 1, toFake: ["Date"] });
    try {
      expect(await verify(token)).toMatchObject({ ok: false, reason: "token expired" });
    } finally {
      vi.useRealTimers();
    }
    // A tampered copy of a known token is verified afresh, and refused.
    const [header, payload, signature] = token.split(".");
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), scope: "admin" })).toString("base64url")}.${signature}`;
    expect(await verify(forged)).toMatchObject({ ok: false, reason: "token signature invalid" });
  });

  it("splits scope on ASCII spaces only: a Unicode space does not make two scopes", async () => {
    const token = await claims({ scope: "profile:read\u3000admin dept:tax\u00a0pii:read" })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(hs.hmacSecret));
    const result = await createTokenVerifier(hs)(token);
    expect(result).toMatchObject({ ok: true, caller: { scopes: ["profile:read\u3000admin", "dept:tax\u00a0pii:read"] } });
  });

  it("refuses an HS256 token forged with the RSA public key as secret (algorithm confusion)", async () => {
    const pem = fs.readFileSync(rs.publicKeyFile!, "utf8");
    const forged = await claims({ scope: "admin" }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(pem));
    expect((await createTokenVerifier(rs)(forged)).ok).toBe(false);
  });
});
