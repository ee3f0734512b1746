/** The tax bureau's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { AnyDatabase } from "../../../shared/db.js";
import { createRecordTable, createSubjectTable, dropTables, recordDepartmentMigrations } from "../../../shared/records/migrations.js";
import { buildTable, createTable } from "../../../shared/tables.js";

export const migrations = recordDepartmentMigrations("tax_violations", {
  "001_ratings_arrears_violations": {
    async up(db: AnyDatabase) {
      await buildTable(db, "tax_ratings", {
        id: "varchar(40) primary key",
        subject_id: "varchar(18) not null",
        year: "integer not null",
        level: "varchar(1) not null",
        score: "integer not null",
        direct_judgement: "integer not null default 0",
      })
        .addUniqueConstraint("tax_ratings_subject_year", ["subject_id", "year"])
        .execute();
      await createSubjectTable(db, "tax_arrears", "varchar(40)", {
        tax_type: "text not null",
        amount_fen: "bigint not null",
        paid_fen: "bigint not null default 0",
        due_on: "varchar(10) not null",
        settled_on: "varchar(10)",
      });
      await createTable(db, "tax_arrears_payments", {
        id: "varchar(40) primary key",
        arrears_id: "varchar(40) not null references tax_arrears.id",
        amount_fen: "bigint not null",
        paid_on: "varchar(10) not null",
        recorded_at: "varchar(32) not null",
      });
      await createRecordTable(db, "tax_violations");
    },
    down: (db: AnyDatabase) => dropTables(db, ["tax_violations", "tax_arrears_payments", "tax_arrears", "tax_ratings"]),
  },
});
