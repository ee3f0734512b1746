/** The evaluation's migrations: snapshot tables only. Portable SQL (SQLite and PostgreSQL). */
import type { Migration } from "kysely";
import type { AnyDatabase } from "../../../shared/db.js";
import { gradeHistoryMigration } from "../grade-history.js";

export const migrations: Record<string, Migration> = {
  "001_snapshots": {
    async up(db: AnyDatabase) {
      await db.schema
        .createTable("evaluation_snapshots")
        .addColumn("id", "varchar(48)", (c) => c.primaryKey())
        .addColumn("started_at", "varchar(32)", (c) => c.notNull())
        .addColumn("finished_at", "varchar(32)")
        .addColumn("policy_version", "varchar(64)", (c) => c.notNull())
        .addColumn("as_of", "varchar(10)", (c) => c.notNull())
        .addColumn("cursor", "text")
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("subjects", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("evaluation_snapshot_counts")
        .addColumn("snapshot_id", "varchar(48)", (c) => c.notNull().references("evaluation_snapshots.id"))
        .addColumn("kind", "varchar(16)", (c) => c.notNull())
        .addColumn("district", "varchar(16)", (c) => c.notNull())
        .addColumn("grade", "varchar(16)", (c) => c.notNull())
        .addColumn("count", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("evaluation_snapshot_counts_pk", ["snapshot_id", "kind", "district", "grade"])
        .execute();
    },
    async down(db: AnyDatabase) {
      await db.schema.dropTable("evaluation_snapshot_counts").execute();
      await db.schema.dropTable("evaluation_snapshots").execute();
    },
  },
  // Per-subject grades between snapshots, changes only (grade-history.ts): what grade-change notices read.
  "002_grade_history": gradeHistoryMigration,
};
