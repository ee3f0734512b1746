import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

/** The problems loadConfig lists about XINYI_OIDC_ISSUER (none: it accepted the issuer). */
function issuerProblems(nodeEnv: string, issuer: string): string[] {
  try {
    return loadConfig({ NODE_ENV: nodeEnv, XINYI_GATEWAY_SECRET: "x".repeat(32), XINYI_OIDC_ISSUER: issuer }).auth.oidcIssuer === issuer ? [] : ["not kept"];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.filter((p) => p.includes("XINYI_OIDC_ISSUER"));
  }
}

describe("XINYI_OIDC_ISSUER", () => {
  it("must be https in production unless the host is loopback; http anywhere in development", () => {
    expect(issuerProblems("production", "http://idp.example.org/realms/xinyi")).toEqual([
      expect.stringMatching(/^XINYI_OIDC_ISSUER must be an https URL in production/),
    ]);
    expect(issuerProblems("production", "http://10.0.0.5:8080")).toHaveLength(1);
    for (const issuer of ["https://idp.example.org/realms/xinyi", "http://127.0.0.1:4090", "http://[::1]:4090", "http://localhost:4090"]) {
      expect(issuerProblems("production", issuer), issuer).toEqual([]);
    }
    expect(issuerProblems("development", "http://idp.example.org/realms/xinyi")).toEqual([]);
    expect(issuerProblems("production", "ftp://idp.example.org")).toEqual([expect.stringMatching(/http\(s\) URL/)]);
  });
});
