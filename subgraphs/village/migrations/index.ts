/** The village archive's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { AnyDatabase } from "../../../shared/db.js";
import { createRecordTable, createSubjectTable, dropTables, recordDepartmentMigrations } from "../../../shared/records/migrations.js";
import { buildTable, createTable } from "../../../shared/tables.js";
import { villagesOf } from "../village-data.js";

const TABLES = ["village_point_events", "village_members", "village_households", "village_rules", "village_villages", "village_records"];

export const migrations = {
  ...recordDepartmentMigrations("village_records", {
    "001_records_households_points": {
      // any: a migration sees the schema as it was then, not today's VillageDB
      async up(db: AnyDatabase) {
        await createRecordTable(db, "village_records");
        await createTable(db, "village_villages", {
          id: "varchar(8) primary key",
          township_code: "varchar(4) not null",
          township: "text not null",
          name: "text not null",
          kind: "varchar(10) not null",
        });
        await buildTable(db, "village_rules", {
          id: "varchar(48) primary key",
          village_id: "varchar(8) not null",
          code: "varchar(32) not null",
          category: "varchar(24) not null",
          description: "text not null",
          points: "integer not null",
        })
          .addUniqueConstraint("village_rules_code", ["village_id", "code"])
          .execute();
        await createTable(db, "village_households", {
          id: "varchar(40) primary key",
          village_id: "varchar(8) not null",
          township_code: "varchar(4) not null",
          head_id: "varchar(18) not null",
          address: "text not null",
          colour: "varchar(8) not null",
          points: "integer not null",
          demonstration_year: "integer",
          opened_on: "varchar(10) not null",
          updated_at: "varchar(32) not null",
        });
        // The dashboard's codes by township, and a village's households in order (the staff's pages).
        await db.schema.createIndex("village_households_township_colour").on("village_households").columns(["township_code", "colour"]).execute();
        await db.schema.createIndex("village_households_village").on("village_households").columns(["village_id", "id"]).execute();
        await createSubjectTable(db, "village_members", "varchar(40)", { household_id: "varchar(40) not null", relation: "varchar(8) not null" });
        await db.schema.createIndex("village_members_one_household").on("village_members").column("subject_id").unique().execute();
        await db.schema.createIndex("village_members_household").on("village_members").column("household_id").execute();
        await createSubjectTable(db, "village_point_events", "varchar(40)", {
          household_id: "varchar(40) not null",
          rule_code: "varchar(32) not null",
          category: "varchar(24) not null",
          occurred_on: "varchar(10) not null",
          points: "integer not null",
          recorded_by: "text not null",
          evidence: "text not null",
          withdrawn: "integer not null default 0",
          recorded_at: "varchar(32) not null",
        });
        await db.schema.createIndex("village_point_events_household").on("village_point_events").columns(["household_id", "occurred_on"]).execute();
        // The dashboard's points by rule category: a covering index, read without the table.
        await db.schema.createIndex("village_point_events_category").on("village_point_events").columns(["category", "withdrawn", "points"]).execute();
      },
      down: (db: AnyDatabase) => dropTables(db, TABLES),
    },
  }),
  /** The 272 villages and their rule sets, from the data file (reference data every database holds). */
  "007_villages_and_rule_sets": {
    async up(db: AnyDatabase) {
      const { villages, rules } = villagesOf();
      await db.insertInto("village_villages").values(villages).execute();
      for (let i = 0; i < rules.length; i += 500)
        await db
          .insertInto("village_rules")
          .values(rules.slice(i, i + 500))
          .execute();
    },
    async down(db: AnyDatabase) {
      await db.deleteFrom("village_rules").execute();
      await db.deleteFrom("village_villages").execute();
    },
  },
};
