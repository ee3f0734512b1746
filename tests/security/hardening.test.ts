/**
 * The security review's classes, each with several variants, through the real gateway:
 * opaque cursors, reserved names, person IDs anywhere in a response (a property test over random
 * selections), purpose by resolved fields, audited writes with before/after and history, dates
 * that would rewrite history, and smaller holes (subscriptions, GET variables, CORS, document
 * numbers, control characters, directory probing). What an operation's admission charges — the
 * lookup budget, the cost limit, failed authentication, batches — is admission.test.ts.
 */
import { PROFILE_DEPARTMENTS } from "../../shared/departments.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePersonId } from "../../shared/ids.js";
import { createRng } from "../../shared/seeding/random.js";
import { ANALYST, firstSubject, startFederation, subjectIds, type As, type Federation } from "../../testing/federation.js";

let fed: Federation;
let persons: string[];
let organization: string;
const READER: As = { scopes: ["profile:read"], purpose: "hardening test" };
const AUDITOR: As = { scopes: ["audit:read", "pii:read"], sub: "hardening-auditor" };

beforeAll(async () => {
  fed = await startFederation({ subjects: 200 });
  persons = await subjectIds(fed, "PERSON", 100);
  organization = await firstSubject(fed, "ORGANIZATION");
});
afterAll(async () => {
  await fed?.close();
});

/** The audit entries of one caller, newest first. */
async function entriesOf(sub: string) {
  const { body } = await fed.query(
    `query($c: String) { auditLog(first: 50, caller: $c) { nodes { id fields subjectIds outcome operationType follows errorCodes changes { department recordId subjectId action before after } } } }`,
    { c: sub },
    AUDITOR,
  );
  return body.data.auditLog.nodes as any[];
}

/** Every full person ID number in a text. */
const unmaskedIds = (text: string) => (text.match(/[0-9]{17}[0-9X]/g) ?? []).filter((c) => parsePersonId(c).ok);

describe("cursors", () => {
  it("carry nothing recognisable, and altered or forged ones are refused", async () => {
    const q = `query($after: String) { subjects(first: 5, after: $after, filter: { kind: PERSON }) { nodes { id } pageInfo { endCursor } } }`;
    const { body } = await fed.query(q, {}, READER);
    const cursor: string = body.data.subjects.pageInfo.endCursor;
    const decoded = Buffer.from(cursor, "base64url").toString("latin1");
    expect(decoded).not.toMatch(/\d{6}/);
    expect(unmaskedIds(JSON.stringify(body))).toEqual([]);
    const next = await fed.query(q, { after: cursor }, READER);
    expect(next.body.data.subjects.nodes).toHaveLength(5);

    const bytes = Buffer.from(cursor, "base64url");
    const forged = [
      Buffer.from(`k:${persons[3]}`).toString("base64url"),
      Buffer.concat([bytes.subarray(0, -1), Buffer.from([bytes[bytes.length - 1] ^ 1])]).toString("base64url"),
      cursor.slice(0, -2),
      "",
    ];
    for (const after of forged) {
      const refused = await fed.query(q, { after }, READER);
      expect(refused.body.errors?.[0]?.extensions?.code, after).toBe("BAD_USER_INPUT");
      expect(refused.body.data?.subjects ?? null).toBeNull();
    }
  });
});

describe("reserved names", () => {
  it.each([
    ["the tracking alias", `query($id: ID!) { subject(id: $id) { xinyiTrackedSubjectId__: name } }`],
    ["a prefixed alias in upper case", `query($id: ID!) { subject(id: $id) { XINYI_x: name id } }`],
    ["a prefixed alias deep in a fragment", `query($id: ID!) { subject(id: $id) { ...F } } fragment F on Subject { tax { xinyi: outstandingArrears } }`],
    ["a prefixed variable", `query($id: ID!, $xinyiX: Int) { subject(id: $id) { name } }`],
    ["a prefixed fragment", `query($id: ID!) { subject(id: $id) { ...xinyiF } } fragment xinyiF on Subject { name }`],
    ["a prefixed operation name", `query xinyiOp($id: ID!) { subject(id: $id) { name } }`],
  ])("refuses %s with RESERVED_NAME, reading nothing", async (_name, query) => {
    const sub = `reserved-${Math.random().toString(36).slice(2)}`;
    const { body } = await fed.query(query, { id: persons[0] }, { ...READER, sub });
    expect(body.errors?.[0]?.extensions?.code).toBe("RESERVED_NAME");
    expect(body.data ?? null).toBeNull();
    expect(unmaskedIds(JSON.stringify(body))).toEqual([]);
  });
});

describe("person IDs without pii:read (property test over random selections)", () => {
  const SUBJECT_FIELDS = [
    "id",
    "name",
    "kind",
    "phone",
    "listEntries { id reason }",
    "tax { violations { id documentNo description } arrears { id } }",
    // Every department with a Subject field, its records (shared/departments.ts).
    ...PROFILE_DEPARTMENTS.map((d) => `${d.profileField} { records { id subjectId documentNo description } }`),
    "evaluation { reasons { recordId en zh } missingSources }",
    "evaluationIf(repair: []) { score }",
  ];
  const ALIASES = ["a", "id", "name", "subjectId", "xid", "key"];

  it("no full ID number appears anywhere in the response, and every subject returned is in the audit entry", async () => {
    const rng = createRng("property");
    for (let round = 0; round < 30; round++) {
      const picks = Array.from({ length: rng.int(1, 4) }, () => {
        const field = rng.pick(SUBJECT_FIELDS);
        return rng.chance(0.4) ? `${rng.pick(ALIASES)}${round}: ${field}` : field;
      });
      const body = rng.chance(0.3) ? `... on Subject { ${picks.join(" ")} }` : rng.chance(0.3) ? "...S" : picks.join(" ");
      const fragment = body === "...S" ? ` fragment S on Subject { ${picks.join(" ")} }` : "";
      const root = rng.chance(0.5)
        ? `subjects(first: ${rng.int(1, 15)}, filter: { kind: PERSON }) { nodes { ${body} } pageInfo { endCursor } }`
        : `subject(id: $id) { ${body} }`;
      const wrapped = rng.chance(0.3) ? `... on Query { ${root} }` : root;
      const query = `query($id: ID!) { ${wrapped} }${fragment}`;
      const sub = `property-${round}`;
      const { body: answer } = await fed.query(query, { id: rng.pick(persons) }, { ...READER, sub });
      const text = JSON.stringify(answer);
      expect(unmaskedIds(text), query).toEqual([]);
      for (const id of persons) expect(text.includes(id), query).toBe(false);

      const [entry] = await entriesOf(sub);
      const masked = text.match(/\d{6}\*{8}[\dX]{4}/g) ?? [];
      for (const m of masked) {
        expect(
          entry.subjectIds.some((id: string) => id.startsWith(m.slice(0, 6)) && id.endsWith(m.slice(-4))),
          `${m} of ${query}`,
        ).toBe(true);
      }
    }
  });

  it("names no internal service in errors: a department is named by `department`", async () => {
    const { body } = await fed.query(`query($id: ID!) { subject(id: $id) { name } }`, { id: "bad-id" }, READER);
    expect(body.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(body)).not.toContain("serviceName");
  });

  it("masks ID numbers echoed in errors, and keeps them for pii:read", async () => {
    const wrong = `${persons[0].slice(0, 17)}${persons[0].endsWith("0") ? "1" : "0"}`;
    const masked = await fed.query(`query($id: ID!) { subject(id: $id) { name } }`, { id: wrong }, READER);
    expect(masked.body.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(masked.body)).not.toContain(wrong);
    const literal = await fed.query(`{ subject(id: "${wrong}") { name } }`, undefined, READER);
    expect(JSON.stringify(literal.body)).not.toContain(wrong);
    const clear = await fed.query(`query($id: ID!) { subject(id: $id) { name } }`, { id: wrong }, ANALYST);
    expect(JSON.stringify(clear.body)).toContain(wrong);
  });
});

describe("field authorization decided once per document and caller (its cache)", () => {
  // One query text, decided again for every scope set, token or none, operation and @include value.
  const DOC = `query A($id: ID!, $withTax: Boolean!) { subject(id: $id) { name ...T @include(if: $withTax) } }
    query B($id: ID!) { subject(id: $id) { name x: tax { outstandingArrears } } }
    query C($id: ID!, $withTax: Boolean! = true) { subject(id: $id) { name ...T @include(if: $withTax) } }
    fragment T on Subject { tax { outstandingArrears } }`;
  const ask = async (operationName: string, variables: Record<string, unknown>, scopes?: string[]) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (scopes) headers.authorization = `Bearer ${await fed.token(scopes, `cache-${scopes.join("-")}`)}`;
    const response = await fetch(fed.gatewayUrl, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: DOC, operationName, variables: { id: organization, ...variables } }),
    });
    return response.json();
  };

  it("refuses a field to a caller without the scope after one with it asked the same document, in any order", async () => {
    const tax = ["dept:tax"];
    const credit = ["dept:credit"];
    const sequence: [string, Record<string, unknown>, string[] | undefined, string | undefined][] = [
      ["A", { withTax: true }, tax, undefined],
      ["A", { withTax: true }, credit, "FORBIDDEN"],
      ["A", { withTax: false }, credit, undefined],
      ["A", { withTax: true }, credit, "FORBIDDEN"],
      ["A", { withTax: true }, undefined, "UNAUTHORIZED"], // the directory itself needs a token
      ["B", {}, tax, undefined],
      ["B", {}, credit, "FORBIDDEN"],
      ["B", {}, [...credit, "dept:tax"], undefined],
      ["A", { withTax: true }, tax, undefined],
      ["C", {}, tax, undefined], // the declared default includes it
      ["C", {}, credit, "FORBIDDEN"],
      ["C", { withTax: false }, credit, undefined],
    ];
    for (const [operationName, variables, scopes, refused] of sequence) {
      const step = JSON.stringify([operationName, variables, scopes ?? "anonymous"]);
      const body = await ask(operationName, variables, scopes);
      const taxKey = operationName === "B" ? "x" : "tax";
      if (refused === "UNAUTHORIZED") {
        expect(
          body.errors?.map((e: any) => [e.extensions.code, e.path]),
          step,
        ).toEqual([[refused, ["subject"]]]);
        expect(body.data.subject, step).toBeNull();
      } else if (refused) {
        expect(
          body.errors?.map((e: any) => [e.extensions.code, e.path]),
          step,
        ).toEqual([[refused, ["subject", taxKey]]]);
        expect(body.data.subject[taxKey], step).toBeNull();
      } else {
        expect(body.errors, step).toBeUndefined();
        if (variables.withTax !== false) expect(body.data.subject[taxKey].outstandingArrears, step).toEqual(expect.any(Number));
        else expect(body.data.subject).not.toHaveProperty("tax");
      }
      if (scopes) expect(body.data.subject.name, step).toEqual(expect.any(String));
    }
  });
});

describe("audited subject ids come only from where a subject is named", () => {
  it("ignores ids smuggled in undeclared variables, other arguments and unrelated strings", async () => {
    const [victimA, victimB, looked] = persons.slice(10, 13);
    const cases: [string, string, Record<string, unknown>][] = [
      ["undeclared variables", `{ scoringPolicy { __typename } }`, { junk: [victimA], nested: { x: victimB } }],
      ["an unrelated string argument", `query($p: String) { subjects(first: 1, filter: { namePrefix: $p }) { nodes { name } } }`, { p: victimA }],
      ["an id inside another input", `query($f: SubjectFilter) { subjects(first: 1, filter: $f) { nodes { name } } }`, { f: { namePrefix: victimB } }],
    ];
    for (const [name, query, variables] of cases) {
      const sub = `smuggler-${Math.random().toString(36).slice(2)}`;
      await fed.query(query, variables, { ...READER, sub });
      const [entry] = await entriesOf(sub);
      expect(entry.subjectIds, name).not.toContain(victimA);
      expect(entry.subjectIds, name).not.toContain(victimB);
    }
    const sub = `looker-${Math.random().toString(36).slice(2)}`;
    const unknown = `${looked.slice(0, 14)}0000`;
    await fed.query(`query($id: ID!) { subject(id: $id) { __typename } }`, { id: looked }, { ...READER, sub });
    expect((await entriesOf(sub))[0].subjectIds).toEqual([looked]);
    // A lookup of someone the directory does not know is still a lookup of that id.
    const sub2 = `looker-${Math.random().toString(36).slice(2)}`;
    const answer = await fed.query(`{ subject(id: "${unknown}") { __typename } }`, undefined, { ...READER, sub: sub2 });
    if (!answer.body.errors) expect((await entriesOf(sub2))[0].subjectIds.length).toBeLessThanOrEqual(1);
  });
});

describe("purpose and audited fields, decided on the resolved fields", () => {
  it.each([
    ["an inline fragment at the root", `query($id: ID!) { ... on Query { subject(id: $id) { name } } }`],
    ["a named fragment at the root", `query($id: ID!) { ...R } fragment R on Query { subject(id: $id) { name } }`],
    ["nested fragments", `query($id: ID!) { ... on Query { ...R } } fragment R on Query { ... on Query { subject(id: $id) { name } } }`],
    ["an alias in a fragment", `query($id: ID!) { __typename ... on Query { who: subject(id: $id) { name } } }`],
    ["the list in a fragment", `{ ... on Query { subjects(first: 1) { nodes { name } } } }`],
  ])("needs a purpose for %s, and audits the real field", async (_name, query) => {
    const sub = `purpose-${Math.random().toString(36).slice(2)}`;
    const { body } = await fed.query(query, { id: persons[1] }, { scopes: ["profile:read"], sub });
    expect(body.errors?.[0]?.extensions?.code).toBe("PURPOSE_REQUIRED");
    expect(body.data ?? null).toBeNull();
    const [entry] = await entriesOf(sub);
    expect(entry.outcome).toBe("REFUSED");
    expect(entry.fields.some((f: string) => f === "subject" || f === "subjects")).toBe(true);
    expect(entry.fields).not.toContain("...");
  });
});

describe("writes", () => {
  const TAX: As = { scopes: ["dept:tax"], sub: "tax-clerk-audit" };
  const record = `mutation($in: RecordTaxViolationInput!) { recordTaxViolation(input: $in) { id decidedOn publicityEndsOn status closedOn } }`;
  const input = (documentNo: string, extra: Record<string, unknown> = {}) => ({
    subjectId: organization,
    documentNo,
    category: "LATE_FILING",
    severity: "GENERAL",
    description: "逾期申报",
    decidedOn: "2026-03-01",
    ...extra,
  });

  it("audit each mutation with its subject, record id, before and after, after a STARTED entry; a correction's history is readable", async () => {
    const created = await fed.query(record, { in: input("湖税罚〔2026〕audit-1号") }, TAX);
    const id = created.body.data.recordTaxViolation.id;
    await fed.query(`mutation($id: ID!) { correctTaxViolation(id: $id, input: { amount: 250, decidedOn: "2026-04-01" }) { id } }`, { id }, TAX);
    await fed.query(
      `mutation($id: ID!) { closeTaxViolation(id: $id, closedOn: "2026-05-01", legalBasis: "（2026）浙05行终1号判决撤销原处罚决定") { id } }`,
      { id },
      TAX,
    );

    const entries = await entriesOf(TAX.sub!);
    const outcomes = entries.filter((e) => e.outcome !== "STARTED");
    const started = entries.filter((e) => e.outcome === "STARTED");
    expect(outcomes).toHaveLength(3);
    expect(started).toHaveLength(3);
    for (const e of outcomes) {
      expect(e.subjectIds).toEqual([organization]);
      expect(started.map((s) => s.id)).toContain(e.follows);
      expect(e.follows < e.id).toBe(true);
      expect(e.changes).toHaveLength(1);
      expect(e.changes[0]).toMatchObject({ department: "tax", recordId: id, subjectId: organization });
    }
    const [close, correct, create] = outcomes;
    expect(create.changes[0].action).toBe("RECORD");
    expect(create.changes[0].before).toBeNull();
    expect(JSON.parse(create.changes[0].after)).toMatchObject({ id, decided_on: "2026-03-01", amount_fen: null });
    expect(correct.changes[0].action).toBe("CORRECT");
    expect(JSON.parse(correct.changes[0].before)).toMatchObject({ decided_on: "2026-03-01", amount_fen: null });
    expect(JSON.parse(correct.changes[0].after)).toMatchObject({ decided_on: "2026-04-01", amount_fen: 25_000 });
    expect(close.changes[0].action).toBe("CLOSE");
    expect(JSON.parse(close.changes[0].after)).toMatchObject({ status: "REMOVED", closed_on: "2026-05-01" });

    // The history of the record, for an auditor.
    const history = await fed.query(`query($r: ID) { auditLog(first: 10, recordId: $r) { nodes { changes { action } } } }`, { r: id }, AUDITOR);
    expect(history.body.data.auditLog.nodes.map((n: any) => n.changes[0].action)).toEqual(["CLOSE", "CORRECT", "RECORD"]);
  });

  it("refuses dates that would rewrite history", async () => {
    const cases: [string, Record<string, unknown>][] = [
      ["year 1800", { decidedOn: "1800-01-01" }],
      ["year 0001", { decidedOn: "0001-01-01" }],
      ["before 1949-10-01", { decidedOn: "1949-09-30" }],
      ["in the future", { decidedOn: "2999-01-01" }],
    ];
    for (const [name, extra] of cases) {
      const { body } = await fed.query(record, { in: input(`湖税罚〔2026〕date-${name}号`, extra) }, TAX);
      expect(body.errors?.[0]?.extensions?.code, name).toBe("BAD_USER_INPUT");
    }
    const created = await fed.query(record, { in: input("湖税罚〔2026〕date-ok号") }, TAX);
    const id = created.body.data.recordTaxViolation.id;
    const correct = await fed.query(`mutation($id: ID!) { correctTaxViolation(id: $id, input: { decidedOn: "1800-01-01" }) { id } }`, { id }, TAX);
    expect(correct.body.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    for (const closedOn of ["2026-02-28", "1800-01-01", "2999-01-01"]) {
      const { body } = await fed.query(
        `mutation($id: ID!, $d: Date!) { closeTaxViolation(id: $id, closedOn: $d, legalBasis: "（2026）浙05行终1号判决撤销原处罚决定") { id } }`,
        { id, d: closedOn },
        TAX,
      );
      expect(body.errors?.[0]?.extensions?.code, closedOn).toBe("BAD_USER_INPUT");
    }
    const still = await fed.query(`query($id: ID!) { subject(id: $id) { tax { violations { id status decidedOn } } } }`, { id: organization }, ANALYST);
    expect(still.body.data.subject.tax.violations.find((v: any) => v.id === id)).toMatchObject({ status: "ACTIVE", decidedOn: "2026-03-01" });
  });

  it("normalises document numbers before the uniqueness check and refuses control characters", async () => {
    const first = await fed.query(record, { in: input("湖税罚〔2026〕norm-7号") }, TAX);
    expect(first.body.errors).toBeUndefined();
    for (const variant of [" 湖税罚〔2026〕NORM-7号 ", "湖税罚〔2026〕ｎｏｒｍ－７号", "湖税罚〔2026〕norm-7号"]) {
      const { body } = await fed.query(record, { in: input(variant) }, TAX);
      expect(body.errors?.[0]?.extensions?.code, variant).toBe("CONFLICT");
    }
    for (const [field, value] of [
      ["documentNo", "湖税罚〔2026〕\u202Eevil号"],
      ["description", "ok\u0007bell"],
      ["description", "\u2066isolated\u2069"],
    ]) {
      const { body } = await fed.query(record, { in: input("湖税罚〔2026〕ctl号", { [field]: value }) }, TAX);
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(value)).toBe("BAD_USER_INPUT");
      expect(body.errors?.[0].message).toMatch(/control character U\+/);
    }
  });
});

describe("smaller holes", () => {
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(fed.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    return { status: r.status, headers: r.headers, json: await r.json().catch(() => undefined) };
  };

  it("answers subscriptions, deep inline fragments and bad GET variables with coded 4xx errors", async () => {
    const sub = await post({ query: 'subscription { subject(id: "x") { name } }' });
    expect(sub.status).toBeLessThan(500);
    expect(sub.json.errors[0].extensions.code).toMatch(/OPERATION_NOT_SUPPORTED|GRAPHQL_VALIDATION_FAILED/);
    const nested = `{ ${"... on Query { ".repeat(60)}__typename${" }".repeat(60)} }`;
    const deep = await post({ query: nested });
    expect(deep.status).toBeLessThan(500);
    expect(deep.json.errors[0].extensions.code).toBe("OPERATION_TOO_COMPLEX");
    for (const variables of ["{not json", "[1,", "\u0000"]) {
      const r = await fetch(`${fed.gatewayUrl}?query=${encodeURIComponent("{ __typename }")}&variables=${encodeURIComponent(variables)}`, {
        headers: { accept: "application/json" },
      });
      expect(r.status, variables).toBe(400);
      expect((await r.json()).errors[0].extensions.code).toBe("BAD_REQUEST");
    }
  });

  it("sends no CORS grant to an origin that is not configured", async () => {
    for (const origin of ["https://evil.example", "null", "http://127.0.0.1:4000"]) {
      const r = await fetch(fed.gatewayUrl, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } });
      expect(r.headers.get("access-control-allow-origin"), origin).toBeNull();
      expect(r.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });

  it("does not let a dashboard or partner token probe the directory", async () => {
    for (const scopes of [["metrics:read"], ["eligibility:check"], ["pii:read"]]) {
      const { body } = await fed.query(`query($id: ID!) { subject(id: $id) { __typename } }`, { id: persons[2] }, { scopes });
      expect(body.data?.subject ?? null).toBeNull();
      expect(body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    }
  });
});
