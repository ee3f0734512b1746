/** The market supervision administration's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { AnyDatabase } from "../../../shared/db.js";
import { createRecordTable, createSubjectTable, dropTables, recordDepartmentMigrations } from "../../../shared/records/migrations.js";
import { addColumnsMigration } from "../../../shared/tables.js";

export const migrations = {
  ...recordDepartmentMigrations("market_records", {
    "001_records_complaints": {
      async up(db: AnyDatabase) {
        // any: a migration runs before the typed schema it creates exists
        await createRecordTable(db, "market_records", { abnormal_cause: "varchar(32)" });
        await createSubjectTable(db, "market_complaints", "varchar(64)", {
          received_on: "varchar(10) not null",
          topic: "text not null",
          upheld: "integer not null default 0",
        });
      },
      down: (db: AnyDatabase) => dropTables(db, ["market_complaints", "market_records"]),
    },
  }),
  /** A listing removed from the 经营异常名录 keeps the day its cause was fixed (abnormal-list.ts). */
  "007_abnormal_cause_fixed_on": addColumnsMigration("market_records", { cause_fixed_on: "varchar(10)" }),
};
