/** The market supervision administration's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import { recordChangesByTimeMigration, recordChangesMigration } from "../../../shared/record-changes.js";
import type { AnyDatabase } from "../../../shared/db.js";
import type { Migration } from "kysely";
import { addRecordColumns, simpleProcedureMigration, closureBasisMigration } from "../../../shared/records/table.js";

export const migrations: Record<string, Migration> = {
  "001_records_complaints": {
    async up(db: AnyDatabase) {
      // any: a migration runs before the typed schema it creates exists
      await addRecordColumns(db.schema.createTable("market_records")).addColumn("abnormal_cause", "varchar(32)").execute();
      await db.schema.createIndex("market_records_subject").on("market_records").column("subject_id").execute();
      await db.schema
        .createTable("market_complaints")
        .addColumn("id", "varchar(64)", (c) => c.primaryKey())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
        .addColumn("received_on", "varchar(10)", (c) => c.notNull())
        .addColumn("topic", "text", (c) => c.notNull())
        .addColumn("upheld", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex("market_complaints_subject").on("market_complaints").column("subject_id").execute();
    },
    async down(db: AnyDatabase) {
      // any: as in up
      for (const table of ["market_complaints", "market_records"]) await db.schema.dropTable(table).execute();
    },
  },
  "002_record_changes": recordChangesMigration,
  "003_simple_procedure": simpleProcedureMigration("market_records"),
  "004_closure_basis": closureBasisMigration("market_records"),
  "005_record_changes_by_time": recordChangesByTimeMigration,
};
