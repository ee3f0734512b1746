/** `issueCreditReport`, `creditReport`, `creditReports`, `verifyCreditReport`. Thin: args → gather → sign → render → store. */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Arg, Ctx, Directive, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { createError, createValidationError, ErrorCodes } from "../../../shared/errors.js";
import { parseSubjectId } from "../../../shared/ids.js";
import { checkPageSize, type Page, pageOf } from "../../../shared/pagination.js";
import { toBeijingIso } from "../../../shared/beijing-time.js";
import { addMonths, todayInChina } from "../../../shared/scalars.js";
import { requiresAnyScope, Scopes } from "../../../shared/scopes.js";
import { checkText } from "../../../shared/text.js";
import type { CreditContext } from "../context.js";
import type { CreditReportRow } from "../db.js";
import { activeCertificationRules } from "./certification-rules.js";
import { canonical, gatherReport, type ReportContent, sha256 } from "./report-content.js";
import { reportKey, signHash } from "./report-key.js";
import { renderReportHtml } from "./report-html.js";
import { renderReportPdf } from "./report-render.js";
import { findReport, hourBefore, insertReport, listReports, type ReportPosition, reportsIssuedSince } from "./report.repo.js";
import { CreditReport, CreditReportConnection, type CreditReportSummary, ReportPeriodInput, ReportVerification } from "./report.type.js";

const ISSUE = requiresAnyScope(Scopes.REPORT_ISSUE, Scopes.ADMIN);
/** Base32 without look-alikes: 10 random characters (50 bits) per number. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

const newNumber = (day: string) => `XY${day.replace(/-/g, "")}-${[...randomBytes(10)].map((b) => ALPHABET[b % ALPHABET.length]).join("")}`;

async function toReport(row: CreditReportRow, ctx: CreditContext): Promise<CreditReport> {
  const content = JSON.parse(row.content) as ReportContent;
  const attachment = { content: row.content, sha256: row.content_sha256, signature: row.signature };
  const verifyUrl = verifyUrlOf(ctx, row.number);
  return {
    number: row.number,
    subjectId: row.subject_id,
    subjectName: row.subject_name,
    issuedAt: row.issued_at,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    purpose: row.purpose,
    issuer: row.issuer,
    lines: content.lines.map((line) => ({ ...line, records: line.records.map((r) => ({ ...r, status: r.status ?? "ACTIVE" })) })),
    certification: content.certification ?? null,
    contentSha256: row.content_sha256,
    signature: row.signature,
    pdfSha256: row.pdf_sha256,
    pdfBase64: row.pdf,
    html: await renderReportHtml(content, attachment, verifyUrl, sealDataUrl(ctx.config!.reports.sealFile)),
    verifyUrl,
  };
}

/** The seal image (XINYI_REPORT_SEAL_FILE) for the printable page; none configured, none drawn. */
const sealDataUrl = (file: string | undefined) =>
  file ? `data:image/${readFileSync(file)[0] === 0x89 ? "png" : "jpeg"};base64,${readFileSync(file).toString("base64")}` : undefined;

/** Where a person verifies a report: the configured public origin (XINYI_PUBLIC_URL), never a request's Host. */
const verifyUrlOf = (ctx: CreditContext, number: string) => `${ctx.config!.publicUrl}/verify/${number}`;

@Resolver()
export class ReportResolver {
  @Directive(ISSUE)
  @Mutation(() => CreditReport, {
    description:
      "Issues a special credit report (专项信用报告) for an organisation: every department's line for the period, signed and stored immutably, as a PDF and an HTML page. Not issuable when a department cannot be read.",
  })
  async issueCreditReport(
    @Arg("subjectId", () => ID, { description: "The organisation's 统一社会信用代码 (reports are for organisations)." }) subjectId: string,
    @Arg("purpose", () => String, { description: "What it is for, 1–100 characters (e.g. 投标)." }) purpose: string,
    @Arg("period", () => ReportPeriodInput, { nullable: true, description: "Default: the last XINYI_REPORT_YEARS years to today." })
    period: ReportPeriodInput | undefined,
    @Ctx() ctx: CreditContext,
  ): Promise<CreditReport> {
    const config = ctx.config!;
    const today = todayInChina();
    const parsed = parseSubjectId(subjectId);
    const why = checkText("purpose", purpose, 100);
    const from = period?.from ?? addMonths(today, -12 * config.reports.years);
    const to = period?.to ?? today;
    const problems = [
      ...(parsed.ok ? [] : [{ field: "subjectId", message: parsed.problem.message }]),
      ...(parsed.ok && parsed.value.kind !== "ORGANIZATION"
        ? [{ field: "subjectId", message: "special credit reports are for organisations (统一社会信用代码)" }]
        : []),
      ...(why.problem ? [why.problem] : []),
      ...(from > to ? [{ field: "period", message: `${from} is after ${to}` }] : []),
      ...(to > today ? [{ field: "period.to", message: `${to} is in the future` }] : []),
    ];
    if (problems.length > 0 || !parsed.ok) throw createValidationError(problems);
    // Reports are permanent (nothing deletes one): a cap per issuer per hour, checked before the departments are read.
    const limit = config.reports.perIssuerPerHour;
    const overLimit = () =>
      createError(ErrorCodes.RATE_LIMITED, `This issuer has issued ${limit} reports in the last hour (XINYI_REPORTS_PER_ISSUER_PER_HOUR); retry later`, {
        retryAfter: 3600,
      });
    if ((await reportsIssuedSince(ctx.db, ctx.caller.sub, hourBefore(new Date().toISOString()))) >= limit) throw overLimit();
    const { name, lines, certification } = await gatherReport(
      ctx.gateway,
      { subjectId: parsed.value.id, period: { from, to }, purpose: why.text, issuer: ctx.caller.sub },
      activeCertificationRules(),
    );
    const issuedAt = new Date().toISOString();
    const number = newNumber(today);
    const content: ReportContent = {
      version: 1,
      number,
      // Beijing time with its offset: the signed document states the time its reader reads.
      issuedAt: toBeijingIso(issuedAt),
      authority: config.reports.authority,
      subject: { id: parsed.value.id, name },
      period: { from, to },
      purpose: why.text,
      issuer: ctx.caller.sub,
      lines,
      certification,
    };
    const text = canonical(content);
    const hash = sha256(text);
    const signature = signHash(reportKey(config.reports.keyFile, config.dataDir), hash);
    const pdf = await renderReportPdf(content, { content: text, sha256: hash, signature }, verifyUrlOf(ctx, number), { sealFile: config.reports.sealFile });
    const row: CreditReportRow = {
      number,
      subject_id: parsed.value.id,
      subject_name: name,
      issued_at: issuedAt,
      period_from: from,
      period_to: to,
      purpose: why.text,
      issuer: ctx.caller.sub,
      content: text,
      content_sha256: hash,
      signature,
      pdf: Buffer.from(pdf).toString("base64"),
      pdf_sha256: sha256(pdf),
      departments: lines.length,
    };
    if (!(await insertReport(ctx.db, row, limit))) throw overLimit();
    return toReport(row, ctx);
  }

  @Directive(ISSUE)
  @Query(() => CreditReport, { nullable: true, description: "An issued report by its number, with its PDF and HTML; null when none." })
  async creditReport(@Arg("number", () => ID, { description: "Report number." }) number: string, @Ctx() ctx: CreditContext): Promise<CreditReport | null> {
    const row = await findReport(ctx.db, number);
    return row ? toReport(row, ctx) : null;
  }

  // An organisation's own token (self:read) lists its own reports: the gateway admits it only with subjectId its own (self-access.ts).
  @Directive(requiresAnyScope(Scopes.REPORT_ISSUE, Scopes.ADMIN, Scopes.SELF_READ))
  @Query(() => CreditReportConnection, {
    description:
      "The reports issued, newest first, a page at a time (all issuers'; optionally one organisation's): their facts, each opened by creditReport(number). An organisation's own token (self:read) lists its own, naming itself by subjectId.",
  })
  async creditReports(
    @Arg("subjectId", () => ID, { nullable: true, description: "Only this organisation's reports (its 统一社会信用代码)." }) subjectId: string | undefined,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 0–100 (default 20)." }) first: number | undefined,
    @Arg("after", () => String, { nullable: true, description: "Cursor after which the page starts (`pageInfo.endCursor`)." }) after: string | undefined,
    @Ctx() ctx: CreditContext,
  ): Promise<Page<CreditReportSummary>> {
    const limit = checkPageSize(first, ctx.caller);
    const parsed = subjectId != null ? parseSubjectId(subjectId) : undefined;
    if (parsed && !parsed.ok) throw createValidationError([{ field: "subjectId", message: parsed.problem.message }]);
    const position = after != null ? (JSON.parse(ctx.cursors.decode("creditReports", after)) as ReportPosition) : undefined;
    const { rows, total } = await listReports(ctx.db, { subjectId: parsed?.value.id, after: position, limit });
    const page = pageOf(rows, limit, (last) => ctx.cursors.encode("creditReports", JSON.stringify([last.issued_at, last.number])));
    return {
      nodes: page.rows.map((r) => ({
        number: r.number,
        subjectId: r.subject_id,
        subjectName: r.subject_name,
        issuedAt: r.issued_at,
        periodFrom: r.period_from,
        periodTo: r.period_to,
        purpose: r.purpose,
        issuer: r.issuer,
        departments: r.departments,
        pdfSha256: r.pdf_sha256,
      })),
      totalCount: total,
      pageInfo: page.pageInfo,
    };
  }

  @Query(() => ReportVerification, {
    description:
      "Public verification of a report by its number (no token): whether it exists, for whom, when, for what; and whether a PDF's SHA-256 matches. Nothing else.",
  })
  async verifyCreditReport(
    @Arg("number", () => ID, { description: "Report number." }) number: string,
    @Arg("pdfSha256", () => String, { nullable: true, description: "SHA-256 (hex) of a PDF to compare with the stored one." }) pdfSha256: string | undefined,
    @Ctx() ctx: CreditContext,
  ): Promise<ReportVerification> {
    if (number.length > 40) throw createError(ErrorCodes.BAD_USER_INPUT, "number is at most 40 characters");
    if (pdfSha256 != null && !/^[0-9a-f]{64}$/i.test(pdfSha256)) throw createError(ErrorCodes.BAD_USER_INPUT, "pdfSha256 must be 64 hex digits");
    const row = await findReport(ctx.db, number);
    if (!row) return { number, found: false, subjectName: null, subjectId: null, issuedAt: null, purpose: null, departments: null, pdfMatches: null };
    return {
      number,
      found: true,
      subjectName: row.subject_name,
      subjectId: row.subject_id,
      issuedAt: row.issued_at,
      purpose: row.purpose,
      departments: row.departments,
      pdfMatches: pdfSha256 == null ? null : pdfSha256.toLowerCase() === row.pdf_sha256,
    };
  }
}
