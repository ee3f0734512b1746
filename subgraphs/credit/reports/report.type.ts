/** Special credit reports (专项信用报告) as GraphQL types. */
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { connectionOf } from "../../../shared/pagination.js";
import { DateScalar } from "../../../shared/scalars.js";

@ObjectType({ description: "A record a report lists: an administrative penalty or other violation in the period." })
export class ReportRecord {
  @Field(() => String, { description: "Decision document number (for a list entry: the listing authority)." })
  documentNo!: string;

  @Field(() => String, { description: "Category (for a list entry: the list)." })
  category!: string;

  @Field(() => String, { description: "GENERAL or SERIOUS." })
  severity!: string;

  @Field(() => DateScalar, { description: "Decision (or listing) date." })
  decidedOn!: string;

  @Field(() => Float, { nullable: true, description: "Amount in yuan, when there is one." })
  amount!: number | null;

  @Field(() => String, { description: "What happened." })
  description!: string;

  @Field(() => String, {
    description:
      "The record's status when the report was issued (ACTIVE; EXPIRED: publicity ended without repair, listed by the certification rule). Reports issued before the rule listed ACTIVE records only.",
  })
  status!: string;
}

@ObjectType({ description: "What a report certifies and why: the certification rule it was issued under (信用代证), each part with its source." })
export class ReportCertification {
  @Field(() => String, { description: "The rule set's version (certification-rules-<version>.json)." })
  version!: string;

  @Field(() => String, { description: "The rule as printed on the report: the period's records listed by status, simple procedure, domains replaced." })
  text!: string;

  @Field(() => [String], { description: "Each part's source as printed on the report (our own rules say so)." })
  sources!: string[];
}

@ObjectType({ description: "One department's line of a report." })
export class ReportLine {
  @Field(() => String, { description: "The department (credit: the credit office's black lists)." })
  department!: string;

  @Field(() => String, { description: "Its name as printed." })
  title!: string;

  @Field(() => Boolean, { description: "True: no administrative penalty or other violation in the period." })
  clean!: boolean;

  @Field(() => [ReportRecord], { description: "What it found in the period, as the report's certification rule lists records." })
  records!: ReportRecord[];
}

@ObjectType({ description: "A special credit report, as issued and stored (immutable)." })
export class CreditReport {
  @Field(() => ID, { description: "Report number (random, not guessable from another)." })
  number!: string;

  @Field(() => ID, { description: "The organisation's 统一社会信用代码." })
  subjectId!: string;

  @Field(() => String, { description: "The organisation's name." })
  subjectName!: string;

  @Field(() => String, { description: "Issue time (ISO 8601)." })
  issuedAt!: string;

  @Field(() => DateScalar, { description: "First day covered." })
  periodFrom!: string;

  @Field(() => DateScalar, { description: "Last day covered." })
  periodTo!: string;

  @Field(() => String, { description: "What it is for (e.g. 投标, 上市, 申请许可)." })
  purpose!: string;

  @Field(() => String, { description: "Who issued it (token subject)." })
  issuer!: string;

  @Field(() => [ReportLine], { description: "Each department's line." })
  lines!: ReportLine[];

  @Field(() => ReportCertification, { nullable: true, description: "What the report certifies and why; null for reports issued before it was stated." })
  certification!: ReportCertification | null;

  @Field(() => String, { description: "SHA-256 (hex) of the canonical content." })
  contentSha256!: string;

  @Field(() => String, { description: "Ed25519 signature (base64) of that hash with the platform's report key." })
  signature!: string;

  @Field(() => String, { description: "SHA-256 (hex) of the PDF." })
  pdfSha256!: string;

  @Field(() => String, { description: "The PDF, base64." })
  pdfBase64!: string;

  @Field(() => String, { description: "A printable HTML page of the report." })
  html!: string;

  @Field(() => String, { description: "Where anyone can verify it (GET /verify/<number>)." })
  verifyUrl!: string;
}

@ObjectType({ description: "An issued report as a list shows it: its facts, without its lines, PDF or HTML (creditReport(number) gives them)." })
export class CreditReportSummary {
  @Field(() => ID, { description: "Report number (creditReport's number)." })
  number!: string;

  @Field(() => ID, { description: "The organisation's 统一社会信用代码." })
  subjectId!: string;

  @Field(() => String, { description: "The organisation's name." })
  subjectName!: string;

  @Field(() => String, { description: "Issue time (ISO 8601, UTC)." })
  issuedAt!: string;

  @Field(() => DateScalar, { description: "First day covered." })
  periodFrom!: string;

  @Field(() => DateScalar, { description: "Last day covered." })
  periodTo!: string;

  @Field(() => String, { description: "What it is for." })
  purpose!: string;

  @Field(() => String, { description: "Who issued it (token subject)." })
  issuer!: string;

  @Field(() => Int, { description: "Departments whose records the report read." })
  departments!: number;

  @Field(() => String, { description: "SHA-256 (hex) of the PDF." })
  pdfSha256!: string;
}

export const CreditReportConnection = connectionOf(CreditReportSummary, {
  name: "CreditReportConnection",
  description: "A page of issued special credit reports, newest first.",
  nodes: "The reports of this page.",
  totalCount: "Reports matching, over all pages.",
});

@InputType({ description: "The period a report covers; default the last XINYI_REPORT_YEARS (5) years to today." })
export class ReportPeriodInput {
  @Field(() => DateScalar, { description: "First day." })
  from!: string;

  @Field(() => DateScalar, { description: "Last day, not in the future." })
  to!: string;
}

@ObjectType({ description: "What anyone may learn of a report by its number: nothing of its records." })
export class ReportVerification {
  @Field(() => ID, { description: "The number asked." })
  number!: string;

  @Field(() => Boolean, { description: "Whether a report with this number was issued." })
  found!: boolean;

  @Field(() => String, { nullable: true, description: "For whom (organisation name)." })
  subjectName!: string | null;

  @Field(() => ID, { nullable: true, description: "The organisation's 统一社会信用代码." })
  subjectId!: string | null;

  @Field(() => String, { nullable: true, description: "When it was issued." })
  issuedAt!: string | null;

  @Field(() => String, { nullable: true, description: "For what purpose." })
  purpose!: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Departments whose records the report read. Not the certificates it replaces: those are counted per 信用代证 domain (ProgrammeMetrics.certificatesPerReport).",
  })
  departments!: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the presented PDF's SHA-256 is the stored one; null when none was presented." })
  pdfMatches!: boolean | null;
}
