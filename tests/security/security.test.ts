/**
 * Security through the real gateway: who may read and write what (a scope × field matrix),
 * masking of personal data, the audit log, and production mode.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { buildSchema, type GraphQLInputType, getNamedType, isEnumType, isInputObjectType, isNonNullType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROFILE_DEPARTMENTS, PROFILE_FIELDS } from "../../shared/departments.js";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { ANALYST, type AnswerError, startFederation, type Federation } from "../../testing/federation.js";

let fed: Federation;
let person: { id: string; name: string; phone: string };
let organization: { id: string; name: string };

beforeAll(async () => {
  fed = await startFederation({ subjects: 300 });
  const page = await fed.query(
    `{ p: subjects(first: 1, filter: { kind: PERSON }) { nodes { id name phone } } o: subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id name } } }`,
    undefined,
    ANALYST,
  );
  person = page.body.data.p.nodes[0];
  organization = page.body.data.o.nodes[0];
});
afterAll(async () => {
  await fed?.close();
});

const API = buildSchema(fs.readFileSync(path.join(PROJECT_ROOT, "schema", "api.graphql"), "utf8"));

/** A literal of an input type with every required field given, and a subject id that fails validation. */
function invalidInput(typeName: string): string {
  const type = API.getType(typeName);
  if (!isInputObjectType(type)) throw new Error(`${typeName} is not an input type`);
  const literal = (t: GraphQLInputType): string => {
    const named = getNamedType(t);
    if (isEnumType(named)) return named.getValues()[0].name;
    return { Int: "1", Float: "1", Boolean: "false", Date: '"2026-01-01"' }[named.name] ?? '"x"';
  };
  const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) || f.name === "subjectId");
  return `{ ${fields.map((f) => `${f.name}: ${f.name === "subjectId" ? '"bad"' : literal(f.type)}`).join(", ")} }`;
}

/** A representative field of every subgraph (and the gateway's own), and how to tell it was served. */
const FIELDS: Record<string, { query: string; served: (d: any, errors: AnswerError[] | undefined) => boolean }> = {
  "credit: Subject.name": { query: `query($id: ID!) { subject(id: $id) { name } }`, served: (d) => typeof d?.subject?.name === "string" },
  "credit: Subject.listEntries": {
    query: `query($id: ID!) { subject(id: $id) { listEntries { id } } }`,
    served: (d) => Array.isArray(d?.subject?.listEntries),
  },
  "credit: directoryStatistics": { query: `{ directoryStatistics { subjects } }`, served: (d) => d?.directoryStatistics?.subjects > 0 },
  // Every department's profile field, from the department list: a new department is covered by adding it there.
  ...Object.fromEntries(
    PROFILE_FIELDS.map(({ department, field }) => [
      `${department}: Subject.${field}`,
      { query: `query($id: ID!) { subject(id: $id) { ${field} { __typename } } }`, served: (d: any) => Boolean(d?.subject?.[field]) },
    ]),
  ),
  // Every department's record mutation, from the department list. Invalid input on purpose: reaching
  // validation (BAD_USER_INPUT) proves the write was allowed, and writes nothing.
  ...Object.fromEntries(
    PROFILE_DEPARTMENTS.map(({ name, records }) => [
      `${name}: record${records.recordType}`,
      {
        query: `mutation { record${records.recordType}(input: ${invalidInput(`Record${records.recordType}Input`)}) { id } }`,
        served: (_d: unknown, errors: AnswerError[] | undefined) => errors?.[0]?.extensions?.code === "BAD_USER_INPUT",
      },
    ]),
  ),
  "gateway: auditLog": { query: `{ auditLog(first: 1) { totalCount } }`, served: (d) => typeof d?.auditLog?.totalCount === "number" },
};

type FieldName = string;
const ALL = Object.keys(FIELDS);
const DIRECTORY_AND_CREDIT: FieldName[] = ["credit: Subject.name", "credit: Subject.listEntries"];
const readOf = (department: string) => PROFILE_FIELDS.filter((p) => p.department === department).map((p) => `${p.department}: Subject.${p.field}`);
const DEPARTMENT_READS: FieldName[] = PROFILE_FIELDS.flatMap((p) => readOf(p.department));

/** scope → the fields it opens; every other field must be refused. */
const MATRIX: [string, FieldName[]][] = [
  ["(anonymous)", []],
  ["profile:read", [...DIRECTORY_AND_CREDIT, ...DEPARTMENT_READS]],
  ["dept:credit", DIRECTORY_AND_CREDIT],
  ...PROFILE_FIELDS.map(({ department }): [string, FieldName[]] => [
    `dept:${department}`,
    [
      "credit: Subject.name",
      ...readOf(department),
      ...PROFILE_DEPARTMENTS.filter((d) => d.name === department).map((d) => `${d.name}: record${d.records.recordType}`),
    ],
  ]),
  ["pii:read", []],
  ["eligibility:check", []],
  ["metrics:read", ["credit: directoryStatistics"]],
  ["audit:read", ["gateway: auditLog"]],
  ["admin", ALL],
];

describe("scope × field matrix", () => {
  for (const [scope, allowed] of MATRIX) {
    for (const field of ALL) {
      const expected = allowed.includes(field) ? "allowed" : "refused";
      it(`${scope} → ${field}: ${expected}`, async () => {
        const as = scope === "(anonymous)" ? { purpose: "matrix" } : { scopes: [scope], purpose: "matrix" };
        const { status, body } = await fed.query(FIELDS[field].query, { id: organization.id }, as);
        expect(status).toBe(200);
        const served = FIELDS[field].served(body.data, body.errors);
        expect(served, JSON.stringify(body)).toBe(expected === "allowed");
        if (expected === "refused") {
          expect(body.errors?.[0]?.extensions?.code).toBe(scope === "(anonymous)" ? "UNAUTHORIZED" : "FORBIDDEN");
        }
      });
    }
  }

  it("keeps the allowed part of a response when one field is refused", async () => {
    const { body } = await fed.query(
      `query($id: ID!) { subject(id: $id) { name tax { outstandingArrears } } }`,
      { id: organization.id },
      { scopes: ["dept:credit"] },
    );
    expect(body.data.subject.name).toBe(organization.name);
    expect(body.data.subject.tax).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({ path: ["subject", "tax"], extensions: { code: "FORBIDDEN" } });
  });
});

describe("masking of personal data", () => {
  const PROFILE = `query($id: ID!) { subject(id: $id) { id name phone } }`;

  it("masks a person's name, ID number and phone without pii:read, and not with it", async () => {
    const masked = await fed.query(PROFILE, { id: person.id }, { scopes: ["profile:read"], purpose: "masking" });
    const m = masked.body.data.subject;
    expect(m.id).toBe(`${person.id.slice(0, 6)}********${person.id.slice(-4)}`);
    expect(m.name).not.toBe(person.name);
    expect(m.name[0]).toBe(person.name[0]);
    expect(m.name).toContain("*");
    expect(m.phone).toBe(`${person.phone.slice(0, 3)}****${person.phone.slice(-4)}`);

    const clear = await fed.query(PROFILE, { id: person.id }, { scopes: ["profile:read", "pii:read"], purpose: "masking" });
    expect(clear.body.data.subject).toEqual(person);
  });

  it("never masks an organisation's public name and USCC", async () => {
    const { body } = await fed.query(PROFILE, { id: organization.id }, { scopes: ["profile:read"], purpose: "masking" });
    expect(body.data.subject).toMatchObject({ id: organization.id, name: organization.name });
  });

  it("masks IDs in lists too, and a name search without pii:read finds no person", async () => {
    const list = await fed.query(`{ subjects(first: 20, filter: { kind: PERSON }) { nodes { id name } } }`, undefined, {
      scopes: ["profile:read"],
      purpose: "masking",
    });
    expect(list.body.data.subjects.nodes.length).toBeGreaterThan(0);
    for (const n of list.body.data.subjects.nodes) expect(n.id).toMatch(/^\d{6}\*{8}[\dX]{4}$/);

    const surname = person.name[0];
    const search = `query($p: String) { subjects(first: 100, filter: { namePrefix: $p }) { nodes { name kind } } }`;
    const masked = await fed.query(search, { p: surname }, { scopes: ["profile:read"], purpose: "masking" });
    // The same search finds persons for a reader with pii:read, so finding none without it says something.
    const unmasked = await fed.query(search, { p: surname }, { scopes: ["profile:read", "pii:read"], purpose: "masking" });
    expect(unmasked.body.data.subjects.nodes.filter((n: { kind: string }) => n.kind === "PERSON").length).toBeGreaterThan(0);
    expect(masked.body.data.subjects.nodes.filter((n: { kind: string }) => n.kind === "PERSON")).toEqual([]);
    const byFullName = await fed.query(search, { p: person.name }, { scopes: ["profile:read"], purpose: "masking" });
    expect(byFullName.body.data.subjects.nodes).toEqual([]);
    const clear = await fed.query(search, { p: person.name }, { scopes: ["profile:read", "pii:read"], purpose: "masking" });
    expect(clear.body.data.subjects.nodes).toContainEqual({ name: person.name, kind: "PERSON" });
  });
});

describe("the audit log", () => {
  const AUDITOR = { scopes: ["audit:read", "pii:read"], sub: "auditor" };
  const log = `query($subject: ID, $caller: String) { auditLog(first: 10, subjectId: $subject, caller: $caller) { totalCount nodes { caller scopes purpose fields subjectIds outcome operationType } } }`;

  it("has one entry per profile read, with the purpose, the subjects and the fields", async () => {
    const sub = `reader-${Date.now()}`;
    await fed.query(`query($id: ID!) { subject(id: $id) { name } }`, { id: person.id }, { sub, scopes: ["profile:read"], purpose: "信用修复审核 case 42" });
    const { body } = await fed.query(log, { caller: sub }, AUDITOR);
    expect(body.data.auditLog.totalCount).toBe(1);
    expect(body.data.auditLog.nodes[0]).toEqual({
      caller: sub,
      scopes: ["profile:read"],
      purpose: "信用修复审核 case 42",
      fields: ["subject"],
      subjectIds: [person.id],
      outcome: "OK",
      operationType: "query",
    });
    // An auditor without pii:read sees the same entry with the person's ID number masked.
    const masked = await fed.query(log, { caller: sub }, { scopes: ["audit:read"], sub: "auditor-2" });
    expect(masked.body.data.auditLog.nodes[0].subjectIds).toEqual([`${person.id.slice(0, 6)}********${person.id.slice(-4)}`]);
    // Subjects are recorded even when the client did not select their id.
    await fed.query(`{ subjects(first: 3, filter: { kind: ORGANIZATION }) { nodes { name } } }`, undefined, { sub, scopes: ["profile:read"], purpose: "list" });
    const again = await fed.query(log, { caller: sub }, AUDITOR);
    expect(again.body.data.auditLog.nodes[0].subjectIds).toHaveLength(3);
  });

  it("keeps one entry per operation when many run at once (entries are committed in groups)", async () => {
    const sub = `burst-${Date.now()}`;
    const page = await fed.query(`{ subjects(first: 20) { nodes { id } } }`, undefined, ANALYST);
    const ids: string[] = page.body.data.subjects.nodes.map((n: { id: string }) => n.id);
    const answers = await Promise.all(
      ids.map((id) => fed.query(`query($id: ID!) { subject(id: $id) { name } }`, { id }, { sub, scopes: ["profile:read"], purpose: "burst" })),
    );
    expect(answers).toHaveLength(20);
    expect(answers.every((a) => a.status === 200 && a.body.data.subject.name)).toBe(true);
    const { body } = await fed.query(`query($c: String) { auditLog(first: 50, caller: $c) { totalCount nodes { subjectIds } } }`, { c: sub }, AUDITOR);
    expect(body.data.auditLog.totalCount).toBe(20);
    expect(body.data.auditLog.nodes.flatMap((n: any) => n.subjectIds).sort()).toEqual([...ids].sort());
  });

  it("refuses a profile read without a purpose, and logs the refusal", async () => {
    const sub = `no-purpose-${Date.now()}`;
    const { body } = await fed.query(`query($id: ID!) { subject(id: $id) { name } }`, { id: person.id }, { sub, scopes: ["profile:read"] });
    expect(body.errors?.[0].extensions.code).toBe("PURPOSE_REQUIRED");
    expect(body.data ?? null).toBeNull();
    const logged = await fed.query(log, { caller: sub }, AUDITOR);
    expect(logged.body.data.auditLog.nodes[0]).toMatchObject({ outcome: "REFUSED", purpose: null });
  });

  it("offers no way to change an entry: no mutation in the API, and the database refuses", async () => {
    const { body } = await fed.query(`{ __schema { mutationType { fields { name } } } }`, undefined, { scopes: ["admin"] });
    const mutations = body.data.__schema.mutationType.fields.map((f: any) => f.name);
    expect(mutations.filter((m: string) => /audit/i.test(m))).toEqual([]);

    const db = new Database(path.join(fed.config.dataDir, "audit.sqlite"));
    try {
      expect(db.prepare("select count(*) n from audit_log").get()).toMatchObject({ n: expect.any(Number) });
      expect(() => db.prepare("update audit_log set purpose = 'rewritten'").run()).toThrow(/append-only/);
      expect(() => db.prepare("delete from audit_log").run()).toThrow(/append-only/);
      expect(() => db.prepare("delete from audit_subjects").run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});

describe("rate limits", () => {
  it("limit requests per token subject and per client IP, with 429 RATE_LIMITED and Retry-After", async () => {
    const limited = await fed.startGateway({ XINYI_RATE_LIMIT_PER_MINUTE: "3", XINYI_IP_RATE_LIMIT_PER_MINUTE: "8" });
    try {
      const call = async (token?: string) =>
        fetch(limited.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query: "{ directoryStatistics { subjects } }" }),
        });
      const a = await fed.token(["metrics:read"], "dashboard-a");
      const b = await fed.token(["metrics:read"], "dashboard-b");
      for (let i = 0; i < 3; i++) expect((await call(a)).status).toBe(200);
      const refused = await call(a);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await refused.json()).errors[0].extensions.code).toBe("RATE_LIMITED");
      expect((await call(b)).status).toBe(200); // another token is not affected
      // The address has now sent 5; anonymous callers share its limit of 8.
      for (let i = 0; i < 3; i++) expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe("production mode", () => {
  it("turns off introspection and GraphiQL and shows no stack traces", async () => {
    const prod = await fed.startGateway({ NODE_ENV: "production" });
    try {
      const token = await fed.token(["admin"]);
      const post = (query: string) =>
        fetch(prod.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query }),
        }).then((r) => r.json());
      const introspection = await post(`{ __schema { types { name } } }`);
      expect(introspection.data ?? null).toBeNull();
      expect(introspection.errors[0].extensions.code).toBeDefined();
      const page = await fetch(prod.url, { headers: { accept: "text/html" } });
      expect(await page.text()).not.toContain("GraphiQL");
      const bad = await post(`{ subject(id: 12) { name } nonsense }`);
      expect(JSON.stringify(bad)).not.toMatch(/stack|\.ts:|at [A-Za-z]+ \(/);
      const ok = await post(`{ directoryStatistics { subjects } }`);
      expect(ok.data.directoryStatistics.subjects).toBeGreaterThan(0);
    } finally {
      await prod.close();
    }
  });
});
