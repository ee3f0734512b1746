import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IssuerKeysUnavailable, jwksUrlOf, remoteIssuerKeys } from "./oidc-issuer.js";

const key = generateKeyPairSync("rsa", { modulusLength: 2048 });
/** What the provider's discovery document names as its jwks_uri, per test. */
let jwksUri = "";
let issuer = "";
const server = http.createServer(async (request, response) => {
  response.setHeader("content-type", "application/json");
  if (request.url === "/.well-known/openid-configuration") response.end(JSON.stringify({ issuer, jwks_uri: jwksUri }));
  else if (request.url === "/jwks") response.end(JSON.stringify({ keys: [{ ...(await exportJWK(key.publicKey)), kid: "k1", alg: "RS256", use: "sig" }] }));
  else response.writeHead(404).end("{}");
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const keyFor = (uri: string) => {
  jwksUri = uri;
  return remoteIssuerKeys(issuer, 0)({ alg: "RS256", kid: "k1" }, { payload: "", signature: "", protected: "" });
};

describe("the JWKS URL a discovery document names", () => {
  it("is fetched on a loopback http issuer's own origin; another http origin is refused before any fetch", async () => {
    await expect(keyFor(`${issuer}/jwks`)).resolves.toBeDefined();
    // The same port on another loopback address, another host, and the issuer's host on another port: not its own.
    for (const uri of [`http://127.0.0.2:${new URL(issuer).port}/jwks`, "http://keys.example.org/jwks", "http://127.0.0.1:1/jwks"]) {
      await expect(keyFor(uri)).rejects.toThrow(/not https, nor on the issuer's own origin/);
    }
    await expect(keyFor("file:///etc/jwks.json")).rejects.toThrow(IssuerKeysUnavailable);
  });

  it("must be https for an https issuer", () => {
    expect(jwksUrlOf("https://idp.example.org/realms/x", "https://keys.example.org/certs").href).toBe("https://keys.example.org/certs");
    expect(() => jwksUrlOf("https://idp.example.org/realms/x", "http://idp.example.org/realms/x/certs")).toThrow(/not https/);
  });
});
