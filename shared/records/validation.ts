/** What a frontend or an import row gives for a new record, and the checks it must pass. */
import { parseSubjectId } from "../ids.js";
import { yuanToFen } from "../money.js";
import { SEVERITIES } from "../publicity.js";
import { EARLIEST_DATE, isIsoDate, todayInChina } from "../scalars.js";
import { simpleProcedureProblem } from "../simple-procedure.js";
import { findUnsafeCharacter, normaliseDocumentNo } from "../text.js";
import { publicityOfRow, type RecordColumns } from "./table.js";

/** What a frontend or an import row gives for a new record. */
export interface RecordInput {
  subjectId: string;
  documentNo: string;
  category: string;
  severity: string;
  amount?: number | null;
  description: string;
  decidedOn: string;
  /** Decided by simple procedure (简易程序). @default false */
  simpleProcedure?: boolean | null;
}

export type Problem = { field: string; message: string };

/**
 * Checks a new record's common fields; `categories` are the department's allowed values. Its
 * publicity end date and rule set follow from the department's rule set of its decision date.
 */
export function validateRecordInput<C extends string>(
  input: RecordInput,
  categories: readonly C[],
  today = todayInChina(),
  department = "*",
): { problems: Problem[]; row?: Omit<RecordColumns<C>, "id" | "updated_at"> } {
  const problems: Problem[] = [];
  const id = parseSubjectId(String(input.subjectId ?? ""));
  if (!id.ok) problems.push({ field: "subjectId", message: id.problem.message });
  const documentNo = normaliseDocumentNo(String(input.documentNo ?? ""));
  const unsafeDocumentNo = findUnsafeCharacter(documentNo);
  if (documentNo.length < 1 || documentNo.length > 64) problems.push({ field: "documentNo", message: "must be 1–64 characters" });
  else if (unsafeDocumentNo) problems.push({ field: "documentNo", message: unsafeDocumentNo });
  const category = categories.find((c) => c === input.category);
  if (category === undefined) problems.push({ field: "category", message: `must be one of ${categories.join(", ")}, got "${input.category}"` });
  const severity = SEVERITIES.find((v) => v === input.severity);
  if (severity === undefined) problems.push({ field: "severity", message: `must be GENERAL or SERIOUS, got "${input.severity}"` });
  let amountFen: number | null = null;
  if (input.amount !== undefined && input.amount !== null) {
    const money = yuanToFen(Number(input.amount));
    if ("problem" in money) problems.push({ field: "amount", message: money.problem });
    else amountFen = money.fen;
  }
  const description = String(input.description ?? "")
    .normalize("NFC")
    .trim();
  const unsafeDescription = findUnsafeCharacter(description);
  if (description.length < 1 || description.length > 500) problems.push({ field: "description", message: "must be 1–500 characters" });
  else if (unsafeDescription) problems.push({ field: "description", message: unsafeDescription });
  if (!isIsoDate(String(input.decidedOn))) problems.push({ field: "decidedOn", message: `must be a date YYYY-MM-DD, got "${input.decidedOn}"` });
  else if (input.decidedOn > today) problems.push({ field: "decidedOn", message: `${input.decidedOn} is in the future` });
  else if (input.decidedOn < EARLIEST_DATE) problems.push({ field: "decidedOn", message: `${input.decidedOn} is before ${EARLIEST_DATE}` });
  if (input.simpleProcedure && id.ok && severity !== undefined) {
    const problem = simpleProcedureProblem(id.value.kind, severity, amountFen);
    if (problem) problems.push({ field: "simpleProcedure", message: problem });
  }
  if (problems.length > 0 || !id.ok || category === undefined || severity === undefined) return { problems };
  const facts = { subject_id: id.value.id, category, severity, decided_on: input.decidedOn, amount_fen: amountFen, status: "ACTIVE", closed_on: null } as const;
  const publicity = publicityOfRow(department, facts);
  return {
    problems,
    row: {
      ...facts,
      document_no: documentNo,
      description,
      publicity_ends_on: publicity.endsOn,
      publicity_rule: publicity.source.ruleSet,
      closure_basis: null,
      simple_procedure: input.simpleProcedure ? 1 : 0,
    },
  };
}
