/**
 * What the audit log's changes read like: each table's columns as a reader knows them, [Chinese,
 * English] picked by the page's language (its column name stays in the cell's title), and the codes
 * in them through their labels (shared/labels.ts, the same tables the API's enums and the reports
 * use). The audit log names a change's department, not its table: a row is known by a column only
 * its table has. A row of a table not listed here shows its column names and values as stored.
 */
import { categoryLabel } from "../../../shared/departments.js";
import {
  CODE_CONSENT,
  CODE_REGISTRATION_STATUS,
  COMMITMENT_SOURCE,
  LIST_REMOVAL_REASON,
  MERCHANT_CODE_STATUS,
  NOTICE_KIND,
  NOTICE_OUTCOME,
} from "../../../shared/labels.js";
import { DEPARTMENTS, FULFILMENTS, LIST_COLORS, LIST_STATUSES, LISTS, label, pick, RECORD_STATUSES, SEVERITIES } from "../i18n.js";
import { beijingTime } from "../ui.js";
import { REPAIR_STATUSES } from "./repair-review.js";

type Labels = Readonly<Record<string, readonly [string, string]>>;

/**
 * How a column's values are read: codes by a label table; as a department; as a record category (of
 * the row's own department when it names one, else the change's); as a comma-separated list of
 * consents; as an instant (Beijing time; a column named `*_at` always is).
 */
type Values = Labels | "department" | "category" | "consents" | "time";

export interface TableView {
  /** What one row is, as a reader knows it. */
  title: readonly [string, string];
  /** A column only this table's rows have. */
  knownBy: string;
  columns: Labels;
  values: Readonly<Record<string, Values>>;
}

const SUBJECT = ["主体代码", "Subject"] as const;

/** A department's record (every record department's table, shared/records/table.ts, with its extra columns). */
const RECORDS: TableView = {
  title: ["记录", "record"],
  knownBy: "document_no",
  columns: {
    id: ["记录编号", "Record ID"],
    subject_id: SUBJECT,
    document_no: ["决定书文号", "Decision document No."],
    category: ["类别", "Category"],
    severity: ["严重程度", "Severity"],
    amount_fen: ["金额", "Amount"],
    description: ["事由", "Description"],
    decided_on: ["决定日期", "Decided on"],
    publicity_ends_on: ["公示截止日期", "Public until"],
    publicity_rule: ["公示规则", "Publicity rule"],
    status: ["状态", "Status"],
    closed_on: ["结束日期", "Closed on"],
    closure_basis: ["结束依据", "Closure basis"],
    updated_at: ["更新时间", "Updated at"],
    simple_procedure: ["简易程序", "Simple procedure"],
    points: ["记分", "Points"],
    abnormal_cause: ["列入事由", "Listing cause"],
    cause_fixed_on: ["事由消除日期", "Cause fixed on"],
  },
  values: { status: RECORD_STATUSES, severity: SEVERITIES, category: "category" },
};

/** The credit office's tables whose writes are audited (subgraphs/credit/db.ts). */
const CREDIT_OFFICE: TableView[] = [
  {
    title: ["信用修复申请", "repair application"],
    knownBy: "applied_on",
    columns: {
      id: ["申请编号", "Application ID"],
      subject_id: SUBJECT,
      department: ["记录部门", "Record's department"],
      record_id: ["记录编号", "Record ID"],
      applied_on: ["申请日期", "Applied on"],
      decided_on: ["决定日期", "Decided on"],
      status: ["状态", "Status"],
      category: ["记录类别", "Record category"],
      severity: ["严重程度", "Severity"],
      record_decided_on: ["记录决定日期", "Record decided on"],
      reason: ["申请理由", "Reason"],
      applicant: ["申请人", "Applicant"],
      decided_by: ["审核人", "Decided by"],
      decision_reason: ["审核理由", "Decision reason"],
      commitment_text: ["修复承诺内容", "Commitment letter"],
      commitment_id: ["信用承诺编号", "Commitment ID"],
      claimed_at: ["办理开始时间", "Taken up at"],
    },
    values: { department: "department", status: REPAIR_STATUSES, category: "category", severity: SEVERITIES },
  },
  {
    title: ["信用承诺", "commitment"],
    knownBy: "committed_on",
    columns: {
      id: ["承诺编号", "Commitment ID"],
      subject_id: SUBJECT,
      source: ["承诺类型", "Kind"],
      department: ["记录部门", "Department"],
      matter: ["承诺事项", "Matter"],
      content: ["承诺内容", "Content"],
      committed_on: ["承诺日期", "Committed on"],
      due_on: ["履约期限", "Due on"],
      fulfilment: ["履约情况", "Fulfilment"],
      fulfilled_on: ["履约日期", "Fulfilled on"],
      resolved_on: ["认定日期", "Resolved on"],
      evidence: ["认定依据", "Evidence"],
    },
    values: { source: COMMITMENT_SOURCE, department: "department", fulfilment: FULFILMENTS },
  },
  {
    title: ["名单条目", "list entry"],
    knownBy: "listed_on",
    columns: {
      id: ["条目编号", "Entry ID"],
      subject_id: SUBJECT,
      list: ["名单", "List"],
      list_color: ["红黑名单", "Red or black"],
      authority: ["认定机关", "Authority"],
      reason: ["列入事由", "Reason"],
      listed_on: ["列入日期", "Listed on"],
      expires_on: ["到期日期", "Expires on"],
      status: ["状态", "Status"],
      legal_basis: ["列入依据", "Legal basis"],
      document_number: ["认定文书号", "Document No."],
      term_basis: ["期限依据", "Term basis"],
      removed_on: ["移出日期", "Removed on"],
      removal_reason: ["移出原因", "Removal reason"],
      removal_basis: ["移出依据", "Removal basis"],
    },
    values: { list: LISTS, list_color: LIST_COLORS, status: LIST_STATUSES, removal_reason: LIST_REMOVAL_REASON },
  },
  {
    title: ["告知联系方式", "notice contact"],
    knownBy: "webhook_url",
    columns: {
      subject_id: SUBJECT,
      webhook_url: ["接收地址", "Webhook URL"],
      secret: ["签名密钥", "Signing secret"],
      consents: ["同意事项", "Consents"],
      registered_at: ["登记时间", "Registered at"],
      registered_by: ["登记人", "Registered by"],
    },
    values: { consents: "consents" },
  },
  {
    title: ["个人诚信码登记", "credit code registration"],
    knownBy: "revoked_at",
    columns: {
      id: ["登记编号", "Registration ID"],
      subject_id: SUBJECT,
      status: ["状态", "Status"],
      registered_at: ["登记时间", "Registered at"],
      channel: ["登记渠道", "Channel"],
      consents: ["同意事项", "Consents"],
      revoked_at: ["注销时间", "Revoked at"],
      revoke_reason: ["注销理由", "Revocation reason"],
    },
    values: { status: CODE_REGISTRATION_STATUS, consents: "consents" },
  },
  {
    // A try to deliver a notice (action NOTIFY): what the notices worker records of it.
    title: ["告知发送", "notice delivery"],
    knownBy: "try",
    columns: {
      id: ["告知编号", "Notice ID"],
      kind: ["告知类别", "Kind"],
      channel: ["发送渠道", "Channel"],
      try: ["发送次数", "Try"],
      at: ["发送时间", "Sent at"],
      outcome: ["发送结果", "Outcome"],
      status: ["状态", "Status"],
    },
    values: { kind: NOTICE_KIND, status: NOTICE_OUTCOME, at: "time" },
  },
  {
    title: ["商户信用页", "merchant page"],
    knownBy: "changed_at",
    columns: { subject_id: SUBJECT, status: ["展示状态", "Shown"], changed_at: ["变更时间", "Changed at"] },
    values: { status: MERCHANT_CODE_STATUS },
  },
];

/** The table a change's row belongs to, if it is one listed here. */
export const tableOf = (row: Record<string, unknown>): TableView | undefined => [...CREDIT_OFFICE, RECORDS].find((t) => t.knownBy in row);

/** A column's name as a reader knows it (its own name for one not listed). */
export const columnLabel = (table: TableView | undefined, column: string): string => {
  const name = table?.columns[column];
  return name ? pick(...name) : column;
};

/** A stored value as JSON text shows it ("—" for null). */
export const show = (v: unknown): string => (v === undefined ? "" : v === null ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

const yuan = (fen: number) => `¥${(fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** A column's value as a reader knows it: labels for codes, yuan for fen, Beijing time for instants. */
export function readable(table: TableView | undefined, department: string, row: Record<string, unknown>, column: string): string {
  const v = row[column];
  if (v === undefined || v === null) return show(v);
  const values = table?.values[column];
  const code = String(v);
  if (values === "department") return label(DEPARTMENTS, code);
  if (values === "category") {
    const of = typeof row.department === "string" ? row.department : department;
    return pick(categoryLabel(of, code, "zh"), categoryLabel(of, code, "en"));
  }
  if (values === "consents")
    return code
      .split(",")
      .map((c) => label(CODE_CONSENT, c.trim()))
      .join("、");
  if ((values === "time" || column.endsWith("_at")) && typeof v === "string") return beijingTime(v);
  if (values && values !== "time") return label(values, code);
  if (column.endsWith("_fen") && typeof v === "number") return yuan(v);
  if (column === "simple_procedure") return v ? pick("是", "yes") : pick("否", "no");
  return show(v);
}
