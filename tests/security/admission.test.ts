/**
 * Each operation's admission (gateway/src/plugins/use-limits.ts: the token's operation count, the
 * person-ID and lookup budgets, the cost) through the real gateway: what it charges, and that
 * nothing the audit records escapes it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAll, firstSubject, startFederation, type Federation } from "../../testing/federation.js";
import { windowWithRoom } from "../../testing/wait.js";

let fed: Federation;
beforeAll(async () => void (fed = await startFederation({ subjects: 60 })));
afterAll(() => closeAll(fed));

describe("an operation the audit records is charged to its token (reviewer M3: audit flood)", () => {
  it("refusals from many addresses spend one token's limit, and write no more audit rows than it", async () => {
    await windowWithRoom(60_000, 20_000);
    // Behind a load balancer on this machine: each request's address is its X-Forwarded-For.
    const limited = await fed.startGateway({ XINYI_RATE_LIMIT_PER_MINUTE: "4", XINYI_TRUSTED_PROXIES: "127.0.0.1" });
    try {
      const token = await fed.token(["profile:read"], "audit-flooder");
      let address = 0;
      const ask = async (query: string, purpose?: string) => {
        const headers: Record<string, string> = {
          "content-type": "application/json",
          authorization: `Bearer ${token}`,
          "x-forwarded-for": `203.0.113.${++address}`,
        };
        if (purpose) headers["x-purpose"] = purpose;
        const answer = await (await fetch(limited.url, { method: "POST", headers, body: JSON.stringify({ query }) })).json();
        return answer.errors?.[0]?.extensions?.code ?? "OK";
      };
      const profile = `{ subject(id: "${await firstSubject(fed, "PERSON")}") { kind } }`;
      // Two kinds of refusal the audit records, each from an address of its own: no purpose, and every field refused.
      const codes = [];
      for (let i = 0; i < 2; i++) codes.push(await ask(profile), await ask(`{ auditLog(first: 1) { totalCount } }`, "flood"));
      // The token's four are spent: a valid operation is refused too, from yet another address.
      codes.push(await ask(profile, "a valid read"), await ask(profile));
      expect(codes).toEqual(["PURPOSE_REQUIRED", "FORBIDDEN", "PURPOSE_REQUIRED", "FORBIDDEN", "RATE_LIMITED", "RATE_LIMITED"]);
      const { body } = await fed.query(`{ auditLog(caller: "audit-flooder", first: 20) { nodes { outcome } } }`, undefined, {
        scopes: ["audit:read"],
        sub: "flood-auditor",
      });
      expect(body.data.auditLog.nodes.map((n: { outcome: string }) => n.outcome)).toEqual(["REFUSED", "REFUSED", "REFUSED", "REFUSED"]);
    } finally {
      await limited.close();
    }
  });
});
