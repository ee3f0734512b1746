/**
 * A special credit report as a person reads it: the signed content (report-content.ts) turned into
 * Chinese text — labels for every code, Beijing times, amounts in digits — and laid out as data
 * (head, subject block, one table per department, notes, closing block) that the PDF
 * (report-render.ts) and the printable HTML (report-html.ts) both draw. No code and no UTC time
 * reaches this model.
 */
import { formatBeijingTime, formatChineseDate } from "../../../shared/beijing-time.js";
import { categoryLabel } from "../../../shared/departments.js";
import { RECORD_STATUS_LABELS, SEVERITY_LABELS } from "../../../shared/record.type.js";
import { CREDIT_LIST_LABELS, LIST_ENTRY_STATUS_LABELS } from "../directory/credit-record.type.js";
import type { ReportContent, ReportLine } from "./report-content.js";

/** Printed when a report's content names no authority (reports issued before it was recorded). */
export const DEFAULT_REPORT_AUTHORITY = "湖州市公共信用信息中心";

export interface ReportTable {
  /** Column headings, the first the row number. */
  columns: string[];
  /** Each record: its cells (as many as columns) and what happened, printed across the row below. */
  rows: { cells: string[]; description: string }[];
}

export interface ReportSection {
  /** `一、市税务局` */
  heading: string;
  /** The department's finding in one sentence. */
  finding: string;
  table?: ReportTable;
}

export interface ReportDocument {
  authority: string;
  title: string;
  subtitle: string;
  number: string;
  /** Label and value rows of the subject block. */
  subject: [string, string][];
  intro: string;
  sections: ReportSection[];
  notes: string[];
  /** `2026年12月3日 16:50` (Beijing time). */
  issued: string;
  verifyUrl: string;
  sha256: string;
  signature: string;
}

const NUMERALS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1 → 一, 10 → 十, 12 → 十二, 40 → 四十 (section numbers up to 99). */
export function chineseNumeral(n: number): string {
  if (n < 10) return NUMERALS[n];
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? "" : NUMERALS[tens]}十${NUMERALS[n % 10]}`;
}

/** Yuan with thousands separators, up to two decimals: 1313024 → `1,313,024`. */
export const formatAmount = (amount: number | null): string =>
  amount === null ? "—" : amount.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 });

const label = (labels: Readonly<Record<string, string>>, code: string) => labels[code] ?? code;

function table(line: ReportLine): ReportTable {
  const black = line.department === "credit";
  return {
    columns: ["序号", black ? "名单" : "类别", black ? "认定机关" : "决定书文号", black ? "列入日期" : "决定日期", "金额（元）", "程度", "状态"],
    rows: line.records.map((r, i) => ({
      cells: [
        String(i + 1),
        black ? label(CREDIT_LIST_LABELS, r.category) : categoryLabel(line.department, r.category),
        r.documentNo,
        r.decidedOn,
        formatAmount(r.amount),
        label(SEVERITY_LABELS, r.severity),
        // As the certification rule listed it (reports issued before the rule listed records in force only).
        black ? LIST_ENTRY_STATUS_LABELS.ACTIVE : label(RECORD_STATUS_LABELS, r.status ?? "ACTIVE"),
      ],
      description: `事由：${r.description}`,
    })),
  };
}

/** The report's text and layout, from its signed content. */
export function buildReportDocument(content: ReportContent, signed: { sha256: string; signature: string }, verifyUrl: string): ReportDocument {
  const authority = content.authority ?? DEFAULT_REPORT_AUTHORITY;
  return {
    authority,
    title: "专项信用报告",
    subtitle: "（代替无违法违规证明）",
    number: content.number,
    subject: [
      ["主体名称", content.subject.name],
      ["统一社会信用代码", content.subject.id],
      ["报告期间", `${formatChineseDate(content.period.from)}至${formatChineseDate(content.period.to)}`],
      ["报告用途", content.purpose],
      ["出具机构", authority],
      ["出具时间", `${formatBeijingTime(content.issuedAt)}（北京时间）`],
    ],
    intro: `本报告依据以下 ${content.lines.length} 个部门（领域）归集的公共信用信息出具，代替其各自出具的无违法违规证明。该主体在报告期内的记录情况如下：`,
    sections: content.lines.map((line, i) => ({
      heading: `${chineseNumeral(i + 1)}、${line.title}`,
      finding: line.clean ? "报告期内无行政处罚及其他违法违规记录。" : `报告期内有 ${line.records.length} 条行政处罚或其他违法违规记录：`,
      table: line.clean ? undefined : table(line),
    })),
    notes: [
      ...(content.certification
        ? [content.certification.text, ...content.certification.sources.map((source) => `证明规则依据——${source}`)]
        : ["已修复、已撤销、公示期满的记录和适用简易程序作出的行政处罚不列入本报告。"]),
      "本报告自出具之日起由平台存档，内容不可更改；可扫描二维码或访问下方核验链接，核对报告编号、主体和用途，并上传本 PDF 核对是否为原件。",
      "PDF 内嵌报告内容及平台电子签名（report.json），可离线核验。",
    ],
    issued: formatBeijingTime(content.issuedAt),
    verifyUrl,
    sha256: signed.sha256,
    signature: signed.signature,
  };
}
