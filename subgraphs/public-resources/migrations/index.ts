/** The public resources trading office's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { AnyDatabase } from "../../../shared/db.js";
import { createRecordTable, createSubjectTable, dropTables, recordDepartmentMigrations } from "../../../shared/records/migrations.js";

export const migrations = recordDepartmentMigrations("trading_records", {
  "001_trading_records_bids": {
    async up(db: AnyDatabase) {
      // any: a migration runs before the tables (and their types) exist
      await createRecordTable(db, "trading_records", (t) => t.addColumn("points", "integer", (c) => c.notNull()));
      await createSubjectTable(db, "trading_bids", "varchar(40)", (t) =>
        t
          .addColumn("project_no", "varchar(64)", (c) => c.notNull())
          .addColumn("project_name", "text", (c) => c.notNull())
          .addColumn("bid_on", "varchar(10)", (c) => c.notNull())
          .addColumn("amount_fen", "bigint", (c) => c.notNull())
          .addColumn("awarded", "integer", (c) => c.notNull().defaultTo(0)),
      );
    },
    down: (db: AnyDatabase) => dropTables(db, ["trading_bids", "trading_records"]),
  },
});
