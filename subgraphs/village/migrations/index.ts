/** The village bureau's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { AnyDatabase } from "../../../shared/db.js";
import { createRecordTable, createSubjectTable, dropTables, recordDepartmentMigrations } from "../../../shared/records/migrations.js";

export const migrations = recordDepartmentMigrations("village_records", {
  "001_records_coupon_uses": {
    async up(db: AnyDatabase) {
      // any: a migration sees the schema as it was then, not today's VillageDB
      await createRecordTable(db, "village_records");
      await createSubjectTable(db, "village_coupon_uses", "varchar(64)", (t) =>
        t
          .addColumn("used_on", "varchar(10)", (c) => c.notNull())
          .addColumn("scenario", "text", (c) => c.notNull())
          .addColumn("discount_fen", "bigint", (c) => c.notNull()),
      );
    },
    down: (db: AnyDatabase) => dropTables(db, ["village_coupon_uses", "village_records"]),
  },
});
