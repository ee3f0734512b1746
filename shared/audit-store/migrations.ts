/**
 * The audit log's tables. Append-only is enforced by the database itself: triggers refuse every
 * UPDATE and DELETE (and TRUNCATE on PostgreSQL), whatever code or user tries.
 */
import type { Migration } from "kysely";
import { createAppendOnlyTriggers, type AnyDatabase } from "../db.js";
import { buildTable, createIndexes, createTable } from "../tables.js";

const makeAppendOnly = (db: AnyDatabase, tables: string[]) => createAppendOnlyTriggers(db, tables, "the audit log is append-only");

const NEVER_DOWN = async () => {
  throw new Error("the audit log is kept at least 3 years (PIPL Art. 55–56); it is never migrated down");
};

export const migrations: Record<string, Migration> = {
  "001_audit_log": {
    async up(db: AnyDatabase) {
      await createTable(db, "audit_log", {
        id: "varchar(48) primary key",
        at: "varchar(32) not null",
        sub: "text not null",
        scopes: "text not null",
        purpose: "text",
        client_ip: "varchar(64)",
        operation_name: "text",
        operation_type: "varchar(16) not null",
        fields: "text not null",
        subject_count: "integer not null",
        outcome: "varchar(16) not null",
        error_codes: "text not null",
      });
      await createIndexes(db, "audit_log", { audit_log_sub: ["sub", "id"] });
      await buildTable(db, "audit_subjects", { entry_id: "varchar(48) not null references audit_log.id", subject_id: "varchar(18) not null" })
        .addPrimaryKeyConstraint("audit_subjects_pk", ["entry_id", "subject_id"])
        .execute();
      await createIndexes(db, "audit_subjects", { audit_subjects_subject: ["subject_id", "entry_id"] });
      await makeAppendOnly(db, ["audit_log", "audit_subjects"]);
    },
    down: NEVER_DOWN,
  },
  "002_audit_changes": {
    async up(db: AnyDatabase) {
      // Mutations: the outcome entry points at the entry written before the mutation ran.
      await db.schema.alterTable("audit_log").addColumn("follows", "varchar(48)").execute();
      await buildTable(db, "audit_changes", {
        entry_id: "varchar(48) not null references audit_log.id",
        seq: "integer not null",
        department: "varchar(40) not null",
        record_id: "varchar(64) not null",
        subject_id: "varchar(18) not null",
        action: "varchar(16) not null",
        before: "text",
        after: "text not null",
      })
        .addPrimaryKeyConstraint("audit_changes_pk", ["entry_id", "seq"])
        .execute();
      await createIndexes(db, "audit_changes", { audit_changes_record: ["record_id", "entry_id"] });
      await makeAppendOnly(db, ["audit_changes"]);
    },
    down: NEVER_DOWN,
  },
  "003_acting_for": {
    async up(db: AnyDatabase) {
      // A platform service (e.g. incentives answering a partner) reads through the gateway for someone.
      await db.schema.alterTable("audit_log").addColumn("acting_for", "text").execute();
    },
    down: NEVER_DOWN,
  },
  "004_change_ids": {
    async up(db: AnyDatabase) {
      // A department change is in the log once, whoever brings it: the operation's outcome entry, or
      // the gateway's drainer when that entry never came (gateway/src/audit/change-drainer.ts).
      // Changes from before this migration have no id (NULL: never equal to another).
      await db.schema.alterTable("audit_changes").addColumn("change_id", "varchar(48)").execute();
      await db.schema.createIndex("audit_changes_change").unique().on("audit_changes").columns(["department", "change_id"]).execute();
      // How far the drainer has checked each department's record_changes: appended, never updated.
      await buildTable(db, "audit_drain_marks", { department: "varchar(40) not null", through: "varchar(32) not null", at: "varchar(32) not null" })
        .addPrimaryKeyConstraint("audit_drain_marks_pk", ["department", "through"])
        .execute();
      await makeAppendOnly(db, ["audit_drain_marks"]);
    },
    down: NEVER_DOWN,
  },
};
