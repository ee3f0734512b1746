/**
 * A record department's migrations, made once: its first migration creates its record table and its
 * own per-subject tables; the kernel's follow, in the order every department has run them.
 */
import type { Migration } from "kysely";
import type { AnyDatabase } from "../db.js";
import { recordChangesByTimeMigration, recordChangesMigration } from "../record-changes.js";
import { type Columns, createIndexes, createTable } from "../tables.js";
import { closureBasisMigration, publicityRuleSetsMigration, RECORD_COLUMNS, simpleProcedureMigration } from "./table.js";

/** The department's record table (`columns` adds its own), indexed by subject. */
export async function createRecordTable(db: AnyDatabase, table: string, columns: Columns = {}): Promise<void> {
  await createTable(db, table, { ...RECORD_COLUMNS, ...columns });
  await createIndexes(db, table, { [`${table}_subject`]: ["subject_id"] });
}

/** A per-subject table (`id`, `subject_id` and its `columns`; a `subject_id` there replaces the plain one, e.g. with a reference), indexed by subject. */
export async function createSubjectTable(db: AnyDatabase, table: string, idType: "varchar(40)" | "varchar(64)", columns: Columns): Promise<void> {
  await createTable(db, table, { id: `${idType} primary key`, subject_id: "varchar(18) not null", ...columns });
  await createIndexes(db, table, { [`${table}_subject`]: ["subject_id"] });
}

export { dropTables } from "../tables.js";

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
