/** The village archive's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { AnyDatabase } from "../../../shared/db.js";
import { createRecordTable, createSubjectTable, dropTables, recordDepartmentMigrations } from "../../../shared/records/migrations.js";
import { villagesOf } from "../village-data.js";

const TABLES = ["village_point_events", "village_members", "village_households", "village_rules", "village_villages", "village_records"];

export const migrations = {
  ...recordDepartmentMigrations("village_records", {
    "001_records_households_points": {
      // any: a migration sees the schema as it was then, not today's VillageDB
      async up(db: AnyDatabase) {
        await createRecordTable(db, "village_records");
        await db.schema
          .createTable("village_villages")
          .addColumn("id", "varchar(8)", (c) => c.primaryKey())
          .addColumn("township_code", "varchar(4)", (c) => c.notNull())
          .addColumn("township", "text", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("kind", "varchar(10)", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("village_rules")
          .addColumn("id", "varchar(48)", (c) => c.primaryKey())
          .addColumn("village_id", "varchar(8)", (c) => c.notNull())
          .addColumn("code", "varchar(32)", (c) => c.notNull())
          .addColumn("category", "varchar(24)", (c) => c.notNull())
          .addColumn("description", "text", (c) => c.notNull())
          .addColumn("points", "integer", (c) => c.notNull())
          .addUniqueConstraint("village_rules_code", ["village_id", "code"])
          .execute();
        await db.schema
          .createTable("village_households")
          .addColumn("id", "varchar(40)", (c) => c.primaryKey())
          .addColumn("village_id", "varchar(8)", (c) => c.notNull())
          .addColumn("township_code", "varchar(4)", (c) => c.notNull())
          .addColumn("head_id", "varchar(18)", (c) => c.notNull())
          .addColumn("address", "text", (c) => c.notNull())
          .addColumn("colour", "varchar(8)", (c) => c.notNull())
          .addColumn("points", "integer", (c) => c.notNull())
          .addColumn("demonstration_year", "integer")
          .addColumn("opened_on", "varchar(10)", (c) => c.notNull())
          .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
          .execute();
        // The dashboard's codes by township, and a village's households in order (the staff's pages).
        await db.schema.createIndex("village_households_township_colour").on("village_households").columns(["township_code", "colour"]).execute();
        await db.schema.createIndex("village_households_village").on("village_households").columns(["village_id", "id"]).execute();
        await createSubjectTable(db, "village_members", "varchar(40)", (t) =>
          t.addColumn("household_id", "varchar(40)", (c) => c.notNull()).addColumn("relation", "varchar(8)", (c) => c.notNull()),
        );
        await db.schema.createIndex("village_members_one_household").on("village_members").column("subject_id").unique().execute();
        await db.schema.createIndex("village_members_household").on("village_members").column("household_id").execute();
        await createSubjectTable(db, "village_point_events", "varchar(40)", (t) =>
          t
            .addColumn("household_id", "varchar(40)", (c) => c.notNull())
            .addColumn("rule_code", "varchar(32)", (c) => c.notNull())
            .addColumn("category", "varchar(24)", (c) => c.notNull())
            .addColumn("occurred_on", "varchar(10)", (c) => c.notNull())
            .addColumn("points", "integer", (c) => c.notNull())
            .addColumn("recorded_by", "text", (c) => c.notNull())
            .addColumn("evidence", "text", (c) => c.notNull())
            .addColumn("withdrawn", "integer", (c) => c.notNull().defaultTo(0))
            .addColumn("recorded_at", "varchar(32)", (c) => c.notNull()),
        );
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
