/** The transport bureau's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import { recordChangesByTimeMigration, recordChangesMigration } from "../../../shared/record-changes.js";
import type { AnyDatabase } from "../../../shared/db.js";
import type { Migration } from "kysely";
import { addRecordColumns, simpleProcedureMigration, closureBasisMigration } from "../../../shared/records/table.js";

export const migrations: Record<string, Migration> = {
  "001_records_coupon_uses": {
    async up(db: AnyDatabase) {
      // any: a migration sees the schema as it was then, not today's TransportDB
      await addRecordColumns(db.schema.createTable("transport_records")).execute();
      await db.schema.createIndex("transport_records_subject").on("transport_records").column("subject_id").execute();
      await db.schema
        .createTable("transport_coupon_uses")
        .addColumn("id", "varchar(64)", (c) => c.primaryKey())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
        .addColumn("used_on", "varchar(10)", (c) => c.notNull())
        .addColumn("scenario", "text", (c) => c.notNull())
        .addColumn("discount_fen", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("transport_coupon_uses_subject").on("transport_coupon_uses").column("subject_id").execute();
    },
    async down(db: AnyDatabase) {
      // any: as in up
      for (const table of ["transport_coupon_uses", "transport_records"]) await db.schema.dropTable(table).execute();
    },
  },
  "002_record_changes": recordChangesMigration,
  "003_simple_procedure": simpleProcedureMigration("transport_records"),
  "004_closure_basis": closureBasisMigration("transport_records"),
  "005_record_changes_by_time": recordChangesByTimeMigration,
};
