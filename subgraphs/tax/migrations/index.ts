/** The tax bureau's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { AnyDatabase } from "../../../shared/db.js";
import { createRecordTable, createSubjectTable, dropTables, recordDepartmentMigrations } from "../../../shared/records/migrations.js";

export const migrations = recordDepartmentMigrations("tax_violations", {
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
      await createSubjectTable(db, "tax_arrears", "varchar(40)", (t) =>
        t
          .addColumn("tax_type", "text", (c) => c.notNull())
          .addColumn("amount_fen", "bigint", (c) => c.notNull())
          .addColumn("paid_fen", "bigint", (c) => c.notNull().defaultTo(0))
          .addColumn("due_on", "varchar(10)", (c) => c.notNull())
          .addColumn("settled_on", "varchar(10)"),
      );
      await db.schema
        .createTable("tax_arrears_payments")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("arrears_id", "varchar(40)", (c) => c.notNull().references("tax_arrears.id"))
        .addColumn("amount_fen", "bigint", (c) => c.notNull())
        .addColumn("paid_on", "varchar(10)", (c) => c.notNull())
        .addColumn("recorded_at", "varchar(32)", (c) => c.notNull())
        .execute();
      await createRecordTable(db, "tax_violations");
    },
    down: (db: AnyDatabase) => dropTables(db, ["tax_violations", "tax_arrears_payments", "tax_arrears", "tax_ratings"]),
  },
});
