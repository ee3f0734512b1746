/**
 * A special credit report's content (专项信用报告): every department's records of an organisation in
 * the period, read through the gateway as the credit office's service identity (the issuer need
 * not hold every department's scope), then per department whether there was an administrative
 * penalty or other violation. Repaired and expired records are left out (the repair rules: once
 * repaired or past publicity, a record leaves special reports — domain.md §5), as are penalties
 * decided by simple procedure (domain.md §9). A department that cannot be read makes the report not
 * issuable: never a clean line for a department that was not read.
 */
import { createHash } from "node:crypto";
import { createError, ErrorCodes } from "../../shared/errors.js";
import type { GatewayQuery } from "../../shared/gateway-client.js";

const RECORD = "id documentNo category severity status decidedOn closedOn amount description simpleProcedure";
const QUERY = `query SpecialCreditReport($id: ID!) { subject(id: $id) {
  id kind name
  listEntries { id list color authority reason listedOn expiresOn status }
  tax { violations { ${RECORD} } }
  health { records { ${RECORD} } }
  transport { records { ${RECORD} } }
  publicResources { records { ${RECORD} } }
  market { records { ${RECORD} } }
} }`;

/** The departments a report covers, in order, with where their records sit. */
export const REPORT_DEPARTMENTS = [
  { department: "credit", title: "市信用办（失信名单）" },
  { department: "tax", title: "市税务局" },
  { department: "health", title: "市卫健委/医保局" },
  { department: "transport", title: "市交通运输局" },
  { department: "public-resources", title: "市公管办（公共资源交易）" },
  { department: "market", title: "市市场监管局" },
] as const;

interface RecordRow {
  id: string;
  documentNo: string;
  category: string;
  severity: string;
  status: string;
  decidedOn: string;
  amount: number | null;
  description: string;
  simpleProcedure: boolean;
}

interface Answer {
  subject: {
    id: string;
    kind: string;
    name: string;
    listEntries: { id: string; list: string; color: string; authority: string; reason: string; listedOn: string; status: string }[] | null;
    tax: { violations: RecordRow[] } | null;
    health: { records: RecordRow[] } | null;
    transport: { records: RecordRow[] } | null;
    publicResources: { records: RecordRow[] } | null;
    market: { records: RecordRow[] } | null;
  } | null;
}

export interface ReportLine {
  department: string;
  title: string;
  /** True: no administrative penalty or other violation in the period. */
  clean: boolean;
  records: { documentNo: string; category: string; severity: string; decidedOn: string; amount: number | null; description: string }[];
}

export interface ReportContent {
  version: 1;
  number: string;
  issuedAt: string;
  subject: { id: string; name: string };
  period: { from: string; to: string };
  purpose: string;
  issuer: string;
  lines: ReportLine[];
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
): Promise<{ name: string; lines: ReportLine[] }> {
  const answer = await gateway<Answer>(QUERY, { id: request.subjectId }, { actingFor: request.issuer, purpose: `专项信用报告：${request.purpose}` });
  const subject = answer.data?.subject;
  const failed = [...new Set((answer.errors ?? []).flatMap((e) => (e.extensions?.department ? [String(e.extensions.department)] : [])))];
  if (!subject) {
    if (failed.length > 0 || answer.errors?.length) {
      throw createError(ErrorCodes.DOWNSTREAM_SERVICE_ERROR, `Report not issuable: ${failed.join(", ") || answer.errors?.[0]?.message} could not be read`, {
        department: failed[0] ?? "credit",
      });
    }
    throw createError(ErrorCodes.NOT_FOUND, "No organisation with this id in the directory");
  }
  const inPeriod = (day: string) => day >= request.period.from && day <= request.period.to;
  const counts = (r: RecordRow) => inPeriod(r.decidedOn) && r.status === "ACTIVE" && !r.simpleProcedure;
  const rowsOf: Record<string, RecordRow[] | undefined> = {
    tax: subject.tax?.violations,
    health: subject.health?.records,
    transport: subject.transport?.records,
    "public-resources": subject.publicResources?.records,
    market: subject.market?.records,
  };
  const lines: ReportLine[] = [];
  const unread: string[] = [];
  for (const { department, title } of REPORT_DEPARTMENTS) {
    if (department === "credit") {
      if (!subject.listEntries) {
        unread.push(department);
        continue;
      }
      const black = subject.listEntries.filter((e) => e.color === "BLACK" && e.status === "ACTIVE" && e.listedOn <= request.period.to);
      lines.push({
        department,
        title,
        clean: black.length === 0,
        records: black.map((e) => ({
          documentNo: e.authority,
          category: e.list,
          severity: "SERIOUS",
          decidedOn: e.listedOn,
          amount: null,
          description: e.reason,
        })),
      });
      continue;
    }
    const rows = rowsOf[department];
    if (!rows) {
      unread.push(department);
      continue;
    }
    const records = rows
      .filter(counts)
      .sort((a, b) => a.decidedOn.localeCompare(b.decidedOn) || a.documentNo.localeCompare(b.documentNo))
      .map((r) => ({
        documentNo: r.documentNo,
        category: r.category,
        severity: r.severity,
        decidedOn: r.decidedOn,
        amount: r.amount,
        description: r.description,
      }));
    lines.push({ department, title, clean: records.length === 0, records });
  }
  const missing = [...new Set([...unread, ...failed])];
  if (missing.length > 0) {
    throw createError(ErrorCodes.DOWNSTREAM_SERVICE_ERROR, `Report not issuable: ${missing.join(", ")} could not be read`, { department: missing[0] });
  }
  return { name: subject.name, lines };
}
