/**
 * 专项信用报告 through the real federation: per-department lines as the certification rule lists
 * them (a market penalty, and one whose publicity ended unrepaired; removed and simple-procedure
 * records left out), the rule's text and sources on the PDF and the printable page, a department
 * down → not issuable, the PDF's Chinese text and a rendered page, online and offline verification, nothing leaked by the public
 * page, immutability, the dashboard's counters.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../shared/db.js";
import { PROFILE_DEPARTMENTS } from "../../shared/departments.js";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { activeCertificationRules } from "../../subgraphs/credit/reports/certification-rules.js";
import { canonical, sha256 } from "../../subgraphs/credit/reports/report-content.js";
import { renderReportPdf } from "../../subgraphs/credit/reports/report-render.js";
import { readReportAttachment, verifyReportOffline } from "../../subgraphs/credit/reports/report-verify.js";
import type { CreditDB } from "../../subgraphs/credit/db.js";
import { ANALYST, cleanOrganisations, startFederation, type As, type Federation } from "../../testing/federation.js";

const ARTIFACTS = path.join(PROJECT_ROOT, "test-artifacts", "reports");
const ISSUER: As = { sub: "issuer-ggzy", scopes: ["report:issue"] };
const ISSUE = `mutation($id: ID!, $purpose: String!) { issueCreditReport(subjectId: $id, purpose: $purpose) {
  number subjectId subjectName issuedAt periodFrom periodTo purpose lines { department title clean records { documentNo category status } }
  certification { version text sources }
  contentSha256 signature pdfSha256 pdfBase64 html verifyUrl } }`;

const RULES = activeCertificationRules();
/** A report's lines: the credit office's lists, then every department with a `Subject` field (shared/departments.ts). */
const DEPARTMENTS = ["credit", ...PROFILE_DEPARTMENTS.map((d) => d.name)];
/** The newest department with a Subject field, and a category of its records. */
const NEWEST = PROFILE_DEPARTMENTS[PROFILE_DEPARTMENTS.length - 1];
const NEWEST_CATEGORY = Object.keys(NEWEST.records.categories.values)[0];
let fed: Federation;
let origin: string;
let org: { id: string; name: string };
let report: any;
let pdf: Buffer;

beforeAll(async () => {
  fed = await startFederation({ subjects: 300 });
  origin = new URL(fed.gatewayUrl).origin;
  [org] = await cleanOrganisations(fed);
  const market = `mutation($in: RecordMarketRecordInput!) { recordMarketRecord(input: $in) { id documentNo simpleProcedure } }`;
  const base = { subjectId: org.id, category: "ADMINISTRATIVE_PENALTY", severity: "GENERAL", description: "未明码标价", decidedOn: "2026-06-01" };
  const penalty = await fed.query(market, { in: { ...base, documentNo: "湖市监处〔2026〕report-1号", amount: 5000 } }, { scopes: ["dept:market"] });
  expect(penalty.body.errors).toBeUndefined();
  const simple = await fed.query(
    market,
    { in: { ...base, documentNo: "湖市监简〔2026〕report-2号", amount: 200, simpleProcedure: true } },
    { scopes: ["dept:market"] },
  );
  expect(simple.body.data.recordMarketRecord.simpleProcedure).toBe(true);
  // Decided in 2022, never repaired: its publicity has ended (under any rule set since 2019), it is in the 5-year period.
  const old = await fed.query(
    market,
    { in: { ...base, documentNo: "湖市监处〔2022〕report-4号", amount: 5000, decidedOn: "2022-01-10", description: "虚假宣传" } },
    { scopes: ["dept:market"] },
  );
  expect(old.body.errors, JSON.stringify(old.body.errors)).toBeUndefined();
  const tax = await fed.query(
    `mutation($in: RecordTaxViolationInput!) { recordTaxViolation(input: $in) { id } }`,
    {
      in: {
        subjectId: org.id,
        category: "LATE_FILING",
        severity: "GENERAL",
        description: "逾期申报",
        decidedOn: "2024-03-01",
        documentNo: "湖税罚〔2024〕report-3号",
      },
    },
    { scopes: ["dept:tax"] },
  );
  // A record of the newest department (the last in shared/departments.ts): its line lists it like any other's.
  const { records } = NEWEST;
  const newest = await fed.query(
    `mutation($in: Record${records.recordType}Input!) { record${records.recordType}(input: $in) { id } }`,
    {
      in: {
        subjectId: org.id,
        category: NEWEST_CATEGORY,
        severity: "GENERAL",
        description: "newest department's record",
        decidedOn: "2025-05-20",
        documentNo: "NEWEST〔2025〕report-5号",
      },
    },
    { scopes: [`dept:${NEWEST.name}`] },
  );
  expect(newest.body.errors, JSON.stringify(newest.body.errors)).toBeUndefined();
  await fed.query(
    `mutation($id: ID!) { closeTaxViolation(id: $id, closedOn: "2024-07-01", legalBasis: "（2026）浙05行终1号判决撤销原处罚决定") { status } }`,
    { id: tax.body.data.recordTaxViolation.id },
    { scopes: ["dept:tax"] },
  );
  fs.mkdirSync(ARTIFACTS, { recursive: true });
}, 180_000);

afterAll(async () => fed?.close());

describe("issuing a special credit report", () => {
  it("states each department's line as the certification rule lists records: the market penalties in force and expired unrepaired, nothing removed or by simple procedure, the rest clean", async () => {
    const { body } = await fed.query(ISSUE, { id: org.id, purpose: "投标" }, ISSUER);
    expect(body.errors).toBeUndefined();
    report = body.data.issueCreditReport;
    expect(report).toMatchObject({ subjectId: org.id, subjectName: org.name, purpose: "投标" });
    expect(report.lines.map((l: any) => l.department)).toEqual(DEPARTMENTS);
    const market = report.lines.find((l: any) => l.department === "market");
    expect(market.clean).toBe(false);
    expect(market.records).toEqual([
      { documentNo: "湖市监处〔2022〕REPORT-4号", category: "ADMINISTRATIVE_PENALTY", status: "EXPIRED" },
      { documentNo: "湖市监处〔2026〕REPORT-1号", category: "ADMINISTRATIVE_PENALTY", status: "ACTIVE" },
    ]);
    expect(report.lines.find((l: any) => l.department === NEWEST.name)).toMatchObject({
      clean: false,
      records: [{ documentNo: "NEWEST〔2025〕REPORT-5号", category: NEWEST_CATEGORY, status: "ACTIVE" }],
    });
    expect(report.certification.version).toBe(RULES.version);
    for (const line of report.lines.filter((l: any) => l.department !== "market" && l.department !== NEWEST.name)) {
      expect(line, line.department).toMatchObject({ clean: true, records: [] });
    }
    expect(report.verifyUrl).toBe(`${origin}/verify/${report.number}`);
    pdf = Buffer.from(report.pdfBase64, "base64");
    expect(sha256(pdf)).toBe(report.pdfSha256);
    expect(report.html).toContain(org.name);
    // Numbers are not guessable from one another.
    const second = (await fed.query(ISSUE, { id: org.id, purpose: "上市" }, ISSUER)).body.data.issueCreditReport;
    expect(second.number.slice(0, 11)).toBe(report.number.slice(0, 11));
    expect(second.number.slice(-10)).not.toBe(report.number.slice(-10));
  });

  it("renders a PDF whose extracted text is Chinese with the name, the number and every department's line", () => {
    const file = path.join(ARTIFACTS, "report.pdf");
    fs.writeFileSync(file, pdf);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    for (const expected of [org.name, report.number, "专项信用报告", ...report.lines.map((l: any) => l.title), "报告期内无行政处罚及其他违法违规记录"]) {
      expect(text).toContain(expected);
    }
    // What it certifies and why, on the report itself: the rule and every part's source, in the PDF and the printable page.
    const flat = (t: string) => t.replace(/\s+/g, "");
    // Each page's running foot (number, page count) taken out: a note may run on over a page break.
    const pages = flat(text.replace(/报告编号：\S+|第 ?\d+ ?页 ?共 ?\d+ ?页/g, ""));
    const html = flat(report.html.replace(/<[^>]*>/g, ""));
    for (const said of [report.certification.text, ...report.certification.sources]) {
      expect(pages).toContain(flat(said));
      expect(html).toContain(flat(said));
    }
    expect(report.certification.text).toContain("公示期满的记录列入");
    expect(report.certification.sources.join("")).toContain("http://dtxinyong.org.cn/show.asp?id=480");
    // The expired record is there, with its status in words.
    expect(pages).toContain("湖市监处〔2022〕REPORT-4号");
    expect(pages).toContain("公示期满");
    expect(pages).toContain("NEWEST〔2025〕REPORT-5号");
    // A department's heading starts on the page its table starts on (a heading left at a page's foot failed this).
    const pageOf = (said: string) => text.split("\f").findIndex((page) => flat(page).includes(flat(said)));
    for (const line of report.lines.filter((l: any) => l.records.length > 0)) expect(pageOf(line.title), line.title).toBe(pageOf(line.records[0].documentNo));
    expect(pages).not.toContain("REPORT-2");
    execFileSync("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", file, path.join(ARTIFACTS, "report-page")]);
    expect(fs.readdirSync(ARTIFACTS).some((f) => f.startsWith("report-page") && f.endsWith(".png"))).toBe(true);
  });

  it("is for organisations, issued by report:issue only", async () => {
    const person = await fed.query(`{ subjects(first: 1, filter: { kind: PERSON }) { nodes { id } } }`, {}, { ...ANALYST });
    const refused = await fed.query(ISSUE, { id: person.body.data.subjects.nodes[0].id, purpose: "投标" }, ISSUER);
    expect(refused.body.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    // Reports are issued by report:issue only.
    expect((await fed.query(ISSUE, { id: org.id, purpose: "投标" }, { scopes: ["profile:read"], purpose: "x" })).body.errors?.[0].extensions.code).toBe(
      "FORBIDDEN",
    );
  });
});

describe("verifying a report", () => {
  it("verifies online by number and by PDF, and a PDF with one byte changed does not", async () => {
    const json = await (await fetch(`${origin}/verify/${report.number}?format=json`)).json();
    expect(json).toMatchObject({ found: true, subjectName: org.name, subjectId: org.id, purpose: "投标", departments: DEPARTMENTS.length, pdfMatches: null });
    const post = (bytes: Buffer) =>
      fetch(`${origin}/verify/${report.number}`, { method: "POST", headers: { "content-type": "application/pdf" }, body: new Uint8Array(bytes) });
    expect((await (await post(pdf)).json()).pdfMatches).toBe(true);
    const changed = Buffer.from(pdf);
    changed[Math.floor(changed.length / 2)] ^= 1;
    expect((await (await post(changed)).json()).pdfMatches).toBe(false);
    const bySha = await (await fetch(`${origin}/verify/${report.number}?format=json&sha256=${report.pdfSha256}`)).json();
    expect(bySha.pdfMatches).toBe(true);
    const unknown = await fetch(`${origin}/verify/XY20261130-AAAAAAAAAA?format=json`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).found).toBe(false);
    // The page and API say who, when, for what — no record, no document number.
    const html = await (await fetch(`${origin}/verify/${report.number}`)).text();
    expect(html).toContain(org.name);
    for (const text of [html, JSON.stringify(json)]) {
      expect(text).not.toContain("REPORT-1");
      expect(text).not.toContain("未明码标价");
    }
    // Every verification is audited.
    const audit = await fed.query(`{ auditLog(caller: "anonymous", first: 20) { nodes { fields } } }`, {}, { scopes: ["audit:read"] });
    expect(audit.body.data.auditLog.nodes.some((n: any) => n.fields.includes("verifyCreditReport"))).toBe(true);
  });

  it("verifies offline with the public key, and not when the embedded content or its signature was altered", async () => {
    const publicKey = fs.readFileSync(path.join(fed.config.dataDir, "report-key.pub.pem"), "utf8");
    const verdict = await verifyReportOffline(pdf, publicKey);
    expect(verdict.ok && verdict.content.number).toBe(report.number);
    const attachment = (await readReportAttachment(pdf))!;
    const content = JSON.parse(attachment.content);
    const altered = { ...content, lines: content.lines.map((l: any) => ({ ...l, clean: true, records: [] })) };
    const forged = await renderReportPdf(altered, { ...attachment, content: canonical(altered) }, report.verifyUrl);
    expect(await verifyReportOffline(forged, publicKey)).toMatchObject({ ok: false, problem: expect.stringContaining("SHA-256") });
    const rehashed = await renderReportPdf(altered, { ...attachment, content: canonical(altered), sha256: sha256(canonical(altered)) }, report.verifyUrl);
    expect(await verifyReportOffline(rehashed, publicKey)).toMatchObject({ ok: false, problem: expect.stringContaining("signature") });
  });
});

describe("stored reports", () => {
  it("cannot be changed or deleted: no API does it, and the database refuses", async () => {
    const mutations = fs.readFileSync(path.join(PROJECT_ROOT, "schema", "supergraph.graphql"), "utf8").match(/type Mutation[^}]*}/)![0];
    expect(mutations.match(/\w*Report\w*(?=\()/g)).toEqual(["issueCreditReport"]);
    const { db } = createDatabase<CreditDB>({ department: "credit", dataDir: fed.config.dataDir });
    try {
      await expect(db.updateTable("credit_reports").set({ purpose: "改" }).where("number", "=", report.number).execute()).rejects.toThrow(/immutable/);
      await expect(db.deleteFrom("credit_reports").where("number", "=", report.number).execute()).rejects.toThrow(/immutable/);
      await expect(sql`update credit_reports set pdf = '' where number = ${report.number}`.execute(db)).rejects.toThrow(/immutable/);
    } finally {
      await db.destroy();
    }
  });

  it("are counted for the dashboard: reports issued and the certificates they replaced", async () => {
    const { body } = await fed.query(
      `{ programmeMetrics { reportsIssued certificatesReplaced domainCertificatesReplaced reportsByPurpose { key reports certificates domainCertificates } reportsByMonth { key reports } } }`,
      {},
      {
        scopes: ["metrics:read"],
      },
    );
    const month = report.issuedAt.slice(0, 7);
    expect(body.data.programmeMetrics).toEqual({
      reportsIssued: 2,
      // Deprecated: one per department read. The article's count: one per 信用代证 domain (40) per report.
      certificatesReplaced: 2 * DEPARTMENTS.length,
      domainCertificatesReplaced: 2 * RULES.certificates.domainsPerReport,
      reportsByPurpose: [
        { key: "上市", reports: 1, certificates: DEPARTMENTS.length, domainCertificates: RULES.certificates.domainsPerReport },
        { key: "投标", reports: 1, certificates: DEPARTMENTS.length, domainCertificates: RULES.certificates.domainsPerReport },
      ],
      reportsByMonth: [{ key: month, reports: 2 }],
    });
  });

  it("are listed newest first a page at a time (creditReports), by organisation, to report:issue only; the list is audited under each report's subject", async () => {
    const LIST = `query ListReports($id: ID, $first: Int, $after: String) { creditReports(subjectId: $id, first: $first, after: $after) {
      totalCount pageInfo { endCursor hasNextPage } nodes { number subjectName purpose issuedAt } } }`;
    const others = await fed.query(`{ subjects(first: 5, filter: { kind: ORGANIZATION }) { nodes { id } } }`, {}, ANALYST);
    const other = others.body.data.subjects.nodes.map((n: { id: string }) => n.id).find((id: string) => id !== org.id);
    const issued = await fed.query(ISSUE, { id: other, purpose: "申请许可" }, { sub: "issuer-list", scopes: ["report:issue"] });
    expect(issued.body.errors, JSON.stringify(issued.body.errors)).toBeUndefined();
    const latest = issued.body.data.issueCreditReport.number;
    const first = await fed.query(LIST, { first: 2 }, ISSUER);
    expect(first.body.errors, JSON.stringify(first.body.errors)).toBeUndefined();
    const page1 = first.body.data.creditReports;
    expect(page1.totalCount).toBe(3);
    expect(page1.nodes.map((n: any) => [n.number, n.purpose])).toEqual([
      [latest, "申请许可"],
      [expect.any(String), "上市"],
    ]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await fed.query(LIST, { first: 2, after: page1.pageInfo.endCursor }, ISSUER)).body.data.creditReports;
    expect(page2.nodes.map((n: any) => n.number)).toEqual([report.number]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    // One organisation's: the two for org, newest first; the list names no subject the client did not ask for.
    const own = (await fed.query(LIST, { id: org.id, first: 10 }, ISSUER)).body.data.creditReports;
    expect(own.nodes.map((n: any) => [n.subjectName, n.purpose])).toEqual([
      [org.name, "上市"],
      [org.name, "投标"],
    ]);
    expect(own.totalCount).toBe(2);
    const bad = await fed.query(LIST, { id: "91330500X", first: 1 }, ISSUER);
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ field: "subjectId" }] });
    expect((await fed.query(LIST, { first: 1 }, { scopes: ["profile:read"], purpose: "x" })).body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    // The gateway records the list under every subject it returned (other: on the first page only), though the client selected no subjectId.
    const audit = await fed.query(
      `query($id: ID!) { auditLog(subjectId: $id, first: 50) { nodes { operationName } } }`,
      { id: other },
      { scopes: ["audit:read", "pii:read"] },
    );
    expect(audit.body.data.auditLog.nodes.filter((e: any) => e.operationName === "ListReports").length).toBe(1);
  });

  it("are not issued while a department is down, which the error names; nothing is stored", async () => {
    const { db } = createDatabase<CreditDB>({ department: "credit", dataDir: fed.config.dataDir });
    try {
      const count = async () =>
        Number(
          (
            await db
              .selectFrom("credit_reports")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      await fed.stop("health");
      const { body } = await fed.query(ISSUE, { id: org.id, purpose: "投标" }, ISSUER);
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0].extensions).toMatchObject({ code: "DOWNSTREAM_SERVICE_ERROR", department: "health" });
      expect(body.errors?.[0].message).toContain("health");
      expect(await count()).toBe(before);
    } finally {
      await db.destroy();
    }
  });
});
