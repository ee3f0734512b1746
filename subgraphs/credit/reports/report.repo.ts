/** Special credit reports: append and read (the dashboard counts them from its roll-ups). Nothing updates or deletes. */
import { type Kysely, SqliteAdapter, sql } from "kysely";
import type { CreditDB, CreditReportRow } from "../db.js";

/** The reports `issuer` issued since `since` (an ISO time). */
export async function reportsIssuedSince(db: Kysely<CreditDB>, issuer: string, since: string): Promise<number> {
  const row = await db
    .selectFrom("credit_reports")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("issuer", "=", issuer)
    .where("issued_at", ">=", since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Stores a report unless its issuer already issued `limit` in the hour before it: counted again
 * in the insert's transaction (the first count, before the departments are read, can be passed
 * by reports issued meanwhile). False when over the limit.
 */
export async function insertReport(db: Kysely<CreditDB>, row: CreditReportRow, limit: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // PostgreSQL's READ COMMITTED lets concurrent transactions all count below the limit: one
    // issuer's inserts take turns (SQLite's single writer already does).
    if (!(trx.getExecutor().adapter instanceof SqliteAdapter)) await sql`select pg_advisory_xact_lock(hashtext(${`report-issuer:${row.issuer}`}))`.execute(trx);
    if ((await reportsIssuedSince(trx, row.issuer, hourBefore(row.issued_at))) >= limit) return false;
    await trx.insertInto("credit_reports").values(row).execute();
    return true;
  });
}

/** The ISO time an hour before `at`. */
export const hourBefore = (at: string): string => new Date(Date.parse(at) - 3_600_000).toISOString();

export function findReport(db: Kysely<CreditDB>, number: string) {
  return db.selectFrom("credit_reports").selectAll().where("number", "=", number).executeTakeFirst();
}

/** Where a page of reports starts: after the report issued at `issuedAt` with `number` (newest first). */
export type ReportPosition = [issuedAt: string, number: string];

/**
 * A page of reports, newest first (issue time, then number), optionally of one subject: their
 * facts without the PDF or content (limit + 1 rows: one more says another page follows), and how
 * many match over all pages.
 */
export async function listReports(db: Kysely<CreditDB>, q: { subjectId?: string; after?: ReportPosition; limit: number }) {
  let query = db.selectFrom("credit_reports");
  if (q.subjectId) query = query.where("subject_id", "=", q.subjectId);
  const after = q.after;
  const page = after
    ? query.where((eb) => eb.or([eb("issued_at", "<", after[0]), eb.and([eb("issued_at", "=", after[0]), eb("number", "<", after[1])])]))
    : query;
  const [rows, count] = await Promise.all([
    page
      .select(["number", "subject_id", "subject_name", "issued_at", "period_from", "period_to", "purpose", "issuer", "departments", "pdf_sha256"])
      .orderBy("issued_at", "desc")
      .orderBy("number", "desc")
      .limit(q.limit + 1)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
