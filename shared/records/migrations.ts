/**
 * A record department's migrations, made once: its first migration creates its record table and its
 * own per-subject tables; the kernel's follow, in the order every department has run them.
 */
import type { CreateTableBuilder, Migration } from "kysely";
import type { AnyDatabase } from "../db.js";
import { recordChangesByTimeMigration, recordChangesMigration } from "../record-changes.js";
import { addRecordColumns, closureBasisMigration, publicityRuleSetsMigration, simpleProcedureMigration } from "./table.js";

/** The department's record table (`extend` adds its own columns), indexed by subject. */
export async function createRecordTable(
  db: AnyDatabase,
  table: string,
  extend: (t: CreateTableBuilder<string, never>) => CreateTableBuilder<string, never> = (t) => t,
): Promise<void> {
  await extend(addRecordColumns(db.schema.createTable(table))).execute();
  await db.schema.createIndex(`${table}_subject`).on(table).column("subject_id").execute();
}

/** A per-subject table (`id`, `subject_id` and the columns `columns` adds), indexed by subject. */
export async function createSubjectTable(
  db: AnyDatabase,
  table: string,
  idType: "varchar(40)" | "varchar(64)",
  columns: (t: CreateTableBuilder<string, "id" | "subject_id">) => CreateTableBuilder<string, string>,
): Promise<void> {
  await columns(
    db.schema
      .createTable(table)
      .addColumn("id", idType, (c) => c.primaryKey())
      .addColumn("subject_id", "varchar(18)", (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex(`${table}_subject`).on(table).column("subject_id").execute();
}

/** Drops tables, in the order given (dependents first). */
export async function dropTables(db: AnyDatabase, tables: readonly string[]): Promise<void> {
  for (const table of tables) await db.schema.dropTable(table).execute();
}

/** The department's first migration (its tables) under its name, then the kernel's on its record table. */
export function recordDepartmentMigrations(table: string, first: Record<string, Migration>): Record<string, Migration> {
  return {
    ...first,
    "002_record_changes": recordChangesMigration,
    "003_simple_procedure": simpleProcedureMigration(table),
    "004_closure_basis": closureBasisMigration(table),
    "005_record_changes_by_time": recordChangesByTimeMigration,
    "006_publicity_rule_sets": publicityRuleSetsMigration(table),
  };
}
