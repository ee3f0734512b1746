/** A stored record row as the GraphQL fields every department's record type shares. */
import { fenToYuan } from "../money.js";
import { computeRecordStatus, type RecordStatus, type Severity } from "../publicity.js";
import { type RuleSource, sourceById } from "../rules/rule-sets.js";
import { todayInChina } from "../scalars.js";
import { publicityOfRow, type RecordColumns } from "./table.js";

/** The GraphQL shape of the common fields (see `DepartmentRecord` in record.type.ts). */
export interface RecordFields<C extends string = string> {
  id: string;
  subjectId: string;
  documentNo: string;
  category: C;
  severity: Severity;
  amount: number | null;
  description: string;
  decidedOn: string;
  publicityEndsOn: string;
  publicityRule: RuleSource;
  status: RecordStatus;
  closedOn: string | null;
  closureBasis: string | null;
  simpleProcedure: boolean;
}

export function toRecordFields<C extends string>(row: RecordColumns<C>, today = todayInChina()): RecordFields<C> {
  return {
    id: row.id,
    subjectId: row.subject_id,
    documentNo: row.document_no,
    category: row.category,
    severity: row.severity,
    amount: row.amount_fen === null ? null : fenToYuan(row.amount_fen),
    description: row.description,
    decidedOn: row.decided_on,
    publicityEndsOn: row.publicity_ends_on,
    // A row written without its rule set (none after migration 006 but a seeder's): the general set of its date.
    publicityRule: (row.publicity_rule && sourceById(row.publicity_rule)) || publicityOfRow("*", row).source,
    status: computeRecordStatus(row.status, row.publicity_ends_on, today),
    closedOn: row.closed_on,
    closureBasis: row.closure_basis ?? null,
    simpleProcedure: Boolean(row.simple_procedure),
  };
}
