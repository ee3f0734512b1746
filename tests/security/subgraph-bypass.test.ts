/**
 * Regression: subgraphs trusted a URL prefix (`POST /%67raphql` reached GraphQL unsigned and ran
 * as anonymous). Every path, method and encoding that can reach a subgraph's executor must need
 * the gateway's signature over that method, path and body; a signed caller without the scope gets
 * nothing either. Checked on every subgraph port.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pathOf, signCallerHeaders, type Caller } from "../../shared/caller.js";
import { DEPARTMENT_NAMES, type DepartmentName, PROFILE_DEPARTMENTS } from "../../shared/departments.js";
import { ANALYST, closeAll, firstSubject, startFederation, type Federation } from "../../testing/federation.js";

let fed: Federation;
let organization: string;

beforeAll(async () => {
  fed = await startFederation({ subjects: 60 });
  organization = await firstSubject(fed, "ORGANIZATION");
});
afterAll(() => closeAll(fed));

/** A query per subgraph that reads guarded data, and how to tell data came back. */
function guardedQuery(name: DepartmentName): string {
  // Every department with a Subject field: its records (shared/departments.ts).
  const profileField = PROFILE_DEPARTMENTS.find((d) => d.name === name)?.profileField;
  const field = profileField ? `${profileField} { records { id documentNo } }` : "name listEntries { id }";
  if (name === "audit") return `{ auditLog(first: 5) { nodes { subjectIds } } }`;
  if (name === "evaluation") return `{ evaluationSnapshot { id policyVersion } }`;
  if (name === "incentives") return `{ programmeMetrics { benefitUses amountWaived } }`;
  return `{ _entities(representations: [{ __typename: "Subject", id: "${organization}" }]) { ... on Subject { ${field} } } }`;
}

const origin = (name: DepartmentName) => fed.subgraphUrl(name).replace(/\/graphql$/, "");

async function send(url: string, init: { method: string; body?: string; headers?: Record<string, string> }) {
  const response = await fetch(url, { method: init.method, body: init.body, headers: { "content-type": "application/json", ...init.headers } });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** Nothing served: a refusal with a code, no data. */
function expectRefused(answer: { status: number; json: any; text: string }, statuses = [401, 404]) {
  expect(statuses, answer.text).toContain(answer.status);
  expect(answer.json?.errors?.[0]?.extensions?.code, answer.text).toMatch(/^(UNSIGNED_REQUEST|ROUTE_NOT_FOUND)$/);
  expect(answer.json?.data ?? null).toBeNull();
}

describe.each(DEPARTMENT_NAMES.map((name) => [name]))("subgraph %s", (name) => {
  const body = () => JSON.stringify({ query: guardedQuery(name) });

  it("refuses unsigned requests on every spelling of the GraphQL path and every method", async () => {
    const query = encodeURIComponent(guardedQuery(name));
    const variants: { path: string; method: string }[] = [
      { path: "/graphql", method: "POST" },
      { path: "/%67raphql", method: "POST" },
      { path: "/%67%72%61%70%68%71%6C", method: "POST" },
      { path: "//graphql", method: "POST" },
      { path: "/graphql/", method: "POST" },
      { path: "/GRAPHQL", method: "POST" },
      { path: "/graphql?x=1", method: "POST" },
      { path: "/graphql;x", method: "POST" },
      { path: `/graphql?query=${query}`, method: "GET" },
      { path: `/%67raphql?query=${query}`, method: "GET" },
      { path: "/graphiql", method: "GET" },
    ];
    for (const v of variants) {
      const answer = await send(`${origin(name)}${v.path}`, { method: v.method, body: v.method === "GET" ? undefined : body() });
      expectRefused(answer);
    }
  });

  it("refuses a genuine signature used on another path, method or body", async () => {
    const caller: Caller = { sub: "analyst", scopes: ["admin"] };
    const signed = signCallerHeaders(caller, { audience: name, method: "POST", path: "/graphql", body: body() }, fed.config.gatewaySecret);
    expectRefused(await send(`${origin(name)}/%67raphql`, { method: "POST", body: body(), headers: signed }));
    const signedGet = signCallerHeaders(
      caller,
      { audience: name, method: "POST", path: `/graphql?query=${encodeURIComponent(guardedQuery(name))}`, body: "" },
      fed.config.gatewaySecret,
    );
    expectRefused(await send(`${origin(name)}/graphql?query=${encodeURIComponent(guardedQuery(name))}`, { method: "GET", headers: signedGet }));
    const otherName = name === "credit" ? "tax" : "credit";
    const forOther = signCallerHeaders(caller, { audience: otherName, method: "POST", path: "/graphql", body: body() }, fed.config.gatewaySecret);
    expectRefused(await send(`${origin(name)}/graphql`, { method: "POST", body: body(), headers: forOther }));
    const asGraphql = signCallerHeaders(caller, { audience: name, method: "POST", path: "/graphql", body: "" }, fed.config.gatewaySecret);
    const sent = await fetch(`${origin(name)}/graphql`, {
      method: "POST",
      body: guardedQuery(name),
      headers: { "content-type": "application/graphql", ...asGraphql },
    });
    expect(sent.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(await sent.json().catch(() => null))).not.toMatch(/"data":\{/);
    const other = JSON.stringify({ query: `${guardedQuery(name)} ` });
    expectRefused(
      await send(`${origin(name)}/graphql`, {
        method: "POST",
        body: other,
        headers: signCallerHeaders(caller, { audience: name, method: "POST", path: "/graphql", body: body() }, fed.config.gatewaySecret),
      }),
    );
  });

  it("gives a signed caller without the scope nothing, and one with it the data", async () => {
    const url = fed.subgraphUrl(name);
    const sign = (caller: Caller) => signCallerHeaders(caller, { audience: name, method: "POST", path: pathOf(url), body: body() }, fed.config.gatewaySecret);
    for (const caller of [
      { sub: "anonymous", scopes: [] },
      { sub: "partner", scopes: ["eligibility:check"] },
      { sub: "pii-only", scopes: ["pii:read"] },
    ]) {
      const answer = await send(url, { method: "POST", body: body(), headers: sign(caller) });
      const errors = answer.json?.errors ?? [];
      expect(errors.length, answer.text).toBeGreaterThan(0);
      expect(
        errors.every((e: any) => e.extensions?.code === "FORBIDDEN"),
        answer.text,
      ).toBe(true);
      // Whatever shape data takes, no field of the guarded selection carries a value.
      expect(JSON.stringify(answer.json?.data ?? null), answer.text).not.toMatch(
        /"(name|subjectIds|policyVersion|outstandingArrears|payAfterVisits|couponUses|onWarningList|complaints|benefitUses|amountWaived)":[^n]/,
      );
    }
    const admin = await send(url, { method: "POST", body: body(), headers: sign({ sub: "admin", scopes: ["admin"] }) });
    expect(admin.status).toBe(200);
    expect(admin.json.errors ?? [], admin.text).toEqual([]);
  });
});

describe("writes through a bypass", () => {
  const mutation = (n: number) =>
    JSON.stringify({
      query: `mutation { recordTaxViolation(input: { subjectId: "${organization}", documentNo: "bypass-${n}", category: LATE_FILING, severity: GENERAL, description: "x", decidedOn: "2026-01-01" }) { id } }`,
    });

  it("writes nothing unsigned on any path, nor signed for a caller without dept:tax", async () => {
    for (const [k, path] of ["/%67raphql", "/graphql", "/graphql?a=b", "//graphql"].entries()) {
      expectRefused(await send(`${origin("tax")}${path}`, { method: "POST", body: mutation(k) }));
    }
    const body = mutation(9);
    const signed = signCallerHeaders(
      { sub: "health-clerk", scopes: ["dept:health", "profile:read"] },
      { audience: "tax", method: "POST", path: "/graphql", body },
      fed.config.gatewaySecret,
    );
    const answer = await send(fed.subgraphUrl("tax"), { method: "POST", body, headers: signed });
    expect(answer.json.errors[0].extensions.code).toBe("FORBIDDEN");
    const { body: read } = await fed.query(`query($id: ID!) { subject(id: $id) { tax { violations { documentNo } } } }`, { id: organization }, ANALYST);
    expect(read.data.subject.tax.violations.map((v: any) => v.documentNo).filter((d: string) => d.startsWith("bypass-"))).toEqual([]);
  });
});
