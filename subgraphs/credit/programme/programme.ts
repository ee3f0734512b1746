/**
 * The credit office's figures of `ProgrammeMetrics` (keyed by the canonical filter), answered from
 * the roll-ups (rollups.ts). Each group of figures is read only when a field of it is asked: the
 * dashboard's per-district aliases ask for list entries alone and read one roll-up.
 */
import { sql, type Kysely } from "kysely";
import { type MetricsFilter, parseMetricsKey } from "../../../shared/metrics-filter.js";
import { todayInChina } from "../../../shared/scalars.js";
import type { CreditContext } from "../context.js";
import type { CreditDB } from "../db.js";
import { daysBetween, type Filed, groupBy, listCounts, noticeCounts, repairGroup, repairsAfterReminder, reportFigures } from "./programme-tables.js";
import { CreditProgrammeMetrics } from "./programme.type.js";

export { CreditProgrammeMetrics };

async function codes(db: Kysely<CreditDB>, f: MetricsFilter, end: string) {
  const inPeriod = sql<number>`case when day >= ${f.from ?? ""} and day <= ${f.to ?? "9999"} then registered else 0 end`;
  let q = db.selectFrom("programme_codes");
  if (f.district) q = q.where("district", "=", f.district);
  const row = await q
    .select([
      sql<number>`sum(${inPeriod})`.as("registered"),
      sql<number>`sum(active)`.as("active"),
      sql<number>`sum(case when kind = 'PERSON' and day <= ${end} then in_force else 0 end)`.as("persons"),
    ])
    .executeTakeFirst();
  return {
    codeRegistrations: Number(row?.registered ?? 0),
    activeCodeRegistrations: Number(row?.active ?? 0),
    registeredPersons: Number(row?.persons ?? 0),
  };
}

/** Repairs approved in the period (and standing), of every subject and of market subjects. */
async function decisions(db: Kysely<CreditDB>, f: MetricsFilter, end: string) {
  let q = db
    .selectFrom("programme_repairs")
    .select([sql<number>`sum(n)`.as("completed"), sql<number>`sum(case when market = '1' then n else 0 end)`.as("market")])
    .where("status", "=", "APPROVED")
    .where("decided_on", "<>", "")
    .where("decided_on", "<=", end);
  if (f.district) q = q.where("district", "=", f.district);
  if (f.from) q = q.where("decided_on", ">=", f.from);
  const row = await q.executeTakeFirst();
  return { creditRepairsCompleted: Number(row?.completed ?? 0), marketSubjectRepairs: Number(row?.market ?? 0) };
}

/** Applications filed in the period: their outcomes and days to a decision, in all, by department, by month. */
async function applications(db: Kysely<CreditDB>, f: MetricsFilter) {
  let q = db
    .selectFrom("programme_repairs")
    .select(["department", "applied_on", "decided_on", "status", (eb) => eb.fn.sum<number>("n").as("n")])
    .groupBy(["department", "applied_on", "decided_on", "status"]);
  if (f.district) q = q.where("district", "=", f.district);
  if (f.from) q = q.where("applied_on", ">=", f.from);
  if (f.to) q = q.where("applied_on", "<=", f.to);
  // A row an update emptied stays at 0: it is no application.
  const filed: Filed[] = (await q.execute())
    .map((r) => ({ ...r, n: Number(r.n), days: r.decided_on ? daysBetween(r.applied_on, r.decided_on) : null }))
    .filter((r) => r.n !== 0);
  return {
    repairApplications: repairGroup("all", filed),
    repairsByDepartment: groupBy(filed, (x) => x.department),
    repairsByMonth: groupBy(filed, (x) => x.applied_on.slice(0, 7)),
  };
}

async function reports(db: Kysely<CreditDB>, f: MetricsFilter) {
  let q = db.selectFrom("programme_reports").select(["day", "purpose", "reports", "departments"]);
  if (f.district) q = q.where("district", "=", f.district);
  if (f.from) q = q.where("day", ">=", f.from);
  if (f.to) q = q.where("day", "<=", f.to);
  return reportFigures(await q.execute());
}

async function lists(db: Kysely<CreditDB>, f: MetricsFilter, end: string) {
  let q = db
    .selectFrom("programme_lists")
    .select(["list", "color", (eb) => eb.fn.sum<number>("entries").as("entries")])
    .where("day", "<=", end)
    .groupBy(["list", "color"]);
  if (f.district) q = q.where("district", "=", f.district);
  return listCounts((await q.execute()).map((r) => ({ list: r.list, color: r.color, entries: Number(r.entries) })));
}

async function notices(db: Kysely<CreditDB>, f: MetricsFilter) {
  let q = db
    .selectFrom("programme_notices")
    .select(["kind", "status", (eb) => eb.fn.sum<number>("notices").as("n")])
    .groupBy(["kind", "status"]);
  if (f.district) q = q.where("district", "=", f.district);
  if (f.from) q = q.where("day", ">=", f.from);
  if (f.to) q = q.where("day", "<=", f.to);
  return noticeCounts((await q.execute()).map((r) => ({ kind: r.kind, status: r.status, n: Number(r.n) })));
}

/** A loader run once, on first use. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

type Figures = Omit<CreditProgrammeMetrics, "id">;
type Loader<F extends keyof Figures> = { fields: F[]; load(db: Kysely<CreditDB>, f: MetricsFilter, end: string): Promise<Pick<Figures, F>> };
const loader = <F extends keyof Figures>(fields: F[], load: Loader<F>["load"]): Loader<F> => ({ fields, load });

/** The figures by the roll-up each reads: a group is read once, when one of its fields is asked. */
const GROUPS = [
  loader(["codeRegistrations", "activeCodeRegistrations", "registeredPersons"], codes),
  loader(["creditRepairsCompleted", "marketSubjectRepairs"], decisions),
  loader(["repairApplications", "repairsByDepartment", "repairsByMonth"], (db, f) => applications(db, f)),
  loader(
    ["reportsIssued", "certificatesReplaced", "domainCertificatesReplaced", "certificatesPerReport", "reportsByYear", "reportsByPurpose", "reportsByMonth"],
    (db, f) => reports(db, f),
  ),
  loader(["listEntries"], async (db, f, end) => ({ listEntries: await lists(db, f, end) })),
  loader(["noticesByKind"], async (db, f) => ({ noticesByKind: await notices(db, f) })),
  loader(["repairsAfterReminder"], async (db, f) => ({ repairsAfterReminder: await repairsAfterReminder(db, f) })),
];

/**
 * The figures from the roll-ups for a filter key: getters, each group read when one of its fields
 * is resolved (a spread or a copy of the object would read them all).
 */
export function figuresFromRollups(db: Kysely<CreditDB>, id: string): Record<string, unknown> {
  const f = parseMetricsKey(id);
  const end = f.to ?? todayInChina();
  const figures: Record<string, unknown> = { id };
  for (const group of GROUPS) {
    const load = once<Record<string, unknown>>(() => group.load(db, f, end));
    for (const field of group.fields) Object.defineProperty(figures, field, { enumerable: true, get: () => load().then((x) => x[field]) });
  }
  return figures;
}

/** `ProgrammeMetrics` references: the key is the filter. */
export function resolveProgrammeMetricsReference(reference: { id: string }, ctx: CreditContext): Record<string, unknown> {
  return figuresFromRollups(ctx.db, reference.id);
}
