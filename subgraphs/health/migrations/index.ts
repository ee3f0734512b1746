/** The health department's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { AnyDatabase } from "../../../shared/db.js";
import { createRecordTable, createSubjectTable, dropTables, recordDepartmentMigrations } from "../../../shared/records/migrations.js";

export const migrations = recordDepartmentMigrations("health_records", {
  "001_records_visits": {
    async up(db: AnyDatabase) {
      // any: a migration sees the schema as it was then, not today's table types
      await createRecordTable(db, "health_records");
      await createSubjectTable(db, "health_visits", "varchar(40)", {
        hospital: "text not null",
        visited_on: "varchar(10) not null",
        amount_fen: "bigint not null",
        due_on: "varchar(10) not null",
        paid_on: "varchar(10)",
      });
    },
    down: (db: AnyDatabase) => dropTables(db, ["health_visits", "health_records"]),
  },
});
