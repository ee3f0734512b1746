/** The public resources trading office's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import { recordChangesByTimeMigration, recordChangesMigration } from "../../../shared/record-changes.js";
import type { AnyDatabase } from "../../../shared/db.js";
import type { Migration } from "kysely";
import { addRecordColumns, simpleProcedureMigration, closureBasisMigration } from "../../../shared/records/table.js";

export const migrations: Record<string, Migration> = {
  "001_trading_records_bids": {
    async up(db: AnyDatabase) {
      // any: a migration runs before the tables (and their types) exist
      await addRecordColumns(db.schema.createTable("trading_records"))
        .addColumn("points", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("trading_records_subject").on("trading_records").column("subject_id").execute();
      await db.schema
        .createTable("trading_bids")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
        .addColumn("project_no", "varchar(64)", (c) => c.notNull())
        .addColumn("project_name", "text", (c) => c.notNull())
        .addColumn("bid_on", "varchar(10)", (c) => c.notNull())
        .addColumn("amount_fen", "bigint", (c) => c.notNull())
        .addColumn("awarded", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex("trading_bids_subject").on("trading_bids").column("subject_id").execute();
    },
    async down(db: AnyDatabase) {
      // any: as in up()
      for (const table of ["trading_bids", "trading_records"]) await db.schema.dropTable(table).execute();
    },
  },
  "002_record_changes": recordChangesMigration,
  "003_simple_procedure": simpleProcedureMigration("trading_records"),
  "004_closure_basis": closureBasisMigration("trading_records"),
  "005_record_changes_by_time": recordChangesByTimeMigration,
};
