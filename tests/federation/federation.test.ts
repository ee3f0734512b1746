/**
 * The federation end to end: real subgraph servers, the real gateway, real HTTP, seeded SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROFILE_DEPARTMENTS, PROFILE_FIELDS } from "../../shared/departments.js";
import { ANALYST, owingOrganisation, startFederation, type Federation } from "../../testing/federation.js";

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation({ subjects: 400 });
});
afterAll(async () => {
  await fed?.close();
});

const PROFILE = `query Profile($id: ID!) {
  subject(id: $id) {
    id name kind organizationType district registeredOn
    listEntries { list status }
    tax { latestRating { year level score } ratings { year level } violations { id category severity publicityEndsOn status } arrears { id outstanding } outstandingArrears }
  }
}`;

describe("the unified profile through the gateway", () => {
  it("returns one subject with the credit office's and the tax bureau's fields", async () => {
    const page = await fed.query(`{ subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id tax { ratings { year } } } } }`, undefined, ANALYST);
    const rated = page.body.data.subjects.nodes.find((n: any) => n.tax.ratings.length > 0);
    const { body } = await fed.query(PROFILE, { id: rated.id }, ANALYST);
    expect(body.errors).toBeUndefined();
    expect(body.data.subject).toMatchObject({ id: rated.id, kind: "ORGANIZATION", name: expect.stringMatching(/\p{Script=Han}/u) });
    expect(body.data.subject.district).toMatch(/^(WUXING|NANXUN|DEQING|CHANGXING|ANJI)$/);
    expect(body.data.subject.tax.latestRating.level).toMatch(/^[ABMCD]$/);
    expect(body.data.subject.tax.ratings.map((r: any) => r.year)).toEqual([...body.data.subject.tax.ratings.map((r: any) => r.year)].sort().reverse());
  });

  it("fetches tax for a page of 50 subjects with one _entities request and one SQL statement per table", async () => {
    fed.resetCounts();
    const { body } = await fed.query(
      `{ subjects(first: 50) { totalCount nodes { id name tax { latestRating { level } arrears { id } violations { id } } } } }`,
      undefined,
      ANALYST,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.subjects.nodes).toHaveLength(50);
    expect(body.data.subjects.nodes.every((n: any) => n.tax !== null)).toBe(true);

    expect(fed.requests.tax).toHaveLength(1);
    expect(fed.requests.tax[0]).toContain("_entities");
    expect(JSON.parse(fed.requests.tax[0]).variables.representations).toHaveLength(50);
    const tables = fed.sql.tax.map((q) => q.match(/from "(\w+)"/)?.[1]);
    expect(tables.sort()).toEqual(["tax_arrears", "tax_ratings", "tax_violations"]);
    // credit: the page and its count, nothing per subject.
    expect(fed.requests.credit).toHaveLength(1);
    expect(fed.sql.credit).toHaveLength(2);
  });

  it("pages through subjects with cursors and filters", async () => {
    const first = await fed.query(
      `{ subjects(first: 3, filter: { district: ANJI }) { totalCount nodes { id district } pageInfo { endCursor hasNextPage } } }`,
      undefined,
      ANALYST,
    );
    const page1 = first.body.data.subjects;
    expect(page1.nodes).toHaveLength(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const next = await fed.query(
      `query($after: String) { subjects(first: 3, after: $after, filter: { district: ANJI }) { totalCount nodes { id district } } }`,
      { after: page1.pageInfo.endCursor },
      ANALYST,
    );
    const page2 = next.body.data.subjects;
    expect(page2.totalCount).toBe(page1.totalCount);
    expect(page2.nodes[0].id > page1.nodes[2].id).toBe(true);
    expect([...page1.nodes, ...page2.nodes].every((n: any) => n.district === "ANJI")).toBe(true);

    const name = page1.nodes[0].id;
    const byId = await fed.query(`query($id: ID!) { subject(id: $id) { name } }`, { id: name }, ANALYST);
    const prefix = byId.body.data.subject.name.slice(0, 2);
    const found = await fed.query(`query($p: String) { subjects(first: 100, filter: { namePrefix: $p }) { nodes { name } } }`, { p: prefix }, ANALYST);
    expect(found.body.data.subjects.nodes.length).toBeGreaterThan(0);
    expect(found.body.data.subjects.nodes.every((n: any) => n.name.startsWith(prefix))).toBe(true);
  });

  it("refuses an invalid ID with BAD_USER_INPUT naming the position", async () => {
    const { body } = await fed.query(PROFILE, { id: "330502199001011235" }, ANALYST);
    expect(body.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(body.errors?.[0].message).toContain("position 18");
    expect(body.errors?.[0].message).toContain('expected "6"');
  });

  it("records, corrects and closes a tax violation, records an arrears payment, and refuses bad input with codes", async () => {
    const subject = await owingOrganisation(fed, 1);
    const { arrears } = subject;

    const recorded = await fed.query(
      `mutation($input: RecordTaxViolationInput!) { recordTaxViolation(input: $input) { id severity decidedOn publicityEndsOn status } }`,
      {
        input: {
          subjectId: subject.id,
          documentNo: "湖税罚〔2026〕test-1号",
          category: "LATE_FILING",
          severity: "GENERAL",
          amount: 200,
          description: "未按期办理纳税申报",
          decidedOn: "2026-03-31",
        },
      },
      ANALYST,
    );
    expect(recorded.body.data.recordTaxViolation).toMatchObject({ severity: "GENERAL", publicityEndsOn: "2029-03-31", status: "ACTIVE" });
    const after = await fed.query(PROFILE, { id: subject.id }, ANALYST);
    expect(after.body.data.subject.tax.violations.map((v: any) => v.id)).toContain(recorded.body.data.recordTaxViolation.id);

    const bad = await fed.query(
      `mutation($input: RecordTaxViolationInput!) { recordTaxViolation(input: $input) { id } }`,
      {
        input: {
          subjectId: "91330502MA2B3C4D5X",
          documentNo: "x",
          category: "LATE_FILING",
          severity: "GENERAL",
          amount: 1.234,
          description: " ",
          decidedOn: "2099-01-01",
        },
      },
      ANALYST,
    );
    expect(bad.body.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(bad.body.errors?.[0].extensions.problems?.map((p: any) => p.field).sort()).toEqual(["amount", "decidedOn", "description", "subjectId"]);

    const violation = `mutation($input: RecordTaxViolationInput!) { recordTaxViolation(input: $input) { id } }`;
    const valid = { documentNo: "湖税罚〔2026〕test-2号", category: "LATE_FILING", severity: "GENERAL", description: "逾期申报", decidedOn: "2026-03-31" };
    const unknown = await fed.query(violation, { input: { ...valid, subjectId: "330502199001011236" } }, ANALYST);
    expect(unknown.body.errors?.[0]).toMatchObject({ extensions: { code: "NOT_FOUND" }, message: expect.stringMatching(/directory/) });
    const duplicate = await fed.query(violation, { input: { ...valid, subjectId: subject.id, documentNo: "湖税罚〔2026〕test-1号" } }, ANALYST);
    expect(duplicate.body.errors?.[0].extensions.code).toBe("CONFLICT");

    const id = recorded.body.data.recordTaxViolation.id;
    const corrected = await fed.query(
      `mutation($id: ID!) { correctTaxViolation(id: $id, input: { severity: SERIOUS, decidedOn: "2026-01-31" }) { severity publicityEndsOn publicityRule { ruleSet } } }`,
      { id },
      ANALYST,
    );
    expect(corrected.body.data.correctTaxViolation).toEqual({ severity: "SERIOUS", publicityEndsOn: "2029-01-31", publicityRule: { ruleSet: "NDRC-58-2023" } });
    const closed = await fed.query(
      `mutation($id: ID!) { closeTaxViolation(id: $id, closedOn: "2026-10-01", legalBasis: "（2026）浙05行终1号判决撤销原处罚决定") { status closedOn } }`,
      { id },
      ANALYST,
    );
    expect(closed.body.data.closeTaxViolation).toEqual({ status: "REMOVED", closedOn: "2026-10-01" });
    const again = await fed.query(`mutation($id: ID!) { correctTaxViolation(id: $id, input: { amount: 1 }) { id } }`, { id }, ANALYST);
    expect(again.body.errors?.[0].extensions.code).toBe("CONFLICT");

    const pay = `mutation($input: RecordArrearsPaymentInput!) { recordArrearsPayment(input: $input) { id paid outstanding settledOn } }`;
    const over = await fed.query(pay, { input: { arrearsId: arrears.id, amount: arrears.outstanding + 1, paidOn: "2026-10-01" } }, ANALYST);
    expect(over.body.errors?.[0].extensions.code).toBe("CONFLICT");
    const paid = await fed.query(pay, { input: { arrearsId: arrears.id, amount: arrears.outstanding, paidOn: "2026-10-01" } }, ANALYST);
    expect(paid.body.data.recordArrearsPayment).toMatchObject({ outstanding: 0, settledOn: "2026-10-01" });
    const missing = await fed.query(pay, { input: { arrearsId: "TA-none", amount: 1, paidOn: "2026-10-01" } }, ANALYST);
    expect(missing.body.errors?.[0].extensions.code).toBe("NOT_FOUND");
  });
});

const FULL_PROFILE = `query Full($id: ID!) {
  subject(id: $id) {
    id name kind
    listEntries { list status }
    tax { latestRating { level } violations { id category status } }
    health { payAfterVisits outstandingBills records { id category status } }
    transport { couponUses parkingArrears records { id category status } }
    publicResources { bids awards activePoints onWarningList records { id category points } }
    market { complaints seriousViolation onAbnormalOperationsList records { id category abnormalCause } }
    ${PROFILE_DEPARTMENTS.map((d) => `${d.profileField} { records { id category } }`).join(" ")}
  }
}`;

describe("all six departments", () => {
  it("answer one query for a subject's whole profile", async () => {
    const page = await fed.query(
      `{ subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id market { records { id } } publicResources { bids } } } }`,
      undefined,
      ANALYST,
    );
    const busy = page.body.data.subjects.nodes.find((n: any) => n.market.records.length > 0) ?? page.body.data.subjects.nodes[0];
    const { body } = await fed.query(FULL_PROFILE, { id: busy.id }, ANALYST);
    expect(body.errors).toBeUndefined();
    const s = body.data.subject;
    for (const { field } of PROFILE_FIELDS) expect(s[field], field).not.toBeNull();
    expect(s.market.records.length).toBeGreaterThan(0);
    for (const r of s.market.records) expect(r.abnormalCause === null).toBe(r.category !== "ABNORMAL_OPERATIONS");
  });

  it("fetch 100 subjects' profiles with one _entities request per subgraph and one SQL statement per table", async () => {
    fed.resetCounts();
    // Every department with a Subject field (shared/departments.ts), its records and a figure beside them.
    const { body } = await fed.query(
      `{ subjects(first: 100) { nodes { id ${PROFILE_DEPARTMENTS.map((d) => `${d.profileField} { __typename records { id } }`).join(" ")}
         health { payAfterVisits } transport { couponUses } publicResources { bids } market { complaints } tax { arrears { id } ratings { year } } } } }`,
      undefined,
      ANALYST,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.subjects.nodes).toHaveLength(100);
    const tablesOf = (dept: string) => fed.sql[dept].map((q) => q.match(/from "(\w+)"/)?.[1] ?? q).sort();
    const moreTables: Record<string, string[]> = {
      tax: ["tax_arrears", "tax_ratings"],
      health: ["health_visits"],
      transport: ["transport_coupon_uses"],
      "public-resources": ["trading_bids"],
      market: ["market_complaints"],
    };
    for (const d of PROFILE_DEPARTMENTS) {
      expect(fed.requests[d.name], d.name).toHaveLength(1);
      expect(JSON.parse(fed.requests[d.name][0]).variables.representations, d.name).toHaveLength(100);
      expect(tablesOf(d.name), d.name).toEqual([d.records.table, ...(moreTables[d.name] ?? [])].sort());
    }
  });

  for (const { department: down, field } of PROFILE_FIELDS.filter((p) => p.department !== "tax")) {
    it(`still answer with the rest of the profile when ${down} is down, naming it`, async () => {
      const probe = await startFederation({ subjects: 30 });
      try {
        const id = (await probe.query(`{ subjects(first: 1) { nodes { id } } }`, undefined, ANALYST)).body.data.subjects.nodes[0].id;
        await probe.stop(down);
        const { body } = await probe.query(FULL_PROFILE, { id }, ANALYST);
        expect(body.data.subject[field]).toBeNull();
        for (const { field: other } of PROFILE_FIELDS.filter((p) => p.field !== field)) expect(body.data.subject[other], other).not.toBeNull();
        expect(body.data.subject.name.length).toBeGreaterThan(0);
        expect(body.errors).toHaveLength(1);
        expect(body.errors?.[0].extensions).toMatchObject({ code: "DOWNSTREAM_SERVICE_ERROR", department: down });
      } finally {
        await probe.close();
      }
    });
  }
});

describe("the gateway's own pages", () => {
  it("serves GraphiQL without any CDN, and a health check", async () => {
    const page = await fetch(fed.gatewayUrl, { headers: { accept: "text/html" } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Xinyi");
    expect(html).not.toMatch(/https?:\/\/(unpkg|cdn|raw\.githubusercontent)/);
    const health = await fetch(fed.gatewayUrl.replace(/graphql$/, "healthz"));
    expect(await health.json()).toEqual({ status: "ok", service: "gateway" });
  });
});

describe("a department outage", () => {
  it("still answers with the credit fields and an error naming tax when tax is down", async () => {
    const page = await fed.query(`{ subjects(first: 1, filter: { kind: PERSON }) { nodes { id } } }`, undefined, ANALYST);
    const id = page.body.data.subjects.nodes[0].id;
    await fed.stop("tax");
    const { status, body } = await fed.query(PROFILE, { id }, ANALYST);
    expect(status).toBe(200);
    expect(body.data.subject).toMatchObject({ id, kind: "PERSON", tax: null });
    expect(body.data.subject.name.length).toBeGreaterThan(1);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0].message).toMatch(/tax/);
    expect(body.errors?.[0].message).not.toMatch(/Unexpected error/);
    expect(body.errors?.[0].message).toMatch(/unavailable \(ECONNREFUSED\)/);
    expect(body.errors?.[0].message).not.toMatch(/127\.0\.0\.1/);
    expect(body.errors?.[0].extensions).toMatchObject({ code: "DOWNSTREAM_SERVICE_ERROR", department: "tax" });
  });
});
