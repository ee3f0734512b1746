import { describe, expect, it } from "vitest";
import { ReplayGuard, signCallerHeaders, verifyCallerHeaders } from "./caller.js";

const SECRET = "test-secret-0123456789abcdef0123456789abcdef";

describe("the replay guard", () => {
  it("refuses a nonce twice within its lifetime, forgets it after two, and stays bounded", () => {
    const guard = new ReplayGuard(1000, 3, 0);
    expect(guard.accept("a", 10)).toBe(true);
    expect(guard.accept("a", 20)).toBe(false);
    expect(guard.accept("a", 1500)).toBe(false); // previous generation still remembered
    expect(guard.accept("a", 3100)).toBe(true); // two lifetimes later: forgotten (its signature expired long ago)
    expect(guard.accept("b", 3100)).toBe(true);
    expect(guard.accept("c", 3100)).toBe(true);
    expect(guard.accept("d", 3100)).toBe(false); // full: refuses rather than forgetting live nonces
    expect(guard.size).toBeLessThanOrEqual(6);
  });
});

describe("caller signatures", () => {
  it("cover the audience, the method, the path with its query, and the body", () => {
    const request = { audience: "tax", method: "POST", path: "/graphql", body: "{}" };
    const headers = signCallerHeaders({ sub: "s", scopes: ["admin"] }, request, SECRET);
    expect(verifyCallerHeaders(headers, request, SECRET)).toMatchObject({ ok: true });
    for (const other of [
      { ...request, method: "GET" },
      { ...request, path: "/%67raphql" },
      { ...request, path: "/graphql?x=1" },
      { ...request, body: "{ }" },
      { ...request, audience: "health" },
    ]) {
      expect(verifyCallerHeaders(headers, other, SECRET)).toMatchObject({ ok: false, reason: "invalid gateway signature" });
    }
  });
});
