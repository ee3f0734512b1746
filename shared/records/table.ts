/**
 * The record table every department keeps (DESIGN.md "Every record carries what the scoring and
 * the repair rules need"): its columns, how a migration creates and extends it, and the one view
 * through which the kernel reads and writes whichever table a department names. A department adds
 * its own categories and, where it has them, a few extra columns.
 */
import type { CreateTableBuilder, Kysely, Migration } from "kysely";
import type { AnyDatabase } from "../db.js";
import type { Severity } from "../publicity.js";

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
  publicity_ends_on: string;
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
export const closureBasisMigration = (table: string): Migration => ({
  async up(db: AnyDatabase) {
    await db.schema.alterTable(table).addColumn("closure_basis", "text").execute();
  },
  async down(db: AnyDatabase) {
    await db.schema.alterTable(table).dropColumn("closure_basis").execute();
  },
});

/**
 * The migration that adds `simple_procedure` to a department's record table (every department
 * with records registers it, e.g. `"003_simple_procedure": simpleProcedureMigration("tax_violations")`).
 */
export const simpleProcedureMigration = (table: string): Migration => ({
  async up(db: AnyDatabase) {
    await db.schema
      .alterTable(table)
      .addColumn("simple_procedure", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: AnyDatabase) {
    await db.schema.alterTable(table).dropColumn("simple_procedure").execute();
  },
});

/** Adds the common record columns to a `createTable` (the department adds its own after). */
export function addRecordColumns<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, never> {
  return table
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
    .addColumn("document_no", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("category", "varchar(40)", (c) => c.notNull())
    .addColumn("severity", "varchar(16)", (c) => c.notNull())
    .addColumn("amount_fen", "bigint")
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("decided_on", "varchar(10)", (c) => c.notNull())
    .addColumn("publicity_ends_on", "varchar(10)", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("closed_on", "varchar(10)")
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull());
}

/**
 * A department database seen through its record table: any table name, rows of the department's
 * record type. (Kysely types tables by name; the record kernel works on whichever table the
 * department names, so this one view is where the kernel meets the department's own DB type.)
 */
export const recordTables = (db: AnyDatabase): Kysely<Record<string, RecordColumns>> => db;

/** A row of the department's table, typed as the department declares it (the store's `Row`). */
export const asRow = <Row extends RecordColumns>(row: RecordColumns): Row => row as Row;
