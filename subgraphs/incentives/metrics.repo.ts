/**
 * The programme metrics of the ledger: every figure nets reversals (sign −1) out. `countProgramme`
 * answers from the roll-ups (ledger-rollups.ts); `countProgrammeFromLedger` counts the raw ledger
 * and is the reference they must equal (tests/programme/rollups.test.ts).
 */
import { type RawBuilder, sql, type Kysely } from "kysely";
import { HUZHOU_DISTRICTS } from "../../shared/divisions.js";
import type { MetricsFilter } from "../../shared/metrics-filter.js";
import { fenToYuan } from "../../shared/money.js";
import { addDays } from "../../shared/scalars.js";
import { SCENARIO_CODES } from "./catalogue.js";
import type { IncentivesDB } from "./db.js";
import type { LedgerRollupRow } from "./ledger-rollups.js";
import type { ProgrammeMetrics, UseCount } from "./programme.type.js";

/**
 * The 个人诚信码 and its 信易+ scenarios went live in 2021-03 (seed 003: "2021年3月，湖州市在全国首创并正式
 * 上线…个人诚信码"): the article's 普惠人次 and 减免费用 count from then, and so do ours beside them.
 */
export const PROGRAMME_START = "2021-03-01";

/** A group's uses and fen (before yuan). */
type Group = { key: string; uses: number; fen: number };

/** What both counts find, before the figures are made of it. */
interface Parts {
  /** Summed USE signs, USE fen by offer kind, ISSUE signs of coupons. */
  uses: number;
  fen: Record<string, number>;
  kindUses: Record<string, number>;
  couponsIssued: number;
  personUses: number;
  personFen: Record<string, number>;
  beneficiaries: number;
  scenarios: Group[];
  districts: Group[];
  months: Group[];
  offers: Group[];
}

function figures(p: Parts): Omit<ProgrammeMetrics, "id"> {
  const fen = (kind: string, of = p.fen) => of[kind] ?? 0;
  const yuan = (groups: Group[]): UseCount[] => groups.map((g) => ({ key: g.key, uses: g.uses, amount: fenToYuan(g.fen) }));
  const complete = (keys: readonly string[], counts: UseCount[]) => keys.map((key) => counts.find((c) => c.key === key) ?? { key, uses: 0, amount: 0 });
  return {
    benefitUses: p.uses,
    beneficiaries: p.beneficiaries,
    amountWaived: fenToYuan(fen("DISCOUNT") + fen("COUPON") + fen("DEPOSIT_WAIVER")),
    depositsWaived: fenToYuan(fen("DEPOSIT_WAIVER")),
    personBenefitUses: p.personUses,
    personFeesWaived: fenToYuan(fen("DISCOUNT", p.personFen) + fen("COUPON", p.personFen)),
    couponsIssued: p.couponsIssued,
    couponsUsed: p.kindUses.COUPON ?? 0,
    couponValue: fenToYuan(fen("COUPON")),
    loansGranted: p.kindUses.LOAN ?? 0,
    loanAmount: fenToYuan(fen("LOAN")),
    byScenario: complete(SCENARIO_CODES, yuan(p.scenarios)),
    byDistrict: complete(
      HUZHOU_DISTRICTS.map((d) => d.key),
      yuan(p.districts),
    ),
    byMonth: yuan(p.months.filter((m) => m.uses !== 0 || m.fen !== 0)).sort((a, b) => a.key.localeCompare(b.key)),
    topOffers: yuan(p.offers.filter((o) => o.uses > 0))
      .sort((a, b) => b.uses - a.uses || a.key.localeCompare(b.key))
      .slice(0, 10),
  };
}

const n = (v: unknown) => Number(v ?? 0);

// ── The reference: the raw ledger ──────────────────────────────────────────────────────────────

function ledger(db: Kysely<IncentivesDB>, f: MetricsFilter) {
  let query = db.selectFrom("redemptions");
  if (f.district) query = query.where("district", "=", f.district);
  if (f.from) query = query.where("redeemed_on", ">=", f.from);
  if (f.to) query = query.where("redeemed_on", "<=", f.to);
  if (f.scenario) query = query.where("scenario", "=", f.scenario);
  return query;
}

const KINDS = ["DISCOUNT", "COUPON", "DEPOSIT_WAIVER", "LOAN"] as const;
const uses = sql<number>`sum(case when action = 'USE' then sign else 0 end)`;
const useFen = sql<number>`sum(case when action = 'USE' then amount_fen else 0 end)`;
const kindUses = (kind: string) => sql<number>`sum(case when action = 'USE' and offer_kind = ${kind} then sign else 0 end)`;
const kindFen = (kind: string) => sql<number>`sum(case when action = 'USE' and offer_kind = ${kind} then amount_fen else 0 end)`;

/** The metrics counted from the raw ledger (~7 statements over every entry in the filter): the roll-ups' reference. */
export async function countProgrammeFromLedger(db: Kysely<IncentivesDB>, f: MetricsFilter): Promise<Omit<ProgrammeMetrics, "id">> {
  const group = async (column: "scenario" | "district" | "offer_id" | "month"): Promise<Group[]> => {
    const key = column === "month" ? sql<string>`substr(redeemed_on, 1, 7)` : sql<string>`${sql.ref(column)}`;
    const rows = await ledger(db, f)
      .select([key.as("key"), uses.as("uses"), useFen.as("fen")])
      .groupBy(key)
      .execute();
    return rows.map((r) => ({ key: String(r.key), uses: n(r.uses), fen: n(r.fen) }));
  };
  const persons = ledger(db, { ...f, from: f.from && f.from > PROGRAMME_START ? f.from : PROGRAMME_START }).where("subject_kind", "=", "PERSON");
  const [totals, person, beneficiaries, scenarios, districts, months, offers] = await Promise.all([
    ledger(db, f)
      .select([uses.as("uses"), sql<number>`sum(case when action = 'ISSUE' and offer_kind = 'COUPON' then sign else 0 end)`.as("couponsIssued")])
      .select(KINDS.map((k) => kindFen(k).as(`fen_${k}`)))
      .select(KINDS.map((k) => kindUses(k).as(`uses_${k}`)))
      .executeTakeFirst(),
    persons.select([uses.as("uses"), kindFen("DISCOUNT").as("DISCOUNT"), kindFen("COUPON").as("COUPON")]).executeTakeFirst(),
    // A use counts for its subject unless a reversal corrects it.
    ledger(db, f)
      .select((eb) => eb.fn.count<number>("subject_id").distinct().as("n"))
      .where("action", "=", "USE")
      .where("sign", "=", 1)
      .where((eb) => eb.not(eb.exists(eb.selectFrom("redemptions as r").select("r.id").whereRef("r.reverses", "=", "redemptions.id"))))
      .executeTakeFirst(),
    group("scenario"),
    group("district"),
    group("month"),
    group("offer_id"),
  ]);
  const t: Record<string, unknown> = totals ?? {};
  return figures({
    uses: n(t.uses),
    fen: Object.fromEntries(KINDS.map((k) => [k, n(t[`fen_${k}`])])),
    kindUses: Object.fromEntries(KINDS.map((k) => [k, n(t[`uses_${k}`])])),
    couponsIssued: n(t.couponsIssued),
    personUses: n(person?.uses),
    personFen: { DISCOUNT: n(person?.DISCOUNT), COUPON: n(person?.COUPON) },
    beneficiaries: n(beneficiaries?.n),
    scenarios,
    districts,
    months,
    offers,
  });
}

// ── The roll-ups ───────────────────────────────────────────────────────────────────────────────

const monthEnd = (day: string) => addDays(`${shiftMonth(day.slice(0, 7), 1)}-01`, -1);
function shiftMonth(month: string, by: number): string {
  const m = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${String(Math.floor(m / 12)).padStart(4, "0")}-${String((m % 12) + 1).padStart(2, "0")}`;
}

/** A period as whole months (read by month; either end open) and the days of its partial months. */
export function splitPeriod(from?: string, to?: string): { months?: { from?: string; to?: string }; days: { from: string; to: string }[] } {
  const days: { from: string; to: string }[] = [];
  let first = from?.slice(0, 7);
  let last = to?.slice(0, 7);
  if (from && !from.endsWith("-01")) {
    const end = monthEnd(from);
    days.push({ from, to: to && to < end ? to : end });
    first = shiftMonth(from.slice(0, 7), 1);
  }
  if (to && to !== monthEnd(to)) {
    const start = from && from > `${to.slice(0, 7)}-01` ? from : `${to.slice(0, 7)}-01`;
    if (!days[0] || start > days[0].to) days.push({ from: start, to });
    last = shiftMonth(to.slice(0, 7), -1);
  }
  return { months: first && last && first > last ? undefined : { from: first, to: last }, days };
}

type RollupRow = LedgerRollupRow & { month: string };

const COLUMNS = sql.raw("district, scenario, offer_id, offer_kind, subject_kind, uses, use_fen, issues");
const all = (conditions: RawBuilder<unknown>[]) => sql.join([sql`1 = 1`, ...conditions], sql` AND `);

/** Adds `fen` and `uses` to the group `key` of `groups`. */
function add(groups: Map<string, Group>, key: string, uses: number, fen: number): void {
  const g = groups.get(key) ?? { key, uses: 0, fen: 0 };
  g.uses += uses;
  g.fen += fen;
  groups.set(key, g);
}

/** The metrics from the roll-ups: whole months and partial days, a few thousand rows at most, whatever the ledger's size. */
export async function countProgramme(db: Kysely<IncentivesDB>, f: MetricsFilter): Promise<Omit<ProgrammeMetrics, "id">> {
  const span = splitPeriod(f.from, f.to);
  const common: RawBuilder<unknown>[] = [];
  if (f.district) common.push(sql`district = ${f.district}`);
  if (f.scenario) common.push(sql`scenario = ${f.scenario}`);
  const reads: Promise<{ rows: RollupRow[] }>[] = span.days.map((d) =>
    sql<RollupRow>`SELECT substr(day, 1, 7) AS month, ${COLUMNS} FROM ledger_days WHERE ${all([...common, sql`day >= ${d.from}`, sql`day <= ${d.to}`])}`.execute(
      db,
    ),
  );
  if (span.months) {
    const { from, to } = span.months;
    const months = [...common, ...(from ? [sql`month >= ${from}`] : []), ...(to ? [sql`month <= ${to}`] : [])];
    reads.push(sql<RollupRow>`SELECT month, ${COLUMNS} FROM ledger_months WHERE ${all(months)}`.execute(db));
  }
  const days = [...common, ...(f.from ? [sql`day >= ${f.from}`] : []), ...(f.to ? [sql`day <= ${f.to}`] : [])];
  const [beneficiaries, ...parts] = await Promise.all([
    sql<{ n: number }>`SELECT count(DISTINCT subject_id) AS n FROM ledger_beneficiaries WHERE ${all([...days, sql`uses > 0`])}`.execute(db),
    ...reads,
  ]);
  const [scenarios, districts, months, offers] = [new Map<string, Group>(), new Map<string, Group>(), new Map<string, Group>(), new Map<string, Group>()];
  const p: Omit<Parts, "beneficiaries" | "scenarios" | "districts" | "months" | "offers"> = {
    uses: 0,
    fen: {},
    kindUses: {},
    couponsIssued: 0,
    personUses: 0,
    personFen: {},
  };
  const programmeMonth = PROGRAMME_START.slice(0, 7);
  for (const r of parts.flatMap((part) => part.rows)) {
    const [uses, fen, kind] = [n(r.uses), n(r.use_fen), r.offer_kind];
    p.uses += uses;
    p.fen[kind] = (p.fen[kind] ?? 0) + fen;
    p.kindUses[kind] = (p.kindUses[kind] ?? 0) + uses;
    if (kind === "COUPON") p.couponsIssued += n(r.issues);
    // PROGRAMME_START is a month's first day: the month says whether a row counts for persons.
    if (r.subject_kind === "PERSON" && r.month >= programmeMonth) {
      p.personUses += uses;
      p.personFen[kind] = (p.personFen[kind] ?? 0) + fen;
    }
    add(scenarios, r.scenario, uses, fen);
    add(districts, r.district, uses, fen);
    add(months, r.month, uses, fen);
    add(offers, r.offer_id, uses, fen);
  }
  const values = (m: Map<string, Group>) => [...m.values()];
  return figures({
    ...p,
    beneficiaries: n(beneficiaries.rows[0]?.n),
    scenarios: values(scenarios),
    districts: values(districts),
    months: values(months),
    offers: values(offers),
  });
}
