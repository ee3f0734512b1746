/** The credit office's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { Migration } from "kysely";
import { createAppendOnlyTriggers, type AnyDatabase } from "../../../shared/db.js";
import { recordChangesByTimeMigration, recordChangesMigration } from "../../../shared/record-changes.js";
import { createSubjectTable } from "../../../shared/records/migrations.js";
import { addColumns, addColumnsMigration, createIndexes, createTable, dropColumns, dropTables } from "../../../shared/tables.js";
import { noticesMigration, noticeTermsMigration } from "../notices/notice.tables.js";
import { programmeRollupsMigration } from "../programme/rollups.js";

export const migrations: Record<string, Migration> = {
  "001_directory_and_lists": {
    async up(db: AnyDatabase) {
      await createTable(db, "subjects", {
        id: "varchar(18) primary key",
        kind: "varchar(16) not null",
        organization_type: "varchar(32)",
        name: "text not null",
        district: "varchar(16) not null",
        functional_zone: "varchar(32)",
        industry: "text",
        registered_on: "varchar(10) not null",
      });
      await createIndexes(db, "subjects", { subjects_name: ["name"], subjects_kind_district: ["kind", "district", "id"] });
      await createSubjectTable(db, "list_entries", "varchar(40)", {
        subject_id: "varchar(18) not null references subjects.id",
        list: "varchar(40) not null",
        list_color: "varchar(8) not null",
        authority: "text not null",
        reason: "text not null",
        listed_on: "varchar(10) not null",
        expires_on: "varchar(10)",
        status: "varchar(16) not null",
      });
      await createSubjectTable(db, "commitments", "varchar(40)", {
        subject_id: "varchar(18) not null references subjects.id",
        matter: "text not null",
        committed_on: "varchar(10) not null",
        due_on: "varchar(10) not null",
        fulfilment: "varchar(16) not null",
        fulfilled_on: "varchar(10)",
      });
      await createSubjectTable(db, "repairs", "varchar(40)", {
        subject_id: "varchar(18) not null references subjects.id",
        department: "varchar(32) not null",
        record_id: "varchar(40) not null",
        applied_on: "varchar(10) not null",
        decided_on: "varchar(10)",
        status: "varchar(16) not null",
      });
    },
    down: (db: AnyDatabase) => dropTables(db, ["repairs", "commitments", "list_entries", "subjects"]),
  },
  "002_subject_phone": addColumnsMigration("subjects", { phone: "varchar(20)" }),
  "003_record_changes": recordChangesMigration,
  "004_code_registrations": {
    async up(db: AnyDatabase) {
      await createTable(db, "code_registrations", {
        id: "varchar(40) primary key",
        subject_id: "varchar(18) not null references subjects.id",
        status: "varchar(16) not null",
        registered_at: "varchar(32) not null",
        channel: "text not null",
        consents: "text not null",
        revoked_at: "varchar(32)",
        revoke_reason: "text",
      });
      await createIndexes(db, "code_registrations", { code_registrations_subject: ["subject_id", "registered_at"] });
    },
    down: (db: AnyDatabase) => dropTables(db, ["code_registrations"]),
  },
  "005_credit_reports": {
    async up(db: AnyDatabase) {
      await createTable(db, "credit_reports", {
        number: "varchar(32) primary key",
        subject_id: "varchar(18) not null",
        subject_name: "text not null",
        issued_at: "varchar(32) not null",
        period_from: "varchar(10) not null",
        period_to: "varchar(10) not null",
        purpose: "text not null",
        issuer: "text not null",
        content: "text not null",
        content_sha256: "varchar(64) not null",
        signature: "text not null",
        pdf: "text not null",
        pdf_sha256: "varchar(64) not null",
        departments: "integer not null",
      });
      await createIndexes(db, "credit_reports", { credit_reports_issued: ["issued_at"] });
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
      await createTable(db, "repair_materials", {
        id: "varchar(40) primary key",
        repair_id: "varchar(40) not null references repairs.id",
        type: "varchar(32) not null",
        file_name: "text not null",
        mime_type: "varchar(64) not null",
        sha256: "varchar(64) not null",
        size: "integer not null",
        content: "text not null",
      });
      await createIndexes(db, "repair_materials", { repair_materials_repair: ["repair_id"] });
      await createAppendOnlyTriggers(db, ["repair_materials"], "filed materials are never changed");
    },
    down: (db: AnyDatabase) => dropTables(db, ["repair_materials"]),
  },
  // When an approval or reinstatement took its application over (ISO time): the fencing token of
  // the one request that may carry it out in the department and finish it (repair.repo.ts).
  "007_repair_claims": addColumnsMigration("repairs", { claimed_at: "varchar(32)" }),
  "008_record_changes_by_time": recordChangesByTimeMigration,
  "009_list_management": {
    // addListEntry's legal basis (依据), decision number (文号) and term rule; removeListEntry's date,
    // reason (TERM_ENDED, LIFTED, ERROR) and basis. Seeded entries keep nulls.
    async up(db: AnyDatabase) {
      await addColumns(db, "list_entries", {
        legal_basis: "text",
        document_number: "text",
        term_basis: "text",
        removal_basis: "text",
        removed_on: "varchar(10)",
        removal_reason: "varchar(16)",
      });
      await createIndexes(db, "list_entries", { list_entries_subject_list: ["subject_id", "list", "status"] });
    },
    async down(db: AnyDatabase) {
      await db.schema.dropIndex("list_entries_subject_list").execute();
      await dropColumns(db, "list_entries", ["removal_reason", "removed_on", "removal_basis", "term_basis", "document_number", "legal_basis"]);
    },
  },
  "010_commitment_process": {
    // Commitments recorded and resolved by departments (告知承诺制): where each came from, who
    // recorded it, what was promised, when and on what evidence it was resolved. Rows before are
    // approvals' commitments, except an approved repair's (its commitment_id), which is REPAIR.
    async up(db: AnyDatabase) {
      await addColumns(db, "commitments", {
        source: "varchar(16) not null default 'APPROVAL'",
        department: "varchar(32)",
        content: "text",
        resolved_on: "varchar(10)",
        evidence: "text",
      });
      await db
        .updateTable("commitments")
        .set({ source: "REPAIR" })
        .where("id", "in", db.selectFrom("repairs").select("commitment_id").where("commitment_id", "is not", null))
        .execute();
    },
    down: (db: AnyDatabase) => dropColumns(db, "commitments", ["evidence", "resolved_on", "content", "department", "source"]),
  },
  "011_merchant_codes": {
    // Whether an organisation shows its public merchant code (爱山商圈 亮信): one row per organisation that ever chose.
    up: (db: AnyDatabase) =>
      createTable(db, "merchant_codes", {
        subject_id: "varchar(18) primary key references subjects.id",
        status: "varchar(16) not null",
        changed_at: "varchar(32) not null",
      }),
    down: (db: AnyDatabase) => dropTables(db, ["merchant_codes"]),
  },
  // The notices worker's tables (notices/notice.tables.ts): watched records, the durable delivery queue, contacts, outbox marks.
  "012_notifications": noticesMigration,
  // The notices worker's scans of the credit office's own dates (notices/notice-terms.ts): their indexes.
  "014_notice_terms": noticeTermsMigration,
  // The programme metrics' roll-ups, kept by triggers and filled from the tables here (programme/rollups.ts).
  "015_programme_rollups": programmeRollupsMigration,
};
