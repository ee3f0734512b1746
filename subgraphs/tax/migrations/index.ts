/** The tax bureau's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import { recordChangesByTimeMigration, recordChangesMigration } from "../../../shared/record-changes.js";
import type { AnyDatabase } from "../../../shared/db.js";
import type { Migration } from "kysely";
import { addRecordColumns, simpleProcedureMigration, closureBasisMigration } from "../../../shared/records/table.js";

export const migrations: Record<string, Migration> = {
  "001_ratings_arrears_violations": {
    async up(db: AnyDatabase) {
      await db.schema
        .createTable("tax_ratings")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
        .addColumn("year", "integer", (c) => c.notNull())
        .addColumn("level", "varchar(1)", (c) => c.notNull())
        .addColumn("score", "integer", (c) => c.notNull())
        .addColumn("direct_judgement", "integer", (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint("tax_ratings_subject_year", ["subject_id", "year"])
        .execute();
      await db.schema
        .createTable("tax_arrears")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
        .addColumn("tax_type", "text", (c) => c.notNull())
        .addColumn("amount_fen", "bigint", (c) => c.notNull())
        .addColumn("paid_fen", "bigint", (c) => c.notNull().defaultTo(0))
        .addColumn("due_on", "varchar(10)", (c) => c.notNull())
        .addColumn("settled_on", "varchar(10)")
        .execute();
      await db.schema.createIndex("tax_arrears_subject").on("tax_arrears").column("subject_id").execute();
      await db.schema
        .createTable("tax_arrears_payments")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("arrears_id", "varchar(40)", (c) => c.notNull().references("tax_arrears.id"))
        .addColumn("amount_fen", "bigint", (c) => c.notNull())
        .addColumn("paid_on", "varchar(10)", (c) => c.notNull())
        .addColumn("recorded_at", "varchar(32)", (c) => c.notNull())
        .execute();
      await addRecordColumns(db.schema.createTable("tax_violations")).execute();
      await db.schema.createIndex("tax_violations_subject").on("tax_violations").column("subject_id").execute();
    },
    async down(db: AnyDatabase) {
      for (const table of ["tax_violations", "tax_arrears_payments", "tax_arrears", "tax_ratings"]) await db.schema.dropTable(table).execute();
    },
  },
  "002_record_changes": recordChangesMigration,
  "003_simple_procedure": simpleProcedureMigration("tax_violations"),
  "004_closure_basis": closureBasisMigration("tax_violations"),
  "005_record_changes_by_time": recordChangesByTimeMigration,
};
