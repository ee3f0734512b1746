/**
 * The credit office's programme figures counted from its tables (~12 statements over every row
 * in the filter): the reference the roll-ups (rollups.ts, programme.ts) must equal
 * (tests/programme/rollups.test.ts), and the arithmetic both share (repair groups, their medians).
 */
import { sql, type Kysely } from "kysely";
import type { MetricsFilter } from "../../../shared/metrics-filter.js";
import { addDays, todayInChina } from "../../../shared/scalars.js";
import type { CreditDB } from "../db.js";
import { activeNoticeRules } from "../notices/notice-rules.js";
import type { NoticeStatus } from "../notices/notice.type.js";
import { activeCertificationRules } from "../reports/certification-rules.js";
import type { CreditProgrammeMetrics, ListCount, NoticeCount, RepairGroup, ReportGroup } from "./programme.type.js";

/** Applications of one department, day and status, with their days to a decision (null: undecided), `n` of them. */
export type Filed = { department: string; applied_on: string; status: string; days: number | null; n: number };

export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** The median of `n`-weighted values, or null without any. */
function median(values: { value: number; n: number }[]): number | null {
  const sorted = [...values].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((s, v) => s + v.n, 0);
  const at = (i: number) => {
    let seen = 0;
    for (const v of sorted) {
      seen += v.n;
      if (seen > i) return v.value;
    }
    return Number.NaN;
  };
  if (total === 0) return null;
  const mid = total >> 1;
  return total % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

const count = (rows: Filed[], keep: (x: Filed) => boolean) => rows.filter(keep).reduce((s, x) => s + x.n, 0);

/** A group's counts; a reinstated application (or one being reinstated) was approved first, so it counts as an approval too. */
export function repairGroup(key: string, rows: Filed[]): RepairGroup {
  return {
    key,
    applications: count(rows, () => true),
    approvals: count(rows, (x) => x.status === "APPROVED" || x.status === "REINSTATING" || x.status === "REINSTATED"),
    rejections: count(rows, (x) => x.status === "REJECTED"),
    reinstatements: count(rows, (x) => x.status === "REINSTATED"),
    medianDaysToDecision: median(rows.flatMap((x) => (x.days === null ? [] : [{ value: x.days, n: x.n }]))),
  };
}

/** Groups of applications by a key, sorted by key (one pass over the rows). */
export function groupBy(rows: Filed[], keyOf: (x: Filed) => string): RepairGroup[] {
  const groups = new Map<string, Filed[]>();
  for (const x of rows) {
    const key = keyOf(x);
    const group = groups.get(key);
    if (group) group.push(x);
    else groups.set(key, [x]);
  }
  return [...groups.keys()].sort().map((key) => repairGroup(key, groups.get(key) ?? []));
}

/** The organisations the market regulator registers (统一社会信用代码 91, 92, 93: domain.md §6): our reading of 市场主体. */
export const MARKET_SUBJECT_TYPES = ["ENTERPRISE", "INDIVIDUAL_BUSINESS", "FARMERS_COOPERATIVE"] as const;

/** List counts in a stable order (list, then colour), those at zero left out. */
export const listCounts = (counts: ListCount[]): ListCount[] =>
  counts.filter((c) => c.entries !== 0).sort((x, y) => x.list.localeCompare(y.list) || x.color.localeCompare(y.color));

/** The report figures of reports (or groups of them) by day of issue and purpose. */
export function reportFigures(rows: { day: string; purpose: string; reports: number; departments: number }[]) {
  const perReport = activeCertificationRules().certificates.domainsPerReport;
  const grouped = (keyOf: (r: (typeof rows)[number]) => string): ReportGroup[] => {
    const groups = new Map<string, ReportGroup>();
    for (const r of rows) {
      const g = groups.get(keyOf(r)) ?? { key: keyOf(r), reports: 0, certificates: 0, domainCertificates: 0 };
      g.reports += Number(r.reports);
      g.certificates += Number(r.departments);
      g.domainCertificates = g.reports * perReport;
      groups.set(g.key, g);
    }
    return [...groups.values()].filter((g) => g.reports !== 0).sort((a, b) => a.key.localeCompare(b.key));
  };
  const total = grouped(() => "all")[0];
  return {
    reportsIssued: total?.reports ?? 0,
    certificatesReplaced: total?.certificates ?? 0,
    domainCertificatesReplaced: total?.domainCertificates ?? 0,
    certificatesPerReport: perReport,
    reportsByYear: grouped((r) => r.day.slice(0, 4)),
    reportsByPurpose: grouped((r) => r.purpose),
    reportsByMonth: grouped((r) => r.day.slice(0, 7)),
  };
}

/** A repair follows a 到期提醒 delivered on its application's day or up to this many days before. */
export const REMINDER_WINDOW_DAYS = 30;

/** The family of each notice kind in the rules in force. */
export const noticeFamilies = (): Map<string, string> => new Map(activeNoticeRules().kinds.map((k) => [k.kind, k.family]));

/** Notice counts by kind and outcome, sorted, each with its family. */
export const noticeCounts = (rows: { kind: string; status: NoticeStatus; n: number }[]): NoticeCount[] => {
  const families = noticeFamilies();
  return rows
    .filter((r) => r.n !== 0)
    .map((r) => ({ kind: r.kind, family: families.get(r.kind) ?? "UNKNOWN", outcome: r.status, notices: r.n }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.outcome.localeCompare(b.outcome));
};

/**
 * Repair applications filed in the period that followed a 到期提醒 about their record (see the
 * field's description). Bounded by the repairs in the period — thousands at city scale — each
 * probing the notices of its record by index (notices_record).
 */
export async function repairsAfterReminder(db: Kysely<CreditDB>, f: MetricsFilter): Promise<number> {
  const reminders = [...noticeFamilies()].filter(([, family]) => family === "到期提醒").map(([kind]) => kind);
  if (reminders.length === 0) return 0;
  let query = db.selectFrom("repairs as r").innerJoin("subjects as s", "s.id", "r.subject_id").select(["r.applied_on", "r.department", "r.record_id"]);
  if (f.district) query = query.where("s.district", "=", f.district);
  if (f.from) query = query.where("r.applied_on", ">=", f.from);
  if (f.to) query = query.where("r.applied_on", "<=", f.to);
  const filed = await query
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("notices as t")
          .select("t.id")
          .whereRef("t.department", "=", "r.department")
          .whereRef("t.record_id", "=", "r.record_id")
          .where("t.kind", "in", reminders)
          .where("t.status", "=", "DELIVERED"),
      ),
    )
    .execute();
  if (filed.length === 0) return 0;
  // The delivery day, checked here: portable date arithmetic in SQL is not worth it for so few rows.
  const delivered = await db
    .selectFrom("notices")
    .select(["department", "record_id", "delivered_at"])
    .where("kind", "in", reminders)
    .where("status", "=", "DELIVERED")
    .where("record_id", "in", [...new Set(filed.map((r) => r.record_id))])
    .execute();
  return filed.filter((r) =>
    delivered.some((d) => {
      const day = d.delivered_at?.slice(0, 10);
      return d.department === r.department && d.record_id === r.record_id && day && day <= r.applied_on && day >= addDays(r.applied_on, -REMINDER_WINDOW_DAYS);
    }),
  ).length;
}

const dayOf = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 10)`;

/** Persons of the district holding a registration in force on `day`: registered by then, not revoked by then. */
async function registeredPersons(db: Kysely<CreditDB>, district: MetricsFilter["district"], day: string): Promise<number> {
  let query = db
    .selectFrom("code_registrations as r")
    .innerJoin("subjects as s", "s.id", "r.subject_id")
    .select((eb) => eb.fn.count<number>("r.subject_id").distinct().as("n"))
    .where("s.kind", "=", "PERSON")
    .where(dayOf("r.registered_at"), "<=", day)
    .where((eb) => eb.or([eb("r.revoked_at", "is", null), eb(dayOf("r.revoked_at"), ">", day)]));
  if (district) query = query.where("s.district", "=", district);
  return Number((await query.executeTakeFirst())?.n ?? 0);
}

/** Repairs approved (and standing) in the period for market subjects of the district. */
async function marketSubjectRepairs(db: Kysely<CreditDB>, f: MetricsFilter, end: string): Promise<number> {
  let query = db
    .selectFrom("repairs as r")
    .innerJoin("subjects as s", "s.id", "r.subject_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("r.status", "=", "APPROVED")
    .where("r.decided_on", "<=", end)
    .where("s.kind", "=", "ORGANIZATION")
    .where("s.organization_type", "in", [...MARKET_SUBJECT_TYPES]);
  if (f.district) query = query.where("s.district", "=", f.district);
  if (f.from) query = query.where("r.decided_on", ">=", f.from);
  return Number((await query.executeTakeFirst())?.n ?? 0);
}

/** The figures counted from the credit office's tables: the roll-ups' reference. */
export async function countFiguresFromTables(db: Kysely<CreditDB>, f: MetricsFilter): Promise<Omit<CreditProgrammeMetrics, "id">> {
  const end = f.to ?? todayInChina();
  let registrations = db
    .selectFrom("code_registrations as r")
    .innerJoin("subjects as s", "s.id", "r.subject_id")
    .select((eb) => eb.fn.countAll<number>().as("n"));
  let active = db
    .selectFrom("code_registrations as r")
    .innerJoin("subjects as s", "s.id", "r.subject_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("r.status", "=", "ACTIVE");
  let repairs = db
    .selectFrom("repairs as r")
    .innerJoin("subjects as s", "s.id", "r.subject_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("r.status", "=", "APPROVED")
    .where("r.decided_on", "<=", end);
  let lists = db
    .selectFrom("list_entries as e")
    .innerJoin("subjects as s", "s.id", "e.subject_id")
    .select(["e.list", "e.list_color", (eb) => eb.fn.countAll<number>().as("n")])
    .where("e.status", "!=", "REMOVED")
    .where("e.listed_on", "<=", end)
    .where((eb) => eb.or([eb("e.expires_on", "is", null), eb("e.expires_on", ">", end)]))
    .groupBy(["e.list", "e.list_color"]);
  if (f.district) {
    registrations = registrations.where("s.district", "=", f.district);
    active = active.where("s.district", "=", f.district);
    repairs = repairs.where("s.district", "=", f.district);
    lists = lists.where("s.district", "=", f.district);
  }
  if (f.from) {
    registrations = registrations.where(dayOf("r.registered_at"), ">=", f.from);
    repairs = repairs.where("r.decided_on", ">=", f.from);
  }
  if (f.to) registrations = registrations.where(dayOf("r.registered_at"), "<=", f.to);
  let applications = db
    .selectFrom("repairs as r")
    .innerJoin("subjects as s", "s.id", "r.subject_id")
    .select(["r.department", "r.applied_on", "r.decided_on", "r.status"]);
  if (f.district) applications = applications.where("s.district", "=", f.district);
  if (f.from) applications = applications.where("r.applied_on", ">=", f.from);
  if (f.to) applications = applications.where("r.applied_on", "<=", f.to);
  let notices = db
    .selectFrom("notices as t")
    .innerJoin("subjects as s", "s.id", "t.subject_id")
    .select(["t.kind", "t.status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy(["t.kind", "t.status"]);
  if (f.district) notices = notices.where("s.district", "=", f.district);
  if (f.from) notices = notices.where(dayOf("t.created_at"), ">=", f.from);
  if (f.to) notices = notices.where(dayOf("t.created_at"), "<=", f.to);
  // Each report issued in the period, its subject of the district (issued_at is ISO: its first 10 characters are the day).
  let issued = db
    .selectFrom("credit_reports as c")
    .innerJoin("subjects as s", "s.id", "c.subject_id")
    .select([dayOf("c.issued_at").as("day"), "c.purpose", "c.departments"]);
  if (f.district) issued = issued.where("s.district", "=", f.district);
  if (f.from) issued = issued.where(dayOf("c.issued_at"), ">=", f.from);
  if (f.to) issued = issued.where(dayOf("c.issued_at"), "<=", f.to);
  const [r, a, p, l, reports, applied, held, market, sent, reminded] = await Promise.all([
    registrations.executeTakeFirst(),
    active.executeTakeFirst(),
    repairs.executeTakeFirst(),
    lists.execute(),
    issued.execute(),
    applications.execute(),
    registeredPersons(db, f.district, end),
    marketSubjectRepairs(db, f, end),
    notices.execute(),
    repairsAfterReminder(db, f),
  ]);
  const filed = applied.map((x) => ({ ...x, days: x.decided_on ? daysBetween(x.applied_on, x.decided_on) : null, n: 1 }));
  return {
    codeRegistrations: Number(r?.n ?? 0),
    activeCodeRegistrations: Number(a?.n ?? 0),
    registeredPersons: held,
    marketSubjectRepairs: market,
    creditRepairsCompleted: Number(p?.n ?? 0),
    repairApplications: repairGroup("all", filed),
    repairsByDepartment: groupBy(filed, (x) => x.department),
    repairsByMonth: groupBy(filed, (x) => x.applied_on.slice(0, 7)),
    ...reportFigures(reports.map((x) => ({ ...x, reports: 1 }))),
    listEntries: listCounts(l.map((e) => ({ list: e.list, color: e.list_color, entries: Number(e.n) }))),
    noticesByKind: noticeCounts(sent.map((x) => ({ kind: x.kind, status: x.status, n: Number(x.n) }))),
    repairsAfterReminder: reminded,
  };
}
