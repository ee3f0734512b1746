/**
 * The audit log's tables. Append-only is enforced by the database itself: triggers refuse every
 * UPDATE and DELETE (and TRUNCATE on PostgreSQL), whatever code or user tries.
 */
import type { Migration } from "kysely";
import { createAppendOnlyTriggers, type AnyDatabase } from "../db.js";

const makeAppendOnly = (db: AnyDatabase, tables: string[]) => createAppendOnlyTriggers(db, tables, "the audit log is append-only");

const NEVER_DOWN = async () => {
  throw new Error("the audit log is kept at least 3 years (PIPL Art. 55–56); it is never migrated down");
};

export const migrations: Record<string, Migration> = {
  "001_audit_log": {
    async up(db: AnyDatabase) {
      await db.schema
        .createTable("audit_log")
        .addColumn("id", "varchar(48)", (c) => c.primaryKey())
        .addColumn("at", "varchar(32)", (c) => c.notNull())
        .addColumn("sub", "text", (c) => c.notNull())
        .addColumn("scopes", "text", (c) => c.notNull())
        .addColumn("purpose", "text")
        .addColumn("client_ip", "varchar(64)")
        .addColumn("operation_name", "text")
        .addColumn("operation_type", "varchar(16)", (c) => c.notNull())
        .addColumn("fields", "text", (c) => c.notNull())
        .addColumn("subject_count", "integer", (c) => c.notNull())
        .addColumn("outcome", "varchar(16)", (c) => c.notNull())
        .addColumn("error_codes", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("audit_log_sub").on("audit_log").columns(["sub", "id"]).execute();
      await db.schema
        .createTable("audit_subjects")
        .addColumn("entry_id", "varchar(48)", (c) => c.notNull().references("audit_log.id"))
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
        .addPrimaryKeyConstraint("audit_subjects_pk", ["entry_id", "subject_id"])
        .execute();
      await db.schema.createIndex("audit_subjects_subject").on("audit_subjects").columns(["subject_id", "entry_id"]).execute();
      await makeAppendOnly(db, ["audit_log", "audit_subjects"]);
    },
    down: NEVER_DOWN,
  },
  "002_audit_changes": {
    async up(db: AnyDatabase) {
      // Mutations: the outcome entry points at the entry written before the mutation ran.
      await db.schema.alterTable("audit_log").addColumn("follows", "varchar(48)").execute();
      await db.schema
        .createTable("audit_changes")
        .addColumn("entry_id", "varchar(48)", (c) => c.notNull().references("audit_log.id"))
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("department", "varchar(40)", (c) => c.notNull())
        .addColumn("record_id", "varchar(64)", (c) => c.notNull())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
        .addColumn("action", "varchar(16)", (c) => c.notNull())
        .addColumn("before", "text")
        .addColumn("after", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("audit_changes_pk", ["entry_id", "seq"])
        .execute();
      await db.schema.createIndex("audit_changes_record").on("audit_changes").columns(["record_id", "entry_id"]).execute();
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
      await db.schema
        .createTable("audit_drain_marks")
        .addColumn("department", "varchar(40)", (c) => c.notNull())
        .addColumn("through", "varchar(32)", (c) => c.notNull())
        .addColumn("at", "varchar(32)", (c) => c.notNull())
        .addPrimaryKeyConstraint("audit_drain_marks_pk", ["department", "through"])
        .execute();
      await makeAppendOnly(db, ["audit_drain_marks"]);
    },
    down: NEVER_DOWN,
  },
};
