/**
 * The notices' tables, in the credit office's database (migration "012_notifications"): the
 * records being watched for their dates, each notice with its delivery state (the durable queue),
 * organisations' registered contacts, and how far each department's outbox has been read.
 */
import type { Migration } from "kysely";
import type { AnyDatabase } from "../../../shared/db.js";
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
    await db.schema
      .createTable("notice_records")
      .addColumn("id", "varchar(120)", (c) => c.primaryKey())
      .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
      .addColumn("department", "varchar(32)", (c) => c.notNull())
      .addColumn("record_id", "varchar(64)", (c) => c.notNull())
      .addColumn("facts", "text", (c) => c.notNull())
      .addColumn("earliest_repair_on", "varchar(10)")
      .addColumn("publicity_ends_on", "varchar(10)", (c) => c.notNull())
      .addColumn("closed_at", "varchar(32)")
      .execute();
    await db.schema.createIndex("notice_records_repair").on("notice_records").columns(["earliest_repair_on"]).execute();
    await db.schema.createIndex("notice_records_publicity").on("notice_records").columns(["publicity_ends_on"]).execute();
    await db.schema
      .createTable("notices")
      .addColumn("id", "varchar(48)", (c) => c.primaryKey())
      .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
      .addColumn("kind", "varchar(40)", (c) => c.notNull())
      .addColumn("department", "varchar(32)", (c) => c.notNull())
      .addColumn("record_id", "varchar(64)", (c) => c.notNull())
      .addColumn("due_on", "varchar(10)", (c) => c.notNull())
      .addColumn("created_at", "varchar(32)", (c) => c.notNull())
      .addColumn("text_zh", "text", (c) => c.notNull())
      .addColumn("text_en", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("channel", "varchar(40)", (c) => c.notNull())
      .addColumn("status", "varchar(24)", (c) => c.notNull())
      .addColumn("tries", "integer", (c) => c.notNull())
      .addColumn("next_attempt_at", "varchar(32)", (c) => c.notNull())
      .addColumn("lease_owner", "varchar(64)")
      .addColumn("lease_until", "varchar(32)")
      .addColumn("last_attempt_at", "varchar(32)")
      .addColumn("last_outcome", "text")
      .addColumn("delivered_at", "varchar(32)")
      .execute();
    await db.schema.createIndex("notices_queue").on("notices").columns(["status", "next_attempt_at"]).execute();
    await db.schema.createIndex("notices_subject").on("notices").columns(["subject_id", "created_at", "id"]).execute();
    await db.schema.createIndex("notices_record").on("notices").columns(["department", "record_id", "kind"]).execute();
    await db.schema.createIndex("notices_channel").on("notices").columns(["channel", "last_attempt_at"]).execute();
    await db.schema
      .createTable("notice_contacts")
      .addColumn("subject_id", "varchar(18)", (c) => c.primaryKey())
      .addColumn("webhook_url", "text", (c) => c.notNull())
      .addColumn("secret", "varchar(64)", (c) => c.notNull())
      .addColumn("consents", "text", (c) => c.notNull())
      .addColumn("registered_at", "varchar(32)", (c) => c.notNull())
      .addColumn("registered_by", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("notice_marks")
      .addColumn("department", "varchar(32)", (c) => c.primaryKey())
      .addColumn("since", "varchar(32)", (c) => c.notNull())
      .addColumn("through", "varchar(32)", (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDatabase) {
    for (const table of ["notice_marks", "notice_contacts", "notices", "notice_records"]) await db.schema.dropTable(table).execute();
  },
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
