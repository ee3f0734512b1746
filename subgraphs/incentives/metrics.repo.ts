/** The programme metrics, counted from the ledger: every figure nets reversals (sign −1) out. */
import { sql, type Kysely } from "kysely";
import { HUZHOU_DISTRICTS } from "../../shared/divisions.js";
import type { MetricsFilter } from "../../shared/metrics-filter.js";
import { fenToYuan } from "../../shared/money.js";
import { SCENARIO_CODES } from "./catalogue.js";
import type { IncentivesDB } from "./db.js";
import type { ProgrammeMetrics, UseCount } from "./programme.type.js";

function ledger(db: Kysely<IncentivesDB>, f: MetricsFilter) {
  let query = db.selectFrom("redemptions");
  if (f.district) query = query.where("district", "=", f.district);
  if (f.from) query = query.where("redeemed_on", ">=", f.from);
  if (f.to) query = query.where("redeemed_on", "<=", f.to);
  if (f.scenario) query = query.where("scenario", "=", f.scenario);
  return query;
}

/**
 * The 个人诚信码 and its 信易+ scenarios went live in 2021-03 (seed 003: "2021年3月，湖州市在全国首创并正式
 * 上线…个人诚信码"): the article's 普惠人次 and 减免费用 count from then, and so do ours beside them.
 */
export const PROGRAMME_START = "2021-03-01";

/** The ledger of persons since the programme started (or the filter's later `from`): the article's scope. */
function personsLedger(db: Kysely<IncentivesDB>, f: MetricsFilter) {
  return ledger(db, { ...f, from: f.from && f.from > PROGRAMME_START ? f.from : PROGRAMME_START }).where("subject_kind", "=", "PERSON");
}

const uses = sql<number>`sum(case when action = 'USE' then sign else 0 end)`;
const useFen = sql<number>`sum(case when action = 'USE' then amount_fen else 0 end)`;
const kindUses = (kind: string) => sql<number>`sum(case when action = 'USE' and offer_kind = ${kind} then sign else 0 end)`;
const kindFen = (kind: string) => sql<number>`sum(case when action = 'USE' and offer_kind = ${kind} then amount_fen else 0 end)`;

export async function countProgramme(db: Kysely<IncentivesDB>, f: MetricsFilter): Promise<Omit<ProgrammeMetrics, "id">> {
  const group = async (column: "scenario" | "district" | "offer_id" | "month"): Promise<UseCount[]> => {
    const key = column === "month" ? sql<string>`substr(redeemed_on, 1, 7)` : sql<string>`${sql.ref(column)}`;
    const rows = await ledger(db, f)
      .select([key.as("key"), uses.as("uses"), useFen.as("fen")])
      .groupBy(key)
      .execute();
    return rows.map((r) => ({ key: String(r.key), uses: Number(r.uses ?? 0), amount: fenToYuan(Number(r.fen ?? 0)) }));
  };
  const [totals, persons, beneficiaries, scenarios, districts, months, offers] = await Promise.all([
    ledger(db, f)
      .select([
        uses.as("uses"),
        kindFen("DISCOUNT").as("discountFen"),
        kindFen("COUPON").as("couponFen"),
        kindFen("DEPOSIT_WAIVER").as("depositFen"),
        sql<number>`sum(case when action = 'ISSUE' and offer_kind = 'COUPON' then sign else 0 end)`.as("couponsIssued"),
        kindUses("COUPON").as("couponsUsed"),
        kindUses("LOAN").as("loans"),
        kindFen("LOAN").as("loanFen"),
      ])
      .executeTakeFirst(),
    personsLedger(db, f)
      .select([uses.as("uses"), kindFen("DISCOUNT").as("discountFen"), kindFen("COUPON").as("couponFen")])
      .executeTakeFirst(),
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
  const n = (v: unknown) => Number(v ?? 0);
  const complete = (keys: readonly string[], counts: UseCount[]) => keys.map((key) => counts.find((c) => c.key === key) ?? { key, uses: 0, amount: 0 });
  return {
    benefitUses: n(totals?.uses),
    beneficiaries: n(beneficiaries?.n),
    amountWaived: fenToYuan(n(totals?.discountFen) + n(totals?.couponFen) + n(totals?.depositFen)),
    depositsWaived: fenToYuan(n(totals?.depositFen)),
    personBenefitUses: n(persons?.uses),
    personFeesWaived: fenToYuan(n(persons?.discountFen) + n(persons?.couponFen)),
    couponsIssued: n(totals?.couponsIssued),
    couponsUsed: n(totals?.couponsUsed),
    couponValue: fenToYuan(n(totals?.couponFen)),
    loansGranted: n(totals?.loans),
    loanAmount: fenToYuan(n(totals?.loanFen)),
    byScenario: complete(SCENARIO_CODES, scenarios),
    byDistrict: complete(
      HUZHOU_DISTRICTS.map((d) => d.key),
      districts,
    ),
    byMonth: months.filter((m) => m.uses !== 0 || m.amount !== 0).sort((a, b) => a.key.localeCompare(b.key)),
    topOffers: offers
      .filter((o) => o.uses > 0)
      .sort((a, b) => b.uses - a.uses || a.key.localeCompare(b.key))
      .slice(0, 10),
  };
}
