/**
 * The credit office's figures of the 信易+ programme metrics (entity `ProgrammeMetrics`, keyed by
 * the canonical filter; the incentives subgraph owns the root field and the ledger's figures).
 * Counted for the filter's district and period; the scenario does not apply to them.
 */
import { sql, type Kysely } from "kysely";
import { Directive, Field, Float, Int, ObjectType } from "type-graphql";
import { type MetricsFilter, parseMetricsKey } from "../../../shared/metrics-filter.js";
import { todayInChina } from "../../../shared/scalars.js";
import { requiresAnyScope, Scopes } from "../../../shared/scopes.js";
import type { CreditContext } from "../context.js";
import { CreditList, ListColor } from "../directory/credit-record.type.js";
import type { CreditDB } from "../db.js";
import { activeCertificationRules } from "../reports/certification-rules.js";
import { countReports } from "../reports/report.repo.js";

const METRICS = requiresAnyScope(Scopes.METRICS_READ, Scopes.ADMIN);

@ObjectType({ description: "List entries of one list in force at the end of the period." })
export class ListCount {
  @Field(() => CreditList, { description: "The list." })
  list!: CreditList;

  @Field(() => ListColor, { description: "Red or black." })
  color!: ListColor;

  @Field(() => Int, { description: "Entries in force on the period's last day (today without `to`)." })
  entries!: number;
}

@ObjectType({ description: "Special credit reports of one group (a purpose, a month)." })
export class ReportGroup {
  @Field(() => String, { description: "The group: the purpose as stated, or the month (YYYY-MM)." })
  key!: string;

  @Field(() => Int, { description: "Reports issued." })
  reports!: number;

  @Field(() => Int, {
    description: "Certificates of no violation they replaced, one per department each covers.",
    deprecationReason: "Counted one per department; the article counts one per 信用代证 domain: use domainCertificates.",
  })
  certificates!: number;

  @Field(() => Int, {
    description:
      "Certificates of no violation they replaced, counted as the 2024 article counts them: one per domain of Zhejiang's 信用代证 list for each report (certificatesPerReport, 40; the certification rules give the source).",
  })
  domainCertificates!: number;
}

@ObjectType({ description: "Credit repair applications of one group (a department, a month of application)." })
export class RepairGroup {
  @Field(() => String, { description: "The group: department, or month (YYYY-MM) of application." })
  key!: string;

  @Field(() => Int, { description: "Applications filed." })
  applications!: number;

  @Field(() => Int, { description: "Approved (the record repaired)." })
  approvals!: number;

  @Field(() => Int, { description: "Rejected." })
  rejections!: number;

  @Field(() => Int, { description: "Reinstated after a broken repair commitment." })
  reinstatements!: number;

  @Field(() => Float, { nullable: true, description: "Median days from application to decision, of the decided ones; null when none." })
  medianDaysToDecision!: number | null;
}

@Directive('@key(fields: "id")')
@ObjectType("ProgrammeMetrics", {
  description: "信易+ programme metrics: the credit office's figures (nullable: a credit outage leaves the ledger's figures standing).",
})
export class CreditProgrammeMetrics {
  @Field(() => String, { description: "The filter in canonical form (district|from|to|scenario, * for any)." })
  id!: string;

  @Directive(METRICS)
  @Field(() => Int, { nullable: true, description: "个人诚信码 registrations made in the period (revoked ones included), persons of the district." })
  codeRegistrations!: number;

  @Directive(METRICS)
  @Field(() => Int, { nullable: true, description: "Persons of the district holding an active 个人诚信码 registration now." })
  activeCodeRegistrations!: number;

  @Directive(METRICS)
  @Field(() => Int, {
    nullable: true,
    description:
      "注册用户 as the 2024 article counts them (现有注册用户30余万人: registrations standing, not all ever made): persons of the district holding a 个人诚信码 registration in force on the period's last day (registered by then and not revoked by then; today without `to`); the period's start does not apply.",
  })
  registeredPersons!: number;

  @Directive(METRICS)
  @Field(() => Int, {
    nullable: true,
    description:
      "信用修复 as the 2024 article counts them (服务市场主体完成信用修复7000余条): repairs approved and standing (not reinstated) in the period for market subjects — organisations the market regulator registers: enterprises, individual businesses, farmers' cooperatives (统一社会信用代码 91/92/93; our reading of 市场主体).",
  })
  marketSubjectRepairs!: number;

  @Directive(METRICS)
  @Field(() => Int, {
    nullable: true,
    description:
      "信用修复 completed: repair applications approved in the period, of every subject (the article's 7000余条 counts market subjects': marketSubjectRepairs).",
  })
  creditRepairsCompleted!: number;

  @Directive(METRICS)
  @Field(() => RepairGroup, {
    nullable: true,
    description: "信用修复 applications filed in the period (key: all), their outcomes and the median days to a decision.",
  })
  repairApplications!: RepairGroup;

  @Directive(METRICS)
  @Field(() => [RepairGroup], { nullable: true, description: "Repair applications by the record's department." })
  repairsByDepartment!: RepairGroup[];

  @Directive(METRICS)
  @Field(() => [RepairGroup], { nullable: true, description: "Repair applications by month of application, oldest first." })
  repairsByMonth!: RepairGroup[];

  @Directive(METRICS)
  @Field(() => Int, { nullable: true, description: "专项信用报告 issued in the period for organisations of the district (article: 400+)." })
  reportsIssued!: number;

  @Directive(METRICS)
  @Field(() => Int, {
    nullable: true,
    description: "Certificates of no violation those reports replaced: one per department each covers.",
    deprecationReason: "Counted one per department; the article (400余份 … 16000份) counts one per 信用代证 domain: use domainCertificatesReplaced.",
  })
  certificatesReplaced!: number;

  @Directive(METRICS)
  @Field(() => Int, {
    nullable: true,
    description:
      "Certificates of no violation those reports replaced, counted as the 2024 article counts them (2023年400余份报告替代16000份证明): reports × certificatesPerReport — one per domain of Zhejiang's 信用代证 list, whatever departments the report reads.",
  })
  domainCertificatesReplaced!: number;

  @Directive(METRICS)
  @Field(() => Int, {
    nullable: true,
    description:
      "Domains whose certificate of no violation one report replaces: 40, from the certification rules (Zhejiang 信用代证 2023, domain.md §9; the number, not the list).",
  })
  certificatesPerReport!: number;

  @Directive(METRICS)
  @Field(() => [ReportGroup], {
    nullable: true,
    description: "Special credit reports by calendar year of issue (key YYYY), oldest first: the article gives its figure for one year (2023).",
  })
  reportsByYear!: ReportGroup[];

  @Directive(METRICS)
  @Field(() => [ReportGroup], { nullable: true, description: "Special credit reports by purpose." })
  reportsByPurpose!: ReportGroup[];

  @Directive(METRICS)
  @Field(() => [ReportGroup], { nullable: true, description: "Special credit reports by month of issue, oldest first." })
  reportsByMonth!: ReportGroup[];

  @Directive(METRICS)
  @Field(() => [ListCount], { nullable: true, description: "Red and black list entries in force at the end of the period, by list." })
  listEntries!: ListCount[];
}

type Filed = { department: string; applied_on: string; decided_on: string | null; status: string };

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** A group's counts; a reinstated application (or one being reinstated) was approved first, so it counts as an approval too. */
function repairGroup(key: string, rows: Filed[]): RepairGroup {
  const decided = rows
    .filter((x) => x.decided_on)
    .map((x) => days(x.applied_on, x.decided_on!))
    .sort((m, n) => m - n);
  const mid = decided.length >> 1;
  return {
    key,
    applications: rows.length,
    approvals: rows.filter((x) => x.status === "APPROVED" || x.status === "REINSTATING" || x.status === "REINSTATED").length,
    rejections: rows.filter((x) => x.status === "REJECTED").length,
    reinstatements: rows.filter((x) => x.status === "REINSTATED").length,
    medianDaysToDecision: decided.length === 0 ? null : decided.length % 2 ? decided[mid] : (decided[mid - 1] + decided[mid]) / 2,
  };
}

const groupBy = (rows: Filed[], keyOf: (x: Filed) => string): RepairGroup[] =>
  [...new Set(rows.map(keyOf))].sort().map((key) =>
    repairGroup(
      key,
      rows.filter((x) => keyOf(x) === key),
    ),
  );

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

/** The organisations the market regulator registers (统一社会信用代码 91, 92, 93: domain.md §6): our reading of 市场主体. */
export const MARKET_SUBJECT_TYPES = ["ENTERPRISE", "INDIVIDUAL_BUSINESS", "FARMERS_COOPERATIVE"] as const;

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

async function countFigures(db: Kysely<CreditDB>, f: MetricsFilter): Promise<Omit<CreditProgrammeMetrics, "id">> {
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
  const [r, a, p, l, reports, filed, held, market] = await Promise.all([
    registrations.executeTakeFirst(),
    active.executeTakeFirst(),
    repairs.executeTakeFirst(),
    lists.execute(),
    countReports(db, f, activeCertificationRules().certificates.domainsPerReport),
    applications.execute(),
    registeredPersons(db, f.district, end),
    marketSubjectRepairs(db, f, end),
  ]);
  return {
    codeRegistrations: Number(r?.n ?? 0),
    activeCodeRegistrations: Number(a?.n ?? 0),
    registeredPersons: held,
    marketSubjectRepairs: market,
    creditRepairsCompleted: Number(p?.n ?? 0),
    repairApplications: repairGroup("all", filed),
    repairsByDepartment: groupBy(filed, (x) => x.department),
    repairsByMonth: groupBy(filed, (x) => x.applied_on.slice(0, 7)),
    reportsIssued: reports.total.reports,
    certificatesReplaced: reports.total.certificates,
    domainCertificatesReplaced: reports.total.domainCertificates,
    certificatesPerReport: activeCertificationRules().certificates.domainsPerReport,
    reportsByYear: reports.byYear,
    reportsByPurpose: reports.byPurpose,
    reportsByMonth: reports.byMonth,
    listEntries: l.map((e) => ({ list: e.list, color: e.list_color, entries: Number(e.n) })).sort((x, y) => x.list.localeCompare(y.list)),
  };
}

/** `ProgrammeMetrics` references: the key is the filter. */
export async function resolveProgrammeMetricsReference(reference: { id: string }, ctx: CreditContext): Promise<CreditProgrammeMetrics> {
  return { id: reference.id, ...(await countFigures(ctx.db, parseMetricsKey(reference.id))) };
}
