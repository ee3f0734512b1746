/**
 * A corpus of hostile requests against the real gateway: each is refused with a 4xx or answered
 * with errors that all carry a code — never a 5xx, never a crash, never a changed database — and
 * a normal query still works afterwards.
 */
import Database from "better-sqlite3";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANALYST, startFederation, type Federation } from "../../testing/federation.js";

let fed: Federation;
let adminToken: string;
beforeAll(async () => {
  fed = await startFederation({ subjects: 100 });
  adminToken = await fed.token(["admin", "profile:read", "pii:read"], "hostile-tester");
});
afterAll(async () => {
  await fed?.close();
});

interface Hostile {
  name: string;
  body: string;
  contentType?: string;
  method?: string;
  headers?: Record<string, string>;
}

const gql = (query: string, variables?: unknown): string => JSON.stringify({ query, variables });
const SQL = [
  "' OR '1'='1",
  "'; DROP TABLE subjects; --",
  '" OR ""="',
  "1; DELETE FROM tax_violations",
  "%' UNION SELECT name FROM sqlite_master --",
  "\u0000' OR 1=1 --",
];
const VALID_PERSON = "330502199001011236";

function buildCorpus(): Hostile[] {
  const corpus: Hostile[] = [];
  const add = (name: string, body: string, extra: Partial<Hostile> = {}) => corpus.push({ name, body, ...extra });

  // Deep nesting through introspection, and through nested fragments.
  for (const depth of [20, 40, 80]) {
    const ofType = "ofType { ".repeat(depth) + "name" + " }".repeat(depth);
    add(`introspection depth ${depth}`, gql(`{ __type(name: "Subject") { fields { type { ${ofType} } } } }`));
  }
  for (const depth of [16, 30]) {
    const fragments = Array.from({ length: depth }, (_, i) => `fragment F${i} on __Type { ofType { ...F${i + 1} } }`).join("\n");
    add(`fragment chain depth ${depth}`, gql(`{ __type(name: "Subject") { ...F0 } } ${fragments} fragment F${depth} on __Type { name }`));
  }
  // Alias bombs.
  for (const n of [31, 100, 500, 1000]) {
    const aliases = Array.from({ length: n }, (_, i) => `a${i}: subject(id: "${VALID_PERSON}") { name }`).join(" ");
    add(`${n} aliases`, gql(`{ ${aliases} }`));
  }
  // Fragment bombs: each level spreads the next one several times.
  for (const [levels, width] of [
    [6, 4],
    [8, 5],
    [10, 10],
  ]) {
    const defs = Array.from(
      { length: levels },
      (_, i) => `fragment L${i} on Subject { ${Array.from({ length: width }, () => `...L${i + 1}`).join(" ")} }`,
    ).join("\n");
    add(
      `fragment bomb ${width}^${levels}`,
      gql(`query($id: ID!) { subject(id: $id) { ...L0 } } ${defs} fragment L${levels} on Subject { name }`, { id: VALID_PERSON }),
    );
  }
  add("cyclic fragments", gql(`{ subject(id: "${VALID_PERSON}") { ...A } } fragment A on Subject { ...B } fragment B on Subject { ...A }`));
  add("self-referencing fragment", gql(`{ subject(id: "${VALID_PERSON}") { ...A } } fragment A on Subject { name ...A }`));
  // Huge batches.
  for (const n of [6, 50, 1000]) add(`batch of ${n}`, JSON.stringify(Array.from({ length: n }, () => ({ query: "{ directoryStatistics { subjects } }" }))));
  // Huge strings and token floods.
  add("60 KB id", gql(`query($id: ID!) { subject(id: $id) { name } }`, { id: "9".repeat(60_000) }));
  add("10 KB name prefix", gql(`query($p: String) { subjects(filter: { namePrefix: $p }) { nodes { name } } }`, { p: "王".repeat(10_000) }));
  add("token flood", gql(`{ directoryStatistics { subjects ${"__typename ".repeat(6000)} } }`));
  add("30 KB operation name", JSON.stringify({ query: "query Q { directoryStatistics { subjects } }", operationName: "Q".repeat(30_000) }));
  // Invalid IDs.
  for (const id of [
    "",
    "1",
    "33050219900101123",
    "3305021990010112366",
    "330502199013011236",
    "330502199001321236",
    "990502199001011236",
    "33050219900101123Z",
    "330502199001011235",
    "91330502MA2B3C4D5O",
    "91110000802100433C",
    "ＡＢＣ",
    "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
    "330502\u0000199001011236",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "null",
    "-1",
    " ".repeat(18),
    "3".repeat(1000),
  ]) {
    add(`invalid id ${JSON.stringify(id).slice(0, 30)}`, gql(`query($id: ID!) { subject(id: $id) { name tax { outstandingArrears } } }`, { id }));
  }
  add("id of the wrong type", gql(`{ subject(id: 330502199001011236) { name } }`));
  add("variables of the wrong type", gql(`query($id: ID!) { subject(id: $id) { name } }`, { id: { $gt: "" } }));
  add("negative page size", gql(`{ subjects(first: -1) { nodes { id } } }`));
  add("huge page size", gql(`{ subjects(first: 100000) { nodes { id } } }`));
  // SQL-looking strings in every string argument.
  for (const s of SQL) {
    add(`SQL in subject(id) ${s}`, gql(`query($v: ID!) { subject(id: $v) { name } }`, { v: s }));
    add(`SQL in subjects(after) ${s}`, gql(`query($v: String) { subjects(first: 2, after: $v) { nodes { id } } }`, { v: s }));
    add(`SQL in namePrefix ${s}`, gql(`query($v: String) { subjects(first: 2, filter: { namePrefix: $v }) { nodes { id } } }`, { v: s }));
    add(`SQL in auditLog(subjectId) ${s}`, gql(`query($v: ID) { auditLog(first: 1, subjectId: $v) { totalCount } }`, { v: s }));
    add(`SQL in auditLog(caller) ${s}`, gql(`query($v: String) { auditLog(first: 1, caller: $v) { totalCount } }`, { v: s }));
    add(`SQL in auditLog(after) ${s}`, gql(`query($v: String) { auditLog(first: 1, after: $v) { totalCount } }`, { v: s }));
    add(
      `SQL in violation subjectId ${s}`,
      gql(
        `mutation($v: ID!) { recordTaxViolation(input: { subjectId: $v, documentNo: "h-1", category: LATE_FILING, severity: GENERAL, description: "x", decidedOn: "2026-01-01" }) { id } }`,
        { v: s },
      ),
    );
    // The amount is invalid on purpose: the description travels through validation, nothing is written.
    add(
      `SQL in violation description ${s}`,
      gql(
        `mutation($v: String!) { recordTaxViolation(input: { subjectId: "${VALID_PERSON}", documentNo: "h-2", category: LATE_FILING, severity: GENERAL, amount: -1, description: $v, decidedOn: "2026-01-01" }) { id } }`,
        { v: s },
      ),
    );
    add(`SQL in arrearsId ${s}`, gql(`mutation($v: ID!) { recordArrearsPayment(input: { arrearsId: $v, amount: 1, paidOn: "2026-01-01" }) { id } }`, { v: s }));
    add(
      `SQL in decidedOn ${s}`,
      gql(
        `mutation($v: Date!) { recordTaxViolation(input: { subjectId: "${VALID_PERSON}", documentNo: "h-2", category: LATE_FILING, severity: GENERAL, description: "x", decidedOn: $v }) { id } }`,
        { v: s },
      ),
    );
  }
  // Malformed JSON, wrong content types, oversized bodies, wrong methods, bad tokens.
  for (const body of ['{"query": "{ directoryStatistics { subjects } }"', "{query: 1}", "[}", '"just a string"', "null", "\u0000\u0001\u0002"])
    add(`malformed JSON ${JSON.stringify(body)}`, body);
  add("no query", JSON.stringify({ variables: {} }));
  add("query not a string", JSON.stringify({ query: { a: 1 } }));
  for (const contentType of ["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/octet-stream", "image/png"]) {
    add(`content type ${contentType}`, gql("{ directoryStatistics { subjects } }"), { contentType });
  }
  add("body of 100 KB", gql("{ directoryStatistics { subjects } }", { pad: "x".repeat(100_000) }));
  add("body of 2 MB", "a".repeat(2_000_000));
  add("mutation over GET", "", { method: "GET", headers: {} });
  add("PUT", gql("{ directoryStatistics { subjects } }"), { method: "PUT" });
  add("garbage bearer token", gql("{ directoryStatistics { subjects } }"), { headers: { authorization: `Bearer ${"x".repeat(5000)}` } });
  add("basic auth instead of bearer", gql("{ directoryStatistics { subjects } }"), { headers: { authorization: "Basic YWRtaW46YWRtaW4=" } });
  add("purpose of 10 KB", gql(`{ subject(id: "${VALID_PERSON}") { name } }`), { headers: { "x-purpose": "p".repeat(10_000) } });
  add("malformed purpose encoding", gql(`{ subject(id: "${VALID_PERSON}") { name } }`), { headers: { "x-purpose": "%E0%A4%A" } });
  return corpus;
}

const counts = (dataDir: string) => {
  const credit = new Database(path.join(dataDir, "credit.sqlite"), { readonly: true });
  const tax = new Database(path.join(dataDir, "tax.sqlite"), { readonly: true });
  try {
    return {
      subjects: credit.prepare("select count(*) n from subjects").get(),
      violations: tax.prepare("select count(*) n from tax_violations").get(),
      payments: tax.prepare("select count(*) n from tax_arrears_payments").get(),
    };
  } finally {
    credit.close();
    tax.close();
  }
};

describe("hostile requests", () => {
  it("are each refused with a 4xx or coded errors, change nothing, and leave the gateway serving", async () => {
    const corpus = buildCorpus();
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    const before = counts(fed.config.dataDir);
    const failures: string[] = [];
    for (const h of corpus) {
      const response = await fetch(
        h.method === "GET"
          ? `${fed.gatewayUrl}?query=${encodeURIComponent('mutation { recordArrearsPayment(input: { arrearsId: "x", amount: 1, paidOn: "2026-01-01" }) { id } }')}`
          : fed.gatewayUrl,
        {
          method: h.method ?? "POST",
          headers: {
            "content-type": h.contentType ?? "application/json",
            accept: "application/json",
            authorization: `Bearer ${adminToken}`,
            "x-purpose": "hostile corpus",
            ...h.headers,
          },
          body: h.method === "GET" ? undefined : h.body,
        },
      );
      const text = await response.text();
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const results = Array.isArray(json) ? json : [json];
      const errors = results.flatMap((r) => r?.errors ?? []);
      const uncoded = errors.filter((e: any) => typeof e?.extensions?.code !== "string");
      // A refusal is a 4xx that carries coded errors too (Fastify's own refusals included).
      const refused = response.status >= 400 && response.status < 500 && errors.length > 0;
      const answeredWithCodes = response.status === 200 && errors.length > 0 && uncoded.length === 0;
      const harmless = response.status === 200 && errors.length === 0; // e.g. a SQL string as a name prefix: just no match
      if (process.env.HOSTILE_DEBUG)
        console.log(`${h.name.slice(0, 50)} → ${response.status} ${[...new Set(errors.map((e: any) => e?.extensions?.code))].join(",")}`);
      if (!(refused || answeredWithCodes || harmless) || uncoded.length > 0) failures.push(`${h.name}: HTTP ${response.status} ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(counts(fed.config.dataDir)).toEqual(before);

    const health = await fetch(fed.gatewayUrl.replace(/graphql$/, "healthz"));
    expect(health.status).toBe(200);
    const normal = await fed.query(
      `query($id: ID!) { subject(id: $id) { name } }`,
      { id: (await fed.query(`{ subjects(first: 1) { nodes { id } } }`, undefined, ANALYST)).body.data.subjects.nodes[0].id },
      ANALYST,
    );
    expect(normal.body.errors).toBeUndefined();
    expect(normal.body.data.subject.name.length).toBeGreaterThan(0);
  });
});
