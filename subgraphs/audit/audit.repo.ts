/** The audit log store: append and read, nothing else (no update or delete exists, here or in SQL). */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { AuditDB, AuditLogTable, AuditRow } from "./db.js";

export interface AuditEntryInput {
  at: Date;
  sub: string;
  scopes: string[];
  purpose?: string;
  clientIp?: string;
  operationName?: string;
  operationType: string;
  fields: string[];
  subjectIds: string[];
  outcome: AuditLogTable["outcome"];
  errorCodes: string[];
}

/**
 * Appends entries (and their subjects) in one transaction — all or none; ids sort by time. The
 * gateway groups the entries of concurrent operations into one call (one commit, one fsync).
 */
export async function appendAuditEntries(db: Kysely<AuditDB>, entries: AuditEntryInput[]): Promise<string[]> {
  const rows = entries.map((entry) => ({ entry, id: `${entry.at.toISOString()}-${randomBytes(6).toString("hex")}`, subjectIds: [...new Set(entry.subjectIds)] }));
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("audit_log")
      .values(
        rows.map(({ entry, id, subjectIds }) => ({
          id,
          at: entry.at.toISOString(),
          sub: entry.sub,
          scopes: entry.scopes.join(" "),
          purpose: entry.purpose ?? null,
          client_ip: entry.clientIp ?? null,
          operation_name: entry.operationName ?? null,
          operation_type: entry.operationType,
          fields: entry.fields.join(","),
          subject_count: subjectIds.length,
          outcome: entry.outcome,
          error_codes: [...new Set(entry.errorCodes)].join(","),
        })),
      )
      .execute();
    const subjects = rows.flatMap(({ id, subjectIds }) => subjectIds.map((subject_id) => ({ entry_id: id, subject_id })));
    // Chunked: far below every database's bind-parameter limit.
    for (let i = 0; i < subjects.length; i += 500) await trx.insertInto("audit_subjects").values(subjects.slice(i, i + 500)).execute();
  });
  return rows.map((r) => r.id);
}

export interface AuditQuery {
  subjectId?: string;
  sub?: string;
  /** Entries before this id (newest first). */
  beforeId?: string;
  limit: number;
  /** Whether to count every matching entry (total 0 otherwise). */
  count: boolean;
}

/** A page of entries, newest first, with their subject ids. */
export async function loadAuditPage(db: Kysely<AuditDB>, q: AuditQuery): Promise<{ rows: (AuditRow & { subjectIds: string[] })[]; total: number }> {
  let query = db.selectFrom("audit_log");
  if (q.sub) query = query.where("sub", "=", q.sub);
  if (q.subjectId) query = query.where("id", "in", db.selectFrom("audit_subjects").select("entry_id").where("subject_id", "=", q.subjectId));
  const [rows, count] = await Promise.all([
    (q.beforeId ? query.where("id", "<", q.beforeId) : query).selectAll().orderBy("id", "desc").limit(q.limit + 1).execute(),
    q.count ? query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow() : { n: 0 },
  ]);
  const ids = rows.map((r) => r.id);
  const subjects = ids.length ? await db.selectFrom("audit_subjects").selectAll().where("entry_id", "in", ids).execute() : [];
  return {
    rows: rows.map((r) => ({ ...r, subjectIds: subjects.filter((s) => s.entry_id === r.id).map((s) => s.subject_id) })),
    total: Number(count.n),
  };
}
