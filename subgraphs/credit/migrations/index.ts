/** The credit office's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { Migration } from "kysely";
import { createAppendOnlyTriggers, type AnyDatabase } from "../../../shared/db.js";
import { recordChangesByTimeMigration, recordChangesMigration } from "../../../shared/record-changes.js";
import { noticesMigration, noticeTermsMigration } from "../notices/notice.tables.js";
import { programmeRollupsMigration } from "../programme/rollups.js";

export const migrations: Record<string, Migration> = {
  "001_directory_and_lists": {
    async up(db: AnyDatabase) {
      await db.schema
        .createTable("subjects")
        .addColumn("id", "varchar(18)", (c) => c.primaryKey())
        .addColumn("kind", "varchar(16)", (c) => c.notNull())
        .addColumn("organization_type", "varchar(32)")
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("district", "varchar(16)", (c) => c.notNull())
        .addColumn("functional_zone", "varchar(32)")
        .addColumn("industry", "text")
        .addColumn("registered_on", "varchar(10)", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("subjects_name").on("subjects").column("name").execute();
      await db.schema.createIndex("subjects_kind_district").on("subjects").columns(["kind", "district", "id"]).execute();
      await db.schema
        .createTable("list_entries")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull().references("subjects.id"))
        .addColumn("list", "varchar(40)", (c) => c.notNull())
        .addColumn("list_color", "varchar(8)", (c) => c.notNull())
        .addColumn("authority", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("listed_on", "varchar(10)", (c) => c.notNull())
        .addColumn("expires_on", "varchar(10)")
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("list_entries_subject").on("list_entries").column("subject_id").execute();
      await db.schema
        .createTable("commitments")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull().references("subjects.id"))
        .addColumn("matter", "text", (c) => c.notNull())
        .addColumn("committed_on", "varchar(10)", (c) => c.notNull())
        .addColumn("due_on", "varchar(10)", (c) => c.notNull())
        .addColumn("fulfilment", "varchar(16)", (c) => c.notNull())
        .addColumn("fulfilled_on", "varchar(10)")
        .execute();
      await db.schema.createIndex("commitments_subject").on("commitments").column("subject_id").execute();
      await db.schema
        .createTable("repairs")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull().references("subjects.id"))
        .addColumn("department", "varchar(32)", (c) => c.notNull())
        .addColumn("record_id", "varchar(40)", (c) => c.notNull())
        .addColumn("applied_on", "varchar(10)", (c) => c.notNull())
        .addColumn("decided_on", "varchar(10)")
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("repairs_subject").on("repairs").column("subject_id").execute();
    },
    async down(db: AnyDatabase) {
      for (const table of ["repairs", "commitments", "list_entries", "subjects"]) await db.schema.dropTable(table).execute();
    },
  },
  "002_subject_phone": {
    async up(db: AnyDatabase) {
      await db.schema.alterTable("subjects").addColumn("phone", "varchar(20)").execute();
    },
    async down(db: AnyDatabase) {
      await db.schema.alterTable("subjects").dropColumn("phone").execute();
    },
  },
  "003_record_changes": recordChangesMigration,
  "004_code_registrations": {
    async up(db: AnyDatabase) {
      await db.schema
        .createTable("code_registrations")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull().references("subjects.id"))
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("registered_at", "varchar(32)", (c) => c.notNull())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("consents", "text", (c) => c.notNull())
        .addColumn("revoked_at", "varchar(32)")
        .addColumn("revoke_reason", "text")
        .execute();
      await db.schema.createIndex("code_registrations_subject").on("code_registrations").columns(["subject_id", "registered_at"]).execute();
    },
    async down(db: AnyDatabase) {
      await db.schema.dropTable("code_registrations").execute();
    },
  },
  "005_credit_reports": {
    async up(db: AnyDatabase) {
      await db.schema
        .createTable("credit_reports")
        .addColumn("number", "varchar(32)", (c) => c.primaryKey())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
        .addColumn("subject_name", "text", (c) => c.notNull())
        .addColumn("issued_at", "varchar(32)", (c) => c.notNull())
        .addColumn("period_from", "varchar(10)", (c) => c.notNull())
        .addColumn("period_to", "varchar(10)", (c) => c.notNull())
        .addColumn("purpose", "text", (c) => c.notNull())
        .addColumn("issuer", "text", (c) => c.notNull())
        .addColumn("content", "text", (c) => c.notNull())
        .addColumn("content_sha256", "varchar(64)", (c) => c.notNull())
        .addColumn("signature", "text", (c) => c.notNull())
        .addColumn("pdf", "text", (c) => c.notNull())
        .addColumn("pdf_sha256", "varchar(64)", (c) => c.notNull())
        .addColumn("departments", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("credit_reports_issued").on("credit_reports").column("issued_at").execute();
      // An issued report is evidence: no UPDATE or DELETE, whoever asks.
      await createAppendOnlyTriggers(db, ["credit_reports"], "special credit reports are immutable");
    },
    async down() {
      throw new Error("special credit reports are never migrated down");
    },
  },
  "006_repair_process": {
    async up(db: AnyDatabase) {
      for (const column of [
        "category",
        "severity",
        "record_decided_on",
        "reason",
        "applicant",
        "decided_by",
        "decision_reason",
        "commitment_text",
        "commitment_id",
      ]) {
        await db.schema.alterTable("repairs").addColumn(column, "text").execute();
      }
      await db.schema.createIndex("repairs_record").on("repairs").columns(["record_id", "status"]).execute();
      await db.schema
        .createTable("repair_materials")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("repair_id", "varchar(40)", (c) => c.notNull().references("repairs.id"))
        .addColumn("type", "varchar(32)", (c) => c.notNull())
        .addColumn("file_name", "text", (c) => c.notNull())
        .addColumn("mime_type", "varchar(64)", (c) => c.notNull())
        .addColumn("sha256", "varchar(64)", (c) => c.notNull())
        .addColumn("size", "integer", (c) => c.notNull())
        .addColumn("content", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("repair_materials_repair").on("repair_materials").column("repair_id").execute();
      await createAppendOnlyTriggers(db, ["repair_materials"], "filed materials are never changed");
    },
    async down(db: AnyDatabase) {
      await db.schema.dropTable("repair_materials").execute();
    },
  },
  "007_repair_claims": {
    // When an approval or reinstatement took its application over (ISO time): the fencing token of
    // the one request that may carry it out in the department and finish it (repair.repo.ts).
    async up(db: AnyDatabase) {
      await db.schema.alterTable("repairs").addColumn("claimed_at", "varchar(32)").execute();
    },
    async down(db: AnyDatabase) {
      await db.schema.alterTable("repairs").dropColumn("claimed_at").execute();
    },
  },
  "008_record_changes_by_time": recordChangesByTimeMigration,
  "009_list_management": {
    // addListEntry's legal basis (依据), decision number (文号) and term rule; removeListEntry's date,
    // reason (TERM_ENDED, LIFTED, ERROR) and basis. Seeded entries keep nulls.
    async up(db: AnyDatabase) {
      for (const column of ["legal_basis", "document_number", "term_basis", "removal_basis"]) {
        await db.schema.alterTable("list_entries").addColumn(column, "text").execute();
      }
      await db.schema.alterTable("list_entries").addColumn("removed_on", "varchar(10)").execute();
      await db.schema.alterTable("list_entries").addColumn("removal_reason", "varchar(16)").execute();
      await db.schema.createIndex("list_entries_subject_list").on("list_entries").columns(["subject_id", "list", "status"]).execute();
    },
    async down(db: AnyDatabase) {
      await db.schema.dropIndex("list_entries_subject_list").execute();
      for (const column of ["removal_reason", "removed_on", "removal_basis", "term_basis", "document_number", "legal_basis"]) {
        await db.schema.alterTable("list_entries").dropColumn(column).execute();
      }
    },
  },
  "010_commitment_process": {
    // Commitments recorded and resolved by departments (告知承诺制): where each came from, who
    // recorded it, what was promised, when and on what evidence it was resolved. Rows before are
    // approvals' commitments, except an approved repair's (its commitment_id), which is REPAIR.
    async up(db: AnyDatabase) {
      await db.schema
        .alterTable("commitments")
        .addColumn("source", "varchar(16)", (c) => c.notNull().defaultTo("APPROVAL"))
        .execute();
      await db.schema.alterTable("commitments").addColumn("department", "varchar(32)").execute();
      await db.schema.alterTable("commitments").addColumn("content", "text").execute();
      await db.schema.alterTable("commitments").addColumn("resolved_on", "varchar(10)").execute();
      await db.schema.alterTable("commitments").addColumn("evidence", "text").execute();
      await db
        .updateTable("commitments")
        .set({ source: "REPAIR" })
        .where("id", "in", db.selectFrom("repairs").select("commitment_id").where("commitment_id", "is not", null))
        .execute();
    },
    async down(db: AnyDatabase) {
      for (const column of ["evidence", "resolved_on", "content", "department", "source"])
        await db.schema.alterTable("commitments").dropColumn(column).execute();
    },
  },
  "011_merchant_codes": {
    // Whether an organisation shows its public merchant code (爱山商圈 亮信): one row per organisation that ever chose.
    async up(db: AnyDatabase) {
      await db.schema
        .createTable("merchant_codes")
        .addColumn("subject_id", "varchar(18)", (c) => c.primaryKey().references("subjects.id"))
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("changed_at", "varchar(32)", (c) => c.notNull())
        .execute();
    },
    async down(db: AnyDatabase) {
      await db.schema.dropTable("merchant_codes").execute();
    },
  },
  // The notices worker's tables (notices/notice.tables.ts): watched records, the durable delivery queue, contacts, outbox marks.
  "012_notifications": noticesMigration,
  // The notices worker's scans of the credit office's own dates (notices/notice-terms.ts): their indexes.
  "014_notice_terms": noticeTermsMigration,
  // The programme metrics' roll-ups, kept by triggers and filled from the tables here (programme/rollups.ts).
  "015_programme_rollups": programmeRollupsMigration,
};
