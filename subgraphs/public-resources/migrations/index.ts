/** The public resources trading office's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { AnyDatabase } from "../../../shared/db.js";
import { createRecordTable, createSubjectTable, dropTables, recordDepartmentMigrations } from "../../../shared/records/migrations.js";

export const migrations = recordDepartmentMigrations("trading_records", {
  "001_trading_records_bids": {
    async up(db: AnyDatabase) {
      // any: a migration runs before the tables (and their types) exist
      await createRecordTable(db, "trading_records", { points: "integer not null" });
      await createSubjectTable(db, "trading_bids", "varchar(40)", {
        project_no: "varchar(64) not null",
        project_name: "text not null",
        bid_on: "varchar(10) not null",
        amount_fen: "bigint not null",
        awarded: "integer not null default 0",
      });
    },
    down: (db: AnyDatabase) => dropTables(db, ["trading_bids", "trading_records"]),
  },
});
