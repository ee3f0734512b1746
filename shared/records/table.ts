/**
 * The record table every department keeps (DESIGN.md "Every record carries what the scoring and
 * the repair rules need"): its columns, how a migration creates and extends it, and the one view
 * through which the kernel reads and writes whichever table a department names. A department adds
 * its own categories and, where it has them, a few extra columns.
 */
import type { Kysely, Migration } from "kysely";
import type { AnyDatabase } from "../db.js";
import { DEPARTMENTS } from "../departments.js";
import type { Severity } from "../publicity.js";
import { type Publicity, publicityOf, type RecordFacts } from "../rules/rule-sets.js";
import { addColumnsMigration, type Columns } from "../tables.js";

/** Columns every department record table has; `C` is the department's category values. */
export interface RecordColumns<C extends string = string> {
  id: string;
  subject_id: string;
  /** Decision document number (决定书文号): the natural key, unique per department. */
  document_no: string;
  category: C;
  severity: Severity;
  amount_fen: number | null;
  description: string;
  decided_on: string;
  /** 公示截止日期 under its rule set; UNTIL_REMOVED (9999-12-31) for a listing still listed. */
  publicity_ends_on: string;
  /** The rule set (shared/rules/rule-sets.json) its publicity and repair follow, chosen by its decision date. */
  publicity_rule?: string | null;
  /** Stored status; EXPIRED is computed from the publicity end date. */
  status: "ACTIVE" | "REPAIRED" | "REMOVED";
  closed_on: string | null;
  /** Why it was closed: a removal's legal basis, or the repair application that closed it. */
  closure_basis: string | null;
  updated_at: string;
  /** 1 when decided by simple procedure (简易程序: a warning or small fine on the spot); excluded from special credit reports. */
  simple_procedure: number;
}

/** The migration that adds `closure_basis` to a department's record table (`"004_closure_basis"`). */
export const closureBasisMigration = (table: string): Migration => addColumnsMigration(table, { closure_basis: "text" });

/**
 * The migration that adds `simple_procedure` to a department's record table (every department
 * with records registers it, e.g. `"003_simple_procedure": simpleProcedureMigration("tax_violations")`).
 */
export const simpleProcedureMigration = (table: string): Migration => addColumnsMigration(table, { simple_procedure: "integer not null default 0" });

/**
 * The migration that brings a department's stored records to the dated rule sets
 * (`"006_publicity_rule_sets"`): adds `publicity_rule` and recomputes every row's publicity end
 * date under the set of its decision date (a GENERAL record once given 12 months gets Order
 * No. 58's 3 years). Down drops the column; the end dates stay as recomputed.
 */
export const publicityRuleSetsMigration = (table: string): Migration => ({
  async up(db: AnyDatabase) {
    await db.schema.alterTable(table).addColumn("publicity_rule", "varchar(40)").execute();
    const department = departmentOfTable(table);
    const rows = await recordTables(db)
      .selectFrom(table)
      .select(["id", "subject_id", "category", "severity", "decided_on", "amount_fen", "status", "closed_on"])
      .execute();
    for (const row of rows) {
      const publicity = publicityOfRow(department, row);
      await recordTables(db)
        .updateTable(table)
        .set({ publicity_ends_on: publicity.endsOn, publicity_rule: publicity.source.ruleSet })
        .where("id", "=", row.id)
        .execute();
    }
  },
  async down(db: AnyDatabase) {
    await db.schema.alterTable(table).dropColumn("publicity_rule").execute();
  },
});

/** The department that keeps a record table (`*`, the general rule sets, for one not defined). */
export const departmentOfTable = (table: string): string => DEPARTMENTS.find((d) => d.records?.table === table)?.name ?? "*";

/** What the rule sets read of a stored row (shared/rules/rule-sets.ts). */
export const factsOfRow = (
  department: string,
  row: Pick<RecordColumns, "subject_id" | "category" | "severity" | "decided_on" | "amount_fen">,
): RecordFacts => ({
  department,
  category: row.category,
  severity: row.severity,
  decidedOn: row.decided_on,
  fineYuan: row.amount_fen === null ? null : row.amount_fen / 100,
  subjectId: row.subject_id,
});

/**
 * A stored row's publicity under its rule set; a listing removed (closed) ends on its removal.
 * What the write path, the migration and the market's removal store.
 */
export function publicityOfRow(
  department: string,
  row: Pick<RecordColumns, "subject_id" | "category" | "severity" | "decided_on" | "amount_fen" | "status" | "closed_on">,
): Publicity {
  const publicity = publicityOf(factsOfRow(department, row));
  return publicity.listed && row.status !== "ACTIVE" && row.closed_on ? { ...publicity, endsOn: row.closed_on } : publicity;
}

/** The columns every department record table has, in order (the department adds its own after). */
export const RECORD_COLUMNS: Columns = {
  id: "varchar(64) primary key",
  subject_id: "varchar(18) not null",
  document_no: "varchar(64) not null unique",
  category: "varchar(40) not null",
  severity: "varchar(16) not null",
  amount_fen: "bigint",
  description: "text not null",
  decided_on: "varchar(10) not null",
  publicity_ends_on: "varchar(10) not null",
  status: "varchar(16) not null",
  closed_on: "varchar(10)",
  updated_at: "varchar(32) not null",
};

/**
 * A department database seen through its record table: any table name, rows of the department's
 * record type. (Kysely types tables by name; the record kernel works on whichever table the
 * department names, so this one view is where the kernel meets the department's own DB type.)
 */
export const recordTables = (db: AnyDatabase): Kysely<Record<string, RecordColumns>> => db;

/** A row of the department's table, typed as the department declares it (the store's `Row`). */
export const asRow = <Row extends RecordColumns>(row: RecordColumns): Row => row as Row;
