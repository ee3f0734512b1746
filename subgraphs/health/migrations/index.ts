/** The health department's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import { recordChangesByTimeMigration, recordChangesMigration } from "../../../shared/record-changes.js";
import type { AnyDatabase } from "../../../shared/db.js";
import type { Migration } from "kysely";
import { addRecordColumns, simpleProcedureMigration, closureBasisMigration } from "../../../shared/records/table.js";

export const migrations: Record<string, Migration> = {
  "001_records_visits": {
    async up(db: AnyDatabase) {
      // any: a migration sees the schema as it was then, not today's table types
      await addRecordColumns(db.schema.createTable("health_records")).execute();
      await db.schema.createIndex("health_records_subject").on("health_records").column("subject_id").execute();
      await db.schema
        .createTable("health_visits")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
        .addColumn("hospital", "text", (c) => c.notNull())
        .addColumn("visited_on", "varchar(10)", (c) => c.notNull())
        .addColumn("amount_fen", "bigint", (c) => c.notNull())
        .addColumn("due_on", "varchar(10)", (c) => c.notNull())
        .addColumn("paid_on", "varchar(10)")
        .execute();
      await db.schema.createIndex("health_visits_subject").on("health_visits").column("subject_id").execute();
    },
    async down(db: AnyDatabase) {
      // any: as in `up`
      for (const table of ["health_visits", "health_records"]) await db.schema.dropTable(table).execute();
    },
  },
  "002_record_changes": recordChangesMigration,
  "003_simple_procedure": simpleProcedureMigration("health_records"),
  "004_closure_basis": closureBasisMigration("health_records"),
  "005_record_changes_by_time": recordChangesByTimeMigration,
};
