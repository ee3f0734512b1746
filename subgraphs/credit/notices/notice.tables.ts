/**
 * The notices' tables, in the credit office's database (migration "012_notifications"): the
 * records being watched for their dates, each notice with its delivery state (the durable queue),
 * organisations' registered contacts, and how far each department's outbox has been read.
 */
import type { Migration } from "kysely";
import type { AnyDatabase } from "../../../shared/db.js";
import { createIndexes, createTable, dropTables } from "../../../shared/tables.js";
import type { NoticeStatus } from "./notice.type.js";

/** A department record the notices follow for its dates (seen in its department's outbox). */
export interface NoticeRecordTable {
  /** `<department>:<record id>`. */
  id: string;
  subject_id: string;
  department: string;
  record_id: string;
  /** The record's facts (notice-rules.ts RecordFacts), JSON. */
  facts: string;
  /** null: cannot be repaired early (or a listing). */
  earliest_repair_on: string | null;
  publicity_ends_on: string;
  /** Set when the record stops being public before its term (repaired, removed): no reminders after. */
  closed_at: string | null;
}

/** One notice and its delivery: a row of the durable queue. */
export interface NoticeTable {
  /** Deterministic: `N-` + hash of kind, subject, record and due date (a rescan never queues it twice); the webhook's idempotency id. */
  id: string;
  subject_id: string;
  kind: string;
  department: string;
  record_id: string;
  /** The date the notice is about (decision date, earliest repair date, publicity end less its lead). */
  due_on: string;
  created_at: string;
  text_zh: string;
  text_en: string;
  /** The exact JSON body every try sends (the signature covers it). */
  body: string;
  /** `CODE_CHANNEL` (a person's 诚信码 channel) or `CONTACT:<USCC>` (the organisation's registered webhook): the rate limit's unit. */
  channel: string;
  status: NoticeStatus;
  tries: number;
  /** When the next try may start (ISO). */
  next_attempt_at: string;
  /** The worker holding the row while it sends, and until when (ISO): another worker takes it only after. */
  lease_owner: string | null;
  lease_until: string | null;
  last_attempt_at: string | null;
  /** What the last try got (`HTTP 200`, `HTTP 503`, `ECONNREFUSED`), or why it was never queued. */
  last_outcome: string | null;
  delivered_at: string | null;
}

/** An organisation's notice contact: its webhook, the secret that signs what is sent to it, its consents. */
export interface NoticeContactTable {
  subject_id: string;
  webhook_url: string;
  secret: string;
  /** CodeConsent values, comma-separated. */
  consents: string;
  registered_at: string;
  registered_by: string;
}

/** How far a department's outbox (`record_changes`) has been read. */
export interface NoticeMarkTable {
  department: string;
  /** ISO time of the worker's first pass: changes before it (history) are never told. */
  since: string;
  /** ISO time: changes up to it were read. */
  through: string;
}

export interface NoticeTables {
  notice_records: NoticeRecordTable;
  notices: NoticeTable;
  notice_contacts: NoticeContactTable;
  notice_marks: NoticeMarkTable;
}

export const noticesMigration: Migration = {
  async up(db: AnyDatabase) {
    await createTable(db, "notice_records", {
      id: "varchar(120) primary key",
      subject_id: "varchar(18) not null",
      department: "varchar(32) not null",
      record_id: "varchar(64) not null",
      facts: "text not null",
      earliest_repair_on: "varchar(10)",
      publicity_ends_on: "varchar(10) not null",
      closed_at: "varchar(32)",
    });
    await createIndexes(db, "notice_records", { notice_records_repair: ["earliest_repair_on"], notice_records_publicity: ["publicity_ends_on"] });
    await createTable(db, "notices", {
      id: "varchar(48) primary key",
      subject_id: "varchar(18) not null",
      kind: "varchar(40) not null",
      department: "varchar(32) not null",
      record_id: "varchar(64) not null",
      due_on: "varchar(10) not null",
      created_at: "varchar(32) not null",
      text_zh: "text not null",
      text_en: "text not null",
      body: "text not null",
      channel: "varchar(40) not null",
      status: "varchar(24) not null",
      tries: "integer not null",
      next_attempt_at: "varchar(32) not null",
      lease_owner: "varchar(64)",
      lease_until: "varchar(32)",
      last_attempt_at: "varchar(32)",
      last_outcome: "text",
      delivered_at: "varchar(32)",
    });
    await createIndexes(db, "notices", {
      notices_queue: ["status", "next_attempt_at"],
      notices_subject: ["subject_id", "created_at", "id"],
      notices_record: ["department", "record_id", "kind"],
      notices_channel: ["channel", "last_attempt_at"],
    });
    await createTable(db, "notice_contacts", {
      subject_id: "varchar(18) primary key",
      webhook_url: "text not null",
      secret: "varchar(64) not null",
      consents: "text not null",
      registered_at: "varchar(32) not null",
      registered_by: "text not null",
    });
    await createTable(db, "notice_marks", {
      department: "varchar(32) primary key",
      since: "varchar(32) not null",
      through: "varchar(32) not null",
    });
  },
  down: (db: AnyDatabase) => dropTables(db, ["notice_marks", "notice_contacts", "notices", "notice_records"]),
};

/** The credit office's own dates the worker scans every pass (notice-terms.ts), by index: open commitments by due date, list entries in force by term end, approved repairs by approval date. */
const TERM_INDEXES = [
  ["commitments_open_due", "commitments", "fulfilment", "due_on"],
  ["list_entries_term_end", "list_entries", "status", "expires_on"],
  ["repairs_decided", "repairs", "status", "decided_on"],
] as const;
export const noticeTermsMigration: Migration = {
  async up(db: AnyDatabase) {
    for (const [name, table, ...columns] of TERM_INDEXES) await db.schema.createIndex(name).on(table).columns(columns).execute();
  },
  async down(db: AnyDatabase) {
    for (const [name] of TERM_INDEXES) await db.schema.dropIndex(name).execute();
  },
};
