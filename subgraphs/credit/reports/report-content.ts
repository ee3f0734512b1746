/**
 * A special credit report's content (专项信用报告): every department's records of an organisation in
 * the period, read through the gateway as the credit office's service identity (the issuer need
 * not hold every department's scope), then per department whether there was an administrative
 * penalty or other violation. Which records are listed is the certification rule's
 * (certification-rules.ts: by status and simple procedure, each with its source), and the rule is
 * copied into the signed content so the report states what it certifies. A department that cannot
 * be read makes the report not issuable: never a clean line for a department that was not read.
 */
import { createHash } from "node:crypto";
import { PROFILE_DEPARTMENTS } from "../../../shared/departments.js";
import type { GatewayQuery } from "../../../shared/gateway-client.js";
import { type CertificationRules, certificationStatement, certifies } from "./certification-rules.js";
import { readSubjectRecords } from "./subject-records.js";

/** The departments a report covers, in order: the credit office's black lists, then every department with a `Subject` field. */
export const REPORT_DEPARTMENTS: readonly { department: string; title: string }[] = [
  { department: "credit", title: "市信用办（失信名单）" },
  ...PROFILE_DEPARTMENTS.map((d) => ({ department: d.name, title: d.zh })),
];

export interface ReportLine {
  department: string;
  title: string;
  /** True: no administrative penalty or other violation in the period. */
  clean: boolean;
  records: {
    documentNo: string;
    category: string;
    severity: string;
    decidedOn: string;
    amount: number | null;
    description: string;
    /** The record's status when issued (ACTIVE, EXPIRED…); absent in reports issued before the certification rule, which listed ACTIVE ones only. */
    status?: string;
  }[];
}

export interface ReportContent {
  version: 1;
  number: string;
  /** Beijing time with its offset (`2026-12-03T16:50:29.272+08:00`); reports issued before 2026-12-03 carry UTC (`…Z`). */
  issuedAt: string;
  /** The issuing authority printed at the head (XINYI_REPORT_AUTHORITY); absent in reports issued before it was recorded. */
  authority?: string;
  subject: { id: string; name: string };
  period: { from: string; to: string };
  purpose: string;
  issuer: string;
  lines: ReportLine[];
  /** What the report certifies and why (certification-rules.ts); absent in reports issued before it was stated. */
  certification?: { version: string; text: string; sources: string[] };
}

/** JSON with sorted keys: one text for one content, whoever serialises it. */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

export const sha256 = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");

/** Reads the organisation's records through the gateway and states each department's line. */
export async function gatherReport(
  gateway: GatewayQuery,
  request: { subjectId: string; period: { from: string; to: string }; purpose: string; issuer: string },
  rules: CertificationRules,
): Promise<{ name: string; lines: ReportLine[]; certification: NonNullable<ReportContent["certification"]> }> {
  const subject = await readSubjectRecords(gateway, request.subjectId, {
    actingFor: request.issuer,
    purpose: `专项信用报告：${request.purpose}`,
    what: "Report not issuable",
  });
  const inPeriod = (day: string) => day >= request.period.from && day <= request.period.to;
  return {
    name: subject.name,
    certification: certificationStatement(rules),
    lines: REPORT_DEPARTMENTS.map(({ department, title }) => {
      if (department === "credit") {
        const black = subject.listEntries.filter((e) => e.color === "BLACK" && e.status === "ACTIVE" && e.listedOn <= request.period.to);
        const records = black.map((e) => ({
          documentNo: e.authority,
          category: e.list,
          severity: "SERIOUS",
          decidedOn: e.listedOn,
          amount: null,
          description: e.reason,
          status: "ACTIVE",
        }));
        return { department, title, clean: records.length === 0, records };
      }
      const records = subject.records
        .filter((r) => r.department === department && inPeriod(r.decidedOn) && certifies(rules, r))
        .sort((a, b) => a.decidedOn.localeCompare(b.decidedOn) || a.documentNo.localeCompare(b.documentNo))
        .map((r) => ({
          documentNo: r.documentNo,
          category: r.category,
          severity: r.severity,
          decidedOn: r.decidedOn,
          amount: r.amount,
          description: r.description,
          status: r.status,
        }));
      return { department, title, clean: records.length === 0, records };
    }),
  };
}
