/** Special credit reports: append, read one, count for the dashboard. Nothing updates or deletes. */
import type { Kysely } from "kysely";
import type { MetricsFilter } from "../../shared/metrics-filter.js";
import type { CreditDB, CreditReportRow } from "./db.js";

export async function insertReport(db: Kysely<CreditDB>, row: CreditReportRow): Promise<void> {
  await db.insertInto("credit_reports").values(row).execute();
}

export function findReport(db: Kysely<CreditDB>, number: string) {
  return db.selectFrom("credit_reports").selectAll().where("number", "=", number).executeTakeFirst();
}

/** Reports issued in the filter's period for organisations of its district, and the certificates they replaced. */
export async function countReports(db: Kysely<CreditDB>, f: MetricsFilter): Promise<{ reports: number; certificates: number }> {
  let query = db
    .selectFrom("credit_reports as r")
    .innerJoin("subjects as s", "s.id", "r.subject_id")
    .select([(eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.sum<number>("r.departments").as("certificates")]);
  if (f.district) query = query.where("s.district", "=", f.district);
  if (f.from) query = query.where("r.issued_at", ">=", f.from);
  if (f.to) query = query.where("r.issued_at", "<", `${f.to}T99`);
  const row = await query.executeTakeFirst();
  return { reports: Number(row?.n ?? 0), certificates: Number(row?.certificates ?? 0) };
}
