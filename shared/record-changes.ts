/**
 * Every write to a department record leaves a change row in the department's own database, in
 * the write's transaction: who, when, which record and subject, and the stored row before and
 * after. The table is append-only (database triggers), so a correction keeps its history even
 * where the audit store cannot be reached, and the change is reported to the gateway for the
 * operation's audit entry (response extension `recordChanges`).
 */
import { randomUUID } from "node:crypto";
import type { Migration, Transaction } from "kysely";
import { createAppendOnlyTriggers, type AnyDatabase, type AnyTransaction } from "./db.js";
import { createIndexes, createTable } from "./tables.js";

/**
 * One write to a department record, as the department reports it: kept in the department's
 * append-only `record_changes` table in the write's own transaction, and returned to the gateway
 * (response extension `recordChanges`) for the operation's audit entry.
 */
export interface RecordChange {
  department: string;
  recordId: string;
  subjectId: string;
  action:
    | "RECORD"
    | "CORRECT"
    | "CLOSE"
    | "PAYMENT"
    | "REGISTER"
    | "REVOKE"
    | "REDEEM"
    | "REVERSE"
    | "APPLY"
    | "DECIDE"
    | "RETRY"
    | "COMPLETE"
    | "RELEASE"
    | "REPAIR"
    | "REINSTATE"
    /** A listing removed from its list once its cause was fixed (经营异常名录 移出). */
    | "DELIST"
    /** A try to deliver a notice to its subject, and its outcome (subgraphs/credit/notices/). */
    | "NOTIFY";
  /** The row before the write (null for a new record) and after it, as stored. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  /**
   * The id of its row in the department's `record_changes` (set by {@link appendRecordChange}): the
   * audit store keeps each (department, changeId) once, whether the operation's outcome entry or the
   * gateway's drainer (gateway/src/audit/change-drainer.ts) brings it.
   */
  changeId?: string;
}

/** Who writes, and where the request's changes are reported (a fresh list per request). */
export interface WriteScope {
  /** The verified caller's token subject. */
  actor: string;
  /** Changes committed during this request, in order. */
  journal: RecordChange[];
}

export interface RecordChangesTable {
  id: string;
  at: string;
  actor: string;
  record_table: string;
  record_id: string;
  subject_id: string;
  action: RecordChange["action"];
  before: string | null;
  after: string;
}

/** The migration every department with writable records registers (e.g. `"002_record_changes"`). */
export const recordChangesMigration: Migration = {
  async up(db: AnyDatabase) {
    await createTable(db, "record_changes", {
      id: "varchar(48) primary key",
      at: "varchar(32) not null",
      actor: "text not null",
      record_table: "varchar(40) not null",
      record_id: "varchar(64) not null",
      subject_id: "varchar(18) not null",
      action: "varchar(16) not null",
      before: "text",
      after: "text not null",
    });
    await createIndexes(db, "record_changes", { record_changes_record: ["record_id", "at"] });
    await createAppendOnlyTriggers(db, ["record_changes"], "record changes are append-only");
  },
  async down() {
    throw new Error("record changes are the history of decisions; they are never migrated down");
  },
};

/**
 * Every department with `record_changes` registers this after it (e.g. `"005_record_changes_by_time"`):
 * the audit drainer reads the changes by time (record-changes-route.ts), every minute.
 */
export const recordChangesByTimeMigration: Migration = {
  async up(db: AnyDatabase) {
    await db.schema.createIndex("record_changes_time").on("record_changes").columns(["at", "id"]).execute();
  },
  async down(db: AnyDatabase) {
    await db.schema.dropIndex("record_changes_time").execute();
  },
};

/**
 * Appends a change inside the write's transaction `trx`; returns the change to report once the
 * transaction has committed (see {@link reportChange}).
 */
export async function appendRecordChange(trx: AnyTransaction, scope: WriteScope, table: string, change: RecordChange): Promise<RecordChange> {
  const [appended] = await appendRecordChanges(trx, scope.actor, table, [change]);
  return appended;
}

/**
 * Appends many changes of one actor inside the write's transaction `trx` (a bulk import), in
 * chunks well below every database's bind-parameter limit; returns them with their change ids.
 */
export async function appendRecordChanges<C extends Omit<RecordChange, "department" | "changeId">>(
  trx: AnyTransaction,
  actor: string,
  table: string,
  changes: C[],
): Promise<(C & { changeId: string })[]> {
  const at = new Date().toISOString();
  const rows = changes.map((change) => ({
    id: `RC-${randomUUID()}`,
    at,
    actor,
    record_table: table,
    record_id: change.recordId,
    subject_id: change.subjectId,
    action: change.action,
    before: change.before ? JSON.stringify(change.before) : null,
    after: JSON.stringify(change.after),
  }));
  for (let i = 0; i < rows.length; i += 500)
    await (trx as Transaction<{ record_changes: RecordChangesTable }>)
      .insertInto("record_changes")
      .values(rows.slice(i, i + 500))
      .execute();
  return changes.map((change, k) => ({ ...change, changeId: rows[k].id }));
}

/** Reports a committed change to the request's journal. */
export const reportChange = (scope: WriteScope | undefined, change: RecordChange): void => void scope?.journal.push(change);
