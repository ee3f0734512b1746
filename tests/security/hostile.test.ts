/**
 * A corpus of hostile requests against the real gateway. Each states what it must get: refused
 * with a code (and the HTTP status it comes with), or a specific result — never a 5xx, never a
 * crash, never a changed database — and a normal query still works afterwards. Each comes from its
 * own token subject and the address limit is raised, so what refuses an input is the input itself,
 * not the rate limit the inputs before it used up.
 */
import Database from "better-sqlite3";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANALYST, startFederation, type Federation } from "../../testing/federation.js";

let fed: Federation;
beforeAll(async () => {
  // Each input from its own token subject, and the address limit out of the way: what refuses an input is the input, not the ones before it.
  fed = await startFederation({ subjects: 100, env: { XINYI_IP_RATE_LIMIT_PER_MINUTE: "100000" } });
});
afterAll(async () => {
  await fed?.close();
});

/** Refused with this code (every error of the answer carries it) and HTTP status, or answered with exactly this data. */
type Outcome = { status: number; code: string } | { status: 200; data: unknown };
/** Refused with `code`; inside a GraphQL result (HTTP 200) unless a status is given. */
const refused = (code: string, status = 200): Outcome => ({ status, code });
/** Answered, with no error, with this data. */
const answered = (data: unknown): Outcome => ({ status: 200, data });

interface Hostile {
  name: string;
  body: string;
  expected: Outcome;
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
  const add = (name: string, body: string, expected: Outcome, extra: Partial<Hostile> = {}) => corpus.push({ name, body, expected, ...extra });

  // Deep nesting through introspection, and through nested fragments.
  for (const depth of [20, 40, 80]) {
    const ofType = "ofType { ".repeat(depth) + "name" + " }".repeat(depth);
    // Depth 20 is within the limits (a type's ofType chain simply ends); deeper is refused before it runs.
    add(
      `introspection depth ${depth}`,
      gql(`{ __type(name: "Subject") { fields { type { ${ofType} } } } }`),
      depth === 20 ? answered({ __type: { fields: expect.arrayContaining([{ type: { ofType: null } }]) } }) : refused("OPERATION_TOO_COMPLEX"),
    );
  }
  for (const depth of [16, 30]) {
    const fragments = Array.from({ length: depth }, (_, i) => `fragment F${i} on __Type { ofType { ...F${i + 1} } }`).join("\n");
    add(
      `fragment chain depth ${depth}`,
      gql(`{ __type(name: "Subject") { ...F0 } } ${fragments} fragment F${depth} on __Type { name }`),
      refused("OPERATION_TOO_COMPLEX"),
    );
  }
  // Alias bombs.
  for (const n of [31, 100, 500, 1000]) {
    const aliases = Array.from({ length: n }, (_, i) => `a${i}: subject(id: "${VALID_PERSON}") { name }`).join(" ");
    // Over the parser's token limit, a document is not even parsed.
    add(`${n} aliases`, gql(`{ ${aliases} }`), refused(n >= 500 ? "GRAPHQL_PARSE_FAILED" : "OPERATION_TOO_COMPLEX"));
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
      refused("OPERATION_TOO_COMPLEX"),
    );
  }
  add(
    "cyclic fragments",
    gql(`{ subject(id: "${VALID_PERSON}") { ...A } } fragment A on Subject { ...B } fragment B on Subject { ...A }`),
    refused("GRAPHQL_VALIDATION_FAILED"),
  );
  add(
    "self-referencing fragment",
    gql(`{ subject(id: "${VALID_PERSON}") { ...A } } fragment A on Subject { name ...A }`),
    refused("GRAPHQL_VALIDATION_FAILED"),
  );
  // Huge batches.
  // Over the batch limit (5), refused whole; a thousand operations are over one subject's operations a minute first.
  for (const n of [6, 50, 1000])
    add(
      `batch of ${n}`,
      JSON.stringify(Array.from({ length: n }, () => ({ query: "{ directoryStatistics { subjects } }" }))),
      n === 1000 ? refused("RATE_LIMITED", 429) : refused("BAD_REQUEST", 413),
    );
  // Huge strings and token floods.
  add("60 KB id", gql(`query($id: ID!) { subject(id: $id) { name } }`, { id: "9".repeat(60_000) }), refused("BAD_USER_INPUT"));
  add(
    "10 KB name prefix",
    gql(`query($p: String) { subjects(filter: { namePrefix: $p }) { nodes { name } } }`, { p: "王".repeat(10_000) }),
    refused("BAD_USER_INPUT"),
  );
  add("token flood", gql(`{ directoryStatistics { subjects ${"__typename ".repeat(6000)} } }`), refused("PAYLOAD_TOO_LARGE", 413));
  add(
    "30 KB operation name",
    JSON.stringify({ query: "query Q { directoryStatistics { subjects } }", operationName: "Q".repeat(30_000) }),
    refused("OPERATION_RESOLUTION_FAILURE", 400),
  );
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
    add(
      `invalid id ${JSON.stringify(id).slice(0, 30)}`,
      gql(`query($id: ID!) { subject(id: $id) { name tax { outstandingArrears } } }`, { id }),
      refused("BAD_USER_INPUT"),
    );
  }
  // An Int literal is an ID too (GraphQL coerces it): a valid person ID the directory does not hold.
  add("id of the wrong type", gql(`{ subject(id: 330502199001011236) { name } }`), answered({ subject: null }));
  add("variables of the wrong type", gql(`query($id: ID!) { subject(id: $id) { name } }`, { id: { $gt: "" } }), refused("BAD_USER_INPUT"));
  add("negative page size", gql(`{ subjects(first: -1) { nodes { id } } }`), refused("BAD_USER_INPUT"));
  add("huge page size", gql(`{ subjects(first: 100000) { nodes { id } } }`), refused("OPERATION_TOO_COSTLY"));
  // SQL-looking strings in every string argument.
  for (const s of SQL) {
    add(`SQL in subject(id) ${s}`, gql(`query($v: ID!) { subject(id: $v) { name } }`, { v: s }), refused("BAD_USER_INPUT"));
    add(`SQL in subjects(after) ${s}`, gql(`query($v: String) { subjects(first: 2, after: $v) { nodes { id } } }`, { v: s }), refused("BAD_USER_INPUT"));
    // Text searched for as text: no subject's name starts with it, no entry names it.
    add(
      `SQL in namePrefix ${s}`,
      gql(`query($v: String) { subjects(first: 2, filter: { namePrefix: $v }) { nodes { id } } }`, { v: s }),
      answered({ subjects: { nodes: [] } }),
    );
    add(
      `SQL in auditLog(subjectId) ${s}`,
      gql(`query($v: ID) { auditLog(first: 1, subjectId: $v) { totalCount } }`, { v: s }),
      answered({ auditLog: { totalCount: 0 } }),
    );
    add(
      `SQL in auditLog(caller) ${s}`,
      gql(`query($v: String) { auditLog(first: 1, caller: $v) { totalCount } }`, { v: s }),
      answered({ auditLog: { totalCount: 0 } }),
    );
    add(`SQL in auditLog(after) ${s}`, gql(`query($v: String) { auditLog(first: 1, after: $v) { totalCount } }`, { v: s }), refused("BAD_USER_INPUT"));
    add(
      `SQL in violation subjectId ${s}`,
      gql(
        `mutation($v: ID!) { recordTaxViolation(input: { subjectId: $v, documentNo: "h-1", category: LATE_FILING, severity: GENERAL, description: "x", decidedOn: "2026-01-01" }) { id } }`,
        { v: s },
      ),
      refused("BAD_USER_INPUT"),
    );
    // The amount is invalid on purpose: the description travels through validation, nothing is written.
    add(
      `SQL in violation description ${s}`,
      gql(
        `mutation($v: String!) { recordTaxViolation(input: { subjectId: "${VALID_PERSON}", documentNo: "h-2", category: LATE_FILING, severity: GENERAL, amount: -1, description: $v, decidedOn: "2026-01-01" }) { id } }`,
        { v: s },
      ),
      refused("BAD_USER_INPUT"),
    );
    add(
      `SQL in arrearsId ${s}`,
      gql(`mutation($v: ID!) { recordArrearsPayment(input: { arrearsId: $v, amount: 1, paidOn: "2026-01-01" }) { id } }`, { v: s }),
      refused("NOT_FOUND"),
    );
    add(
      `SQL in decidedOn ${s}`,
      gql(
        `mutation($v: Date!) { recordTaxViolation(input: { subjectId: "${VALID_PERSON}", documentNo: "h-2", category: LATE_FILING, severity: GENERAL, description: "x", decidedOn: $v }) { id } }`,
        { v: s },
      ),
      refused("BAD_USER_INPUT"),
    );
  }
  // Malformed JSON, wrong content types, oversized bodies, wrong methods, bad tokens.
  for (const body of ['{"query": "{ directoryStatistics { subjects } }"', "{query: 1}", "[}", '"just a string"', "null", "\u0000\u0001\u0002"])
    add(`malformed JSON ${JSON.stringify(body)}`, body, refused("BAD_REQUEST", 400));
  add("no query", JSON.stringify({ variables: {} }), refused("BAD_REQUEST"));
  add("query not a string", JSON.stringify({ query: { a: 1 } }), refused("BAD_REQUEST", 400));
  for (const contentType of ["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/octet-stream", "image/png"]) {
    add(`content type ${contentType}`, gql("{ directoryStatistics { subjects } }"), refused("UNSUPPORTED_MEDIA_TYPE", 415), { contentType });
  }
  add("body of 100 KB", gql("{ directoryStatistics { subjects } }", { pad: "x".repeat(100_000) }), refused("PAYLOAD_TOO_LARGE", 413));
  add("body of 2 MB", "a".repeat(2_000_000), refused("PAYLOAD_TOO_LARGE", 413));
  add("mutation over GET", "", refused("BAD_REQUEST", 405), { method: "GET", headers: {} });
  add("PUT", gql("{ directoryStatistics { subjects } }"), refused("ROUTE_NOT_FOUND", 404), { method: "PUT" });
  add("garbage bearer token", gql("{ directoryStatistics { subjects } }"), refused("UNAUTHENTICATED", 401), {
    headers: { authorization: `Bearer ${"x".repeat(5000)}` },
  });
  add("basic auth instead of bearer", gql("{ directoryStatistics { subjects } }"), refused("UNAUTHENTICATED", 401), {
    headers: { authorization: "Basic YWRtaW46YWRtaW4=" },
  });
  add("purpose of 10 KB", gql(`{ subject(id: "${VALID_PERSON}") { name } }`), refused("BAD_REQUEST", 400), { headers: { "x-purpose": "p".repeat(10_000) } });
  add("malformed purpose encoding", gql(`{ subject(id: "${VALID_PERSON}") { name } }`), refused("BAD_REQUEST", 400), {
    headers: { "x-purpose": "%E0%A4%A" },
  });
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
  it("each get the outcome they state, change nothing, and leave the gateway serving", async () => {
    const corpus = buildCorpus();
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    const before = counts(fed.config.dataDir);
    const outcomes: { name: string; outcome: Outcome }[] = [];
    const expected: { name: string; outcome: Outcome }[] = [];
    for (const [k, h] of corpus.entries()) {
      const adminToken = await fed.token(["admin", "profile:read", "pii:read"], `hostile-tester-${k}`);
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
      let json: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] } | undefined;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const errors = json?.errors ?? [];
      // What came, in the shape of what was expected: the codes of a refusal (one, if all agree), or the data.
      const codes = [...new Set(errors.map((e) => String(e?.extensions?.code)))];
      const got: Outcome =
        errors.length === 0 && response.status === 200
          ? { status: 200, data: json?.data }
          : { status: response.status, code: codes.join(",") || `(none) ${text.slice(0, 120)}` };
      outcomes.push({ name: h.name, outcome: got });
      expected.push({ name: h.name, outcome: h.expected });
    }
    expect(outcomes).toEqual(expected);
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
