/** The evaluation's migrations: snapshot tables only. Portable SQL (SQLite and PostgreSQL). */
import type { Migration } from "kysely";
import type { AnyDatabase } from "../../../shared/db.js";
import { buildTable, createTable, dropTables } from "../../../shared/tables.js";
import { gradeHistoryMigration } from "../grade-history.js";

export const migrations: Record<string, Migration> = {
  "001_snapshots": {
    async up(db: AnyDatabase) {
      await createTable(db, "evaluation_snapshots", {
        id: "varchar(48) primary key",
        started_at: "varchar(32) not null",
        finished_at: "varchar(32)",
        policy_version: "varchar(64) not null",
        as_of: "varchar(10) not null",
        cursor: "text",
        status: "varchar(16) not null",
        subjects: "integer not null",
      });
      await buildTable(db, "evaluation_snapshot_counts", {
        snapshot_id: "varchar(48) not null references evaluation_snapshots.id",
        kind: "varchar(16) not null",
        district: "varchar(16) not null",
        grade: "varchar(16) not null",
        count: "integer not null",
      })
        .addPrimaryKeyConstraint("evaluation_snapshot_counts_pk", ["snapshot_id", "kind", "district", "grade"])
        .execute();
    },
    down: (db: AnyDatabase) => dropTables(db, ["evaluation_snapshot_counts", "evaluation_snapshots"]),
  },
  // Per-subject grades between snapshots, changes only (grade-history.ts): what grade-change notices read.
  "002_grade_history": gradeHistoryMigration,
};
