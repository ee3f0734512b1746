/** The audit log store: append and read, nothing else (no update or delete exists, here or in SQL). */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { RecordChange } from "../record-changes.js";
import type { AuditChangeRow, AuditDB, AuditLogTable, AuditRow } from "./tables.js";

export interface AuditEntryInput {
  /** From {@link newAuditEntryId}: known before the entry is written, so an outcome can point at it. */
  id: string;
  at: Date;
  sub: string;
  scopes: string[];
  purpose?: string;
  /** For a platform service's operation: the token subject (a partner) it acted for. */
  actingFor?: string;
  clientIp?: string;
  operationName?: string;
  operationType: string;
  fields: string[];
  subjectIds: string[];
  outcome: AuditLogTable["outcome"];
  errorCodes: string[];
  /** The STARTED entry this outcome follows (mutations). */
  follows?: string;
  /** Records the operation wrote. */
  changes?: RecordChange[];
}

/** A new entry id; ids sort by time. */
export const newAuditEntryId = (at: Date): string => `${at.toISOString()}-${randomBytes(6).toString("hex")}`;

/**
 * Appends entries (and their subjects and changes) in one transaction — all or none. The gateway
 * groups the entries of concurrent operations into one call (one commit, one fsync).
 */
export async function appendAuditEntries(db: Kysely<AuditDB>, entries: AuditEntryInput[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("audit_log")
      .values(
        entries.map((entry) => ({
          id: entry.id,
          at: entry.at.toISOString(),
          sub: entry.sub,
          scopes: entry.scopes.join(" "),
          purpose: entry.purpose ?? null,
          acting_for: entry.actingFor ?? null,
          client_ip: entry.clientIp ?? null,
          operation_name: entry.operationName ?? null,
          operation_type: entry.operationType,
          fields: entry.fields.join(","),
          subject_count: new Set(entry.subjectIds).size,
          outcome: entry.outcome,
          error_codes: [...new Set(entry.errorCodes)].join(","),
          follows: entry.follows ?? null,
        })),
      )
      .execute();
    const subjects = entries.flatMap((entry) => [...new Set(entry.subjectIds)].map((subject_id) => ({ entry_id: entry.id, subject_id })));
    // Chunked: far below every database's bind-parameter limit.
    for (let i = 0; i < subjects.length; i += 500)
      await trx
        .insertInto("audit_subjects")
        .values(subjects.slice(i, i + 500))
        .execute();
    const changes = entries.flatMap((entry) =>
      (entry.changes ?? []).map((c, seq) => ({
        entry_id: entry.id,
        seq,
        department: c.department,
        record_id: c.recordId,
        subject_id: c.subjectId,
        action: c.action,
        before: c.before ? JSON.stringify(c.before) : null,
        after: JSON.stringify(c.after),
        change_id: c.changeId ?? null,
      })),
    );
    // A change the drainer carried in already (its outcome came late) stays under the drainer's entry.
    for (let i = 0; i < changes.length; i += 200)
      await trx
        .insertInto("audit_changes")
        .values(changes.slice(i, i + 200))
        .onConflict((oc) => oc.columns(["department", "change_id"]).doNothing())
        .execute();
  });
}

export interface AuditQuery {
  subjectId?: string;
  sub?: string;
  /** Only entries that wrote this record. */
  recordId?: string;
  /** Entries at or after this instant (UTC ISO 8601, as `at` is stored). */
  fromAt?: string;
  /** Entries before this instant (UTC ISO 8601). */
  beforeAt?: string;
  /** Entries before this id (newest first). */
  beforeId?: string;
  limit: number;
  /** Whether to count every matching entry (total 0 otherwise). */
  count: boolean;
}

/** A page of entries, newest first, with their subject ids and the changes they wrote. */
export async function loadAuditPage(
  db: Kysely<AuditDB>,
  q: AuditQuery,
): Promise<{ rows: (AuditRow & { subjectIds: string[]; changes: AuditChangeRow[] })[]; total: number }> {
  let query = db.selectFrom("audit_log");
  if (q.sub) query = query.where("sub", "=", q.sub);
  if (q.subjectId) query = query.where("id", "in", db.selectFrom("audit_subjects").select("entry_id").where("subject_id", "=", q.subjectId));
  if (q.recordId) query = query.where("id", "in", db.selectFrom("audit_changes").select("entry_id").where("record_id", "=", q.recordId));
  // An id begins with its entry's `at` (newAuditEntryId): a time range is a range of the primary key.
  if (q.fromAt) query = query.where("id", ">=", q.fromAt);
  if (q.beforeAt) query = query.where("id", "<", q.beforeAt);
  const [rows, count] = await Promise.all([
    (q.beforeId ? query.where("id", "<", q.beforeId) : query)
      .selectAll()
      .orderBy("id", "desc")
      .limit(q.limit + 1)
      .execute(),
    q.count ? query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow() : { n: 0 },
  ]);
  const ids = rows.map((r) => r.id);
  const [subjects, changes] = ids.length
    ? await Promise.all([
        db.selectFrom("audit_subjects").selectAll().where("entry_id", "in", ids).execute(),
        db.selectFrom("audit_changes").selectAll().where("entry_id", "in", ids).orderBy("seq").execute(),
      ])
    : [[], []];
  return {
    rows: rows.map((r) => ({
      ...r,
      subjectIds: subjects.filter((s) => s.entry_id === r.id).map((s) => s.subject_id),
      changes: changes.filter((c) => c.entry_id === r.id),
    })),
    total: Number(count.n),
  };
}
