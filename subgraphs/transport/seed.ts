/**
 * The transport bureau's synthetic records for one subject. 信易行 coupon uses are registered
 * persons' (shared/seeding/code-registration.ts, at the 2024 article's scale); records follow the
 * subject's latent risk: risky persons collect traffic violations, fare evasion and parking
 * arrears; logistics firms (物流运输) collect operating violations.
 */
import type { Insertable } from "kysely";
import type { Severity } from "../../shared/publicity.js";
import { demoCoupons } from "../../shared/seeding/code-registration.js";
import type { SyntheticSubject } from "../../shared/seeding/seeder.js";
import { addDays, createRng, type Rng } from "../../shared/seeding/random.js";
import { buildRecordRow, documentSerial, opaqueId, type RepairedRecord, recordSeeder, repairSometimes } from "../../shared/seeding/seeder.js";
import type { TransportCouponUseTable, TransportRecordTable } from "./db.js";
import { migrations } from "./migrations/index.js";

interface TransportRecords {
  records: Insertable<TransportRecordTable>[];
  couponUses: Insertable<TransportCouponUseTable>[];
  repaired: RepairedRecord[];
}

type Category = "TRAFFIC_VIOLATION" | "OPERATING_VIOLATION" | "FARE_EVASION" | "PARKING_ARREARS";

/** Per category: texts by severity and the amount range in yuan (fine, or the arrears). */
const KINDS: Record<
  Category,
  { general: readonly string[]; serious: readonly string[]; yuan: readonly [number, number]; seriousYuan: readonly [number, number]; amountShare: number }
> = {
  TRAFFIC_VIOLATION: {
    general: ["机动车违反道路交通信号灯通行", "驾驶机动车超过规定时速10%以上未达50%", "机动车违反禁止标线指示", "驾驶时拨打接听手持电话"],
    serious: ["醉酒驾驶机动车", "驾驶机动车超过规定时速50%以上", "交通肇事后逃逸"],
    yuan: [50, 2_000],
    seriousYuan: [1_000, 5_000],
    amountShare: 0.9,
  },
  OPERATING_VIOLATION: {
    general: ["未按规定携带道路运输证从事货物运输", "车辆未按规定进行年度审验继续营运", "道路运输车辆超限超载运输", "未取得道路运输经营许可擅自从事客运经营"],
    serious: ["多次非法从事道路客运经营，情节严重", "使用无道路运输证车辆从事危险货物运输"],
    yuan: [3_000, 30_000],
    seriousYuan: [30_000, 100_000],
    amountShare: 0.95,
  },
  FARE_EVASION: {
    general: ["乘坐公交车辆逃票", "冒用他人优惠乘车卡乘车", "城际公交逃票经查实"],
    serious: [],
    yuan: [2, 50],
    seriousYuan: [2, 50],
    amountShare: 0.5,
  },
  PARKING_ARREARS: {
    general: ["道路停车泊位停车费逾期未缴", "多次道路停车欠费经催缴未缴"],
    serious: [],
    yuan: [20, 3_000],
    seriousYuan: [20, 3_000],
    amountShare: 1,
  },
};

/** Chances of at least one record of a category, by subject. */
function recordRates(subject: SyntheticSubject): [Category, number][] {
  if (subject.kind === "PERSON") {
    return [
      ["TRAFFIC_VIOLATION", 0.02 + subject.risk * 0.3],
      ["FARE_EVASION", 0.01 + subject.risk * 0.15],
      ["PARKING_ARREARS", 0.02 + subject.risk * 0.25],
      // 非法营运 by persons (黑车): rare and only among the riskiest.
      ["OPERATING_VIOLATION", subject.risk > 0.7 ? 0.05 : 0],
    ];
  }
  if (subject.industry === "物流运输") return [["OPERATING_VIOLATION", 0.03 + subject.risk * 0.5]];
  return [];
}

function severityFor(subject: SyntheticSubject, category: Category, rng: Rng): Severity {
  return KINDS[category].serious.length > 0 && subject.risk > 0.8 && rng.chance(0.15) ? "SERIOUS" : "GENERAL";
}

function generateTransportRecords(subject: SyntheticSubject, asOf: string): TransportRecords {
  const rng = createRng(`transport:${subject.id}`);
  const out: TransportRecords = { records: [], couponUses: [], repaired: [] };

  // 信易行: the coupons registered persons used (shared with the incentives ledger, which records their issue and use).
  demoCoupons(subject, asOf).forEach((c, k) => {
    if (c.usedOn)
      out.couponUses.push({
        id: opaqueId("TC", subject.id, k + 1),
        subject_id: subject.id,
        used_on: c.usedOn,
        scenario: c.scenario,
        discount_fen: c.discountFen,
      });
  });

  for (const [category, rate] of recordRates(subject)) {
    if (!rng.chance(rate)) continue;
    const count = rng.int(1, subject.risk > 0.6 ? 3 : 1);
    for (let k = 0; k < count; k++) {
      const kind = KINDS[category];
      const severity = severityFor(subject, category, rng);
      const [min, max] = severity === "SERIOUS" ? kind.seriousYuan : kind.yuan;
      const decidedOn = addDays(asOf, -rng.int(10, 1400));
      const n = out.records.length + 1;
      const id = opaqueId("TT", subject.id, n);
      const row = buildRecordRow(
        "transport",
        {
          id,
          subjectId: subject.id,
          documentNo: `湖交罚〔${decidedOn.slice(0, 4)}〕${documentSerial(id)}号`,
          category,
          severity,
          amountFen: rng.chance(kind.amountShare) ? rng.int(min, max) * 100 : null,
          description: rng.pick(severity === "SERIOUS" ? kind.serious : kind.general),
          decidedOn,
        },
        asOf,
      );
      out.records.push(row);
      const repair = repairSometimes(rng, "transport", row, asOf);
      if (repair) out.repaired.push(repair);
    }
  }
  return out;
}

export const transportSeeder = recordSeeder("transport", migrations, generateTransportRecords, (r) => ({
  transport_records: r.records,
  transport_coupon_uses: r.couponUses,
}));
