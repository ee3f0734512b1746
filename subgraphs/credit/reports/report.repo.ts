/** Special credit reports: append, read one, count for the dashboard. Nothing updates or deletes. */
import { type Kysely, type RawBuilder, SqliteAdapter, sql } from "kysely";
import type { MetricsFilter } from "../../../shared/metrics-filter.js";
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

export interface ReportCount {
  key: string;
  reports: number;
  /** One per department each report covers (deprecated in the API). */
  certificates: number;
  /** As the article counts them: reports × the domains one replaces (certification rules). */
  domainCertificates: number;
}

/**
 * Reports issued in the filter's period for organisations of its district, and the certificates
 * they replaced: in all, by purpose, by month (YYYY-MM of the issue time) and by year (YYYY).
 */
export async function countReports(
  db: Kysely<CreditDB>,
  f: MetricsFilter,
  domainsPerReport: number,
): Promise<{ total: ReportCount; byPurpose: ReportCount[]; byMonth: ReportCount[]; byYear: ReportCount[] }> {
  const grouped = async (key: RawBuilder<string>) => {
    let query = db
      .selectFrom("credit_reports as r")
      .innerJoin("subjects as s", "s.id", "r.subject_id")
      .select([key.as("key"), (eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.sum<number>("r.departments").as("certificates")])
      .groupBy(key);
    if (f.district) query = query.where("s.district", "=", f.district);
    if (f.from) query = query.where("r.issued_at", ">=", f.from);
    if (f.to) query = query.where("r.issued_at", "<", `${f.to}T99`);
    const rows = await query.execute();
    return rows
      .map((r) => ({ key: String(r.key), reports: Number(r.n), certificates: Number(r.certificates ?? 0), domainCertificates: Number(r.n) * domainsPerReport }))
      .sort((a, b) => a.key.localeCompare(b.key));
  };
  const [total, byPurpose, byMonth, byYear] = await Promise.all([
    grouped(sql<string>`'all'`),
    grouped(sql<string>`r.purpose`),
    grouped(sql<string>`substr(r.issued_at, 1, 7)`),
    grouped(sql<string>`substr(r.issued_at, 1, 4)`),
  ]);
  return { total: total[0] ?? { key: "all", reports: 0, certificates: 0, domainCertificates: 0 }, byPurpose, byMonth, byYear };
}
