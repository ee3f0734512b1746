/** The transport bureau's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { AnyDatabase } from "../../../shared/db.js";
import { createRecordTable, createSubjectTable, dropTables, recordDepartmentMigrations } from "../../../shared/records/migrations.js";

export const migrations = recordDepartmentMigrations("transport_records", {
  "001_records_coupon_uses": {
    async up(db: AnyDatabase) {
      // any: a migration sees the schema as it was then, not today's TransportDB
      await createRecordTable(db, "transport_records");
      await createSubjectTable(db, "transport_coupon_uses", "varchar(64)", {
        used_on: "varchar(10) not null",
        scenario: "text not null",
        discount_fen: "bigint not null",
      });
    },
    down: (db: AnyDatabase) => dropTables(db, ["transport_coupon_uses", "transport_records"]),
  },
});
