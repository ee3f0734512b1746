/**
 * Each operation's admission (gateway/src/plugins/use-limits.ts: the token's operation count, the
 * person-ID and lookup budgets, the cost) and the address's count on arrival, through the real
 * gateway: the masked-ID oracle's budget, the cost limit, failed authentication and batches, and
 * that nothing the audit records escapes the token's count. (Split from hardening.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computePersonCheck } from "../../shared/ids.js";
import { maskIdNumber } from "../../shared/masking.js";
import { ANALYST, closeAll, firstSubject, startFederation, subjectIds, type Federation } from "../../testing/federation.js";
import { windowWithRoom } from "../../testing/wait.js";

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation({ subjects: 120 });
});
afterAll(() => closeAll(fed));

const AUDITOR = { scopes: ["audit:read", "pii:read"], sub: "admission-auditor" };

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

describe("the masked-ID oracle (regression: birth dates guessed through subject(id))", () => {
  it("limits lookups that find nobody per token, not lookups that find someone, nor callers with pii:read", async () => {
    const persons = await subjectIds(fed, "PERSON", 22);
    const limited = await fed.startGateway({ XINYI_LOOKUP_MISSES_PER_HOUR: "5" });
    try {
      const ask = async (ids: string[], scopes: string[], sub: string) => {
        const aliases = ids.map((id, i) => `g${i}: subject(id: "${id}") { kind }`).join(" ");
        const r = await fetch(limited.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${await fed.token(scopes, sub)}` },
          body: JSON.stringify({ query: `{ ${aliases} }` }),
        });
        return r.json();
      };
      const target = persons[20];
      // Candidates with the same visible digits and other birth dates: none exists.
      const guesses: string[] = [];
      for (let day = 0; guesses.length < 6; day++) {
        const date = new Date(Date.UTC(1940, 0, 1 + day)).toISOString().slice(0, 10).replace(/-/g, "");
        const first17 = `${target.slice(0, 6)}${date}${target.slice(14, 17)}`;
        if (computePersonCheck(first17) === target[17] && `${first17}${target[17]}` !== target) guesses.push(`${first17}${target[17]}`);
      }
      for (let i = 0; i < 3; i++) expect((await ask([persons[21]], ["dept:tax"], "guesser")).errors).toBeUndefined(); // hits do not count
      const first = await ask(guesses.slice(0, 5), ["dept:tax"], "guesser");
      expect(Object.values(first.data ?? {}).length).toBeGreaterThan(0);
      expect(Object.values(first.data ?? {}).every((v) => v === null)).toBe(true);
      const refused = await ask([target], ["dept:tax"], "guesser");
      expect(refused.errors[0].extensions.code).toBe("RATE_LIMITED");
      expect(JSON.stringify(refused)).not.toContain(target);
      const other = await ask([target], ["dept:tax"], "someone-else");
      expect(other.data.g0.kind).toBe("PERSON");
      const withPii = await ask(guesses, ["dept:tax", "pii:read"], "pii-holder");
      expect(withPii.errors).toBeUndefined();
      // The same class through writes: NOT_FOUND for an unknown subject is a miss, whatever mutation answers it.
      const write = async (query: string, sub: string) => {
        const r = await fetch(limited.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${await fed.token(["code:register", "dept:tax"], sub)}` },
          body: JSON.stringify({ query }),
        });
        return r.json();
      };
      const revoke = (id: string) => `mutation { revokeCreditCode(subjectId: "${id}", reason: "probe") { status } }`;
      const record = (id: string) =>
        `mutation { recordTaxViolation(input: { subjectId: "${id}", documentNo: "probe-${id}", category: LATE_FILING, severity: GENERAL, description: "probe", decidedOn: "2026-01-05" }) { id } }`;
      for (const [i, guess] of guesses.slice(0, 5).entries()) {
        const answer = await write(i % 2 ? revoke(guess) : record(guess), "writer-guesser");
        expect(answer.errors[0].extensions.code).toBe("NOT_FOUND");
      }
      const blocked = await write(revoke(target), "writer-guesser");
      expect(blocked.errors[0].extensions.code).toBe("RATE_LIMITED");
      expect(JSON.stringify(blocked)).not.toContain(target);
    } finally {
      await limited.close();
    }
  });
});

describe("a budget's refusal is audited, unlike a rate limit's", () => {
  it("a token past its person-ID budget leaves a REFUSED entry with the budget's code, purpose and the subject (masked without pii:read)", async () => {
    const persons = await subjectIds(fed, "PERSON", 3);
    await windowWithRoom(3_600_000, 20_000); // the budget counts clock hours
    const limited = await fed.startGateway({ XINYI_PERSON_IDS_PER_HOUR: "2" });
    try {
      const token = await fed.token(["profile:read"], "id-prober");
      const ask = async (id: string) => {
        const r = await fetch(limited.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "probing ids" },
          body: JSON.stringify({ query: `{ subject(id: "${id}") { kind } }` }),
        });
        return (await r.json()).errors?.[0]?.extensions?.code ?? "OK";
      };
      expect([await ask(persons[0]), await ask(persons[1]), await ask(persons[2])]).toEqual(["OK", "OK", "RATE_LIMITED"]);
      const entries = async (scopes: string[]) => {
        const { body } = await fed.query(`{ auditLog(caller: "id-prober", first: 5) { nodes { outcome errorCodes purpose fields subjectIds } } }`, undefined, {
          scopes,
          sub: "budget-auditor",
        });
        return body.data.auditLog.nodes;
      };
      const refused = { outcome: "REFUSED", errorCodes: ["RATE_LIMITED"], purpose: "probing ids", fields: ["subject"] };
      const [newest, ...older] = await entries(["audit:read", "pii:read"]);
      expect(newest).toEqual({ ...refused, subjectIds: [persons[2]] });
      expect(older.map((n: { outcome: string }) => n.outcome)).toEqual(["OK", "OK"]);
      const [masked] = await entries(["audit:read"]);
      expect(masked).toEqual({ ...refused, subjectIds: [maskIdNumber(persons[2])] });
    } finally {
      await limited.close();
    }
  });
});

describe("the cost limit", () => {
  it("refuses the amplification request before any subgraph is called", async () => {
    const aliases = Array.from(
      { length: 30 },
      (_, i) => `a${i}: subjects(first: 100) { nodes { evaluation { score } evaluationIf(repair: []) { score } } }`,
    ).join(" ");
    const batch = Array.from({ length: 5 }, () => ({ query: `{ ${aliases} }` }));
    fed.resetCounts();
    const response = await fetch(fed.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await fed.token(["profile:read"], "amplifier")}`, "x-purpose": "amplification" },
      body: JSON.stringify(batch),
    });
    const results = (await response.json()) as any[];
    expect(results).toHaveLength(5);
    for (const r of results) {
      expect(r.errors[0].extensions.code).toBe("OPERATION_TOO_COSTLY");
      expect(r.errors[0].extensions.cost.estimated).toBeGreaterThan(r.errors[0].extensions.cost.max);
    }
    expect(Object.values(fed.requests).flat()).toEqual([]);
    // Each refusal is audited (the batch was charged to the token when it was parsed).
    const { body } = await fed.query(`{ auditLog(caller: "amplifier", first: 10) { nodes { outcome errorCodes purpose } } }`, undefined, AUDITOR);
    expect(body.data.auditLog.nodes).toEqual(Array(5).fill({ outcome: "REFUSED", errorCodes: ["OPERATION_TOO_COSTLY"], purpose: "amplification" }));
  });

  it("counts a page size given as a variable's default value (regression: the default was read as absent)", async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: subjects(first: $n) { nodes { id evaluation { level } } }`).join(" ");
    const { body } = await fed.query(`query($n: Int = 100) { ${aliases} }`, {}, ANALYST);
    expect(body.errors?.[0]?.extensions?.code).toBe("OPERATION_TOO_COSTLY");
    const explicit = await fed.query(`query($n: Int = 1) { ${aliases} }`, { n: 100 }, ANALYST);
    expect(explicit.body.errors?.[0]?.extensions?.code).toBe("OPERATION_TOO_COSTLY");
  });

  it("still serves a page of 100 full profiles with their evaluation", async () => {
    const { body } = await fed.query(
      `{ subjects(first: 100) { nodes { id name listEntries { id } tax { latestRating { level } violations { id } arrears { id } } health { records { id } } transport { records { id } } publicResources { records { id } } market { records { id } } evaluation { score level codeColor complete reasons { recordId en } } } } }`,
      undefined,
      ANALYST,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.subjects.nodes).toHaveLength(100);
    expect(body.data.subjects.nodes.every((n: any) => n.evaluation.complete)).toBe(true);
  });
});

describe("rate limits of failed authentication and of batches", () => {
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(fed.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    return { status: r.status, headers: r.headers, json: await r.json().catch(() => undefined) };
  };

  it("refuses an oversized token with a code, and audits and rate-limits failed authentication", async () => {
    const huge = await post({ query: "{ __typename }" }, { authorization: `Bearer ${"a".repeat(20_000)}` });
    expect([401, 431]).toContain(huge.status);
    expect(huge.json.errors[0].extensions.code).toMatch(/UNAUTHENTICATED|REQUEST_HEADER_FIELDS_TOO_LARGE/);
    const limited = await fed.startGateway({ XINYI_IP_RATE_LIMIT_PER_MINUTE: "4" });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await fetch(limited.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer not.a.token" },
          body: '{"query":"{ __typename }"}',
        });
        statuses.push(r.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
    const { body } = await fed.query(`{ auditLog(first: 5, caller: "(invalid token)") { nodes { outcome errorCodes operationType } } }`, undefined, AUDITOR);
    expect(body.data.auditLog.nodes.length).toBeGreaterThan(0);
    expect(body.data.auditLog.nodes[0]).toMatchObject({ outcome: "REFUSED", errorCodes: ["UNAUTHENTICATED"], operationType: "authentication" });
  });

  it("counts every operation of a batch against the rate limit", async () => {
    const limited = await fed.startGateway({ XINYI_RATE_LIMIT_PER_MINUTE: "6" });
    try {
      const token = await fed.token(["metrics:read"], "batcher");
      const send = (n: number) =>
        fetch(limited.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify(Array.from({ length: n }, () => ({ query: "{ directoryStatistics { subjects } }" }))),
        });
      await windowWithRoom(60_000, 10_000); // the limit counts clock minutes
      expect((await send(5)).status).toBe(200);
      const refused = await send(2);
      expect(refused.status).toBe(429);
      expect(JSON.stringify(await refused.json())).toContain("RATE_LIMITED");
    } finally {
      await limited.close();
    }
  });
});
