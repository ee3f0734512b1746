/**
 * The market supervision administration's synthetic records for one subject. Rates follow the
 * subject's latent risk, and the records agree with each other: a firm on the abnormal operations
 * list is more likely to have been penalised, and only the riskiest reach the serious list.
 */
import type { Insertable } from "kysely";
import { simpleProcedureProblem } from "../../shared/simple-procedure.js";
import { MARKET_PENALTIES } from "../../shared/rules/early-stop.js";
import type { Severity } from "../../shared/publicity.js";
import type { RecordColumns } from "../../shared/records/table.js";
import type { SyntheticSubject } from "../../shared/seeding/seeder.js";
import { addDays, createRng, type Rng } from "../../shared/seeding/random.js";
import { buildRecordRow, documentSerial, opaqueId, type RepairedRecord, recordSeeder, repairSometimes, restatePublicity } from "../../shared/seeding/seeder.js";
import type { MarketComplaintTable, MarketRecordTable } from "./db.js";
import type { AbnormalOperationsCause, MarketRecordCategory } from "./market.type.js";
import { migrations } from "./migrations/index.js";

interface MarketRecords {
  records: Insertable<MarketRecordTable>[];
  complaints: Insertable<MarketComplaintTable>[];
  repaired: RepairedRecord[];
}

/** Market entities (市场主体) the administration registers and supervises. */
const MARKET_ENTITIES = new Set(["ENTERPRISE", "INDIVIDUAL_BUSINESS", "FARMERS_COOPERATIVE"]);

const CAUSES = [
  ["NO_ANNUAL_REPORT", 75],
  ["UNREACHABLE", 14],
  ["NO_DISCLOSURE", 7],
  ["FALSE_INFORMATION", 4],
] as const;

const PENALTIES = [
  { severity: "GENERAL", text: "发布虚假广告，违反《中华人民共和国广告法》", fine: [10_000, 200_000] },
  { severity: "GENERAL", text: "销售不合格产品，违反《中华人民共和国产品质量法》", fine: [5_000, 100_000] },
  { severity: "GENERAL", text: "经营标签不符合规定的食品，违反《中华人民共和国食品安全法》", fine: [2_000, 50_000] },
  { severity: "GENERAL", text: "未明码标价，违反《中华人民共和国价格法》", fine: [500, 5_000] },
  { severity: "GENERAL", text: "虚假宣传，违反《中华人民共和国反不正当竞争法》", fine: [20_000, 200_000] },
  { severity: "GENERAL", text: "特种设备未经定期检验继续使用，违反《中华人民共和国特种设备安全法》", fine: [30_000, 300_000], category: "SPECIAL_EQUIPMENT" },
  { severity: "SERIOUS", text: "生产销售假冒伪劣产品，情节严重", fine: [100_000, 2_000_000] },
  { severity: "SERIOUS", text: "经营病死畜禽肉类等严重危害食品安全的违法行为", fine: [100_000, 1_500_000] },
] as const;

const GENERAL_PENALTIES = PENALTIES.filter((p) => p.severity === "GENERAL");
const SERIOUS_PENALTIES = PENALTIES.filter((p) => p.severity === "SERIOUS");

const SERIOUS_GROUNDS = [
  "因严重危害人民群众身体健康和生命安全的违法行为受到较重行政处罚，列入严重违法失信名单（市场监管总局令第44号）",
  "因严重破坏公平竞争秩序和社会主义市场经济秩序的违法行为受到较重行政处罚，列入严重违法失信名单（市场监管总局令第44号）",
  "因提交虚假材料取得市场主体登记，列入严重违法失信名单（市场监管总局令第44号）",
];

const COMPLAINT_TOPICS: Record<string, readonly string[]> = {
  餐饮: ["菜品中有异物", "食品变质", "就餐环境卫生差", "强制收取服务费", "价格欺诈"],
  电子商务: ["虚假宣传", "商品质量问题", "拒绝七日无理由退货", "延迟发货", "价格欺诈"],
  旅游民宿: ["实际房型与宣传不符", "卫生状况差", "退订纠纷", "价格欺诈", "消防安全设施不全"],
};

/** How each cause of a listing is fixed (the removal's basis). */
const CAUSE_FIXED: Record<AbnormalOperationsCause, string> = {
  NO_ANNUAL_REPORT: "已补报并公示年度报告",
  UNREACHABLE: "已可通过登记的住所或者经营场所联系",
  NO_DISCLOSURE: "已公示有关企业信息",
  FALSE_INFORMATION: "已更正公示信息",
};

/** Days between two ISO dates. */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

// Long, and one piece: every draw comes from one seeded PRNG in a fixed order (same rows each run), and the rules read top to bottom as the regulations do.
function generateMarketRecords(subject: SyntheticSubject, asOf: string): MarketRecords {
  const rng = createRng(`market:${subject.id}`);
  const out: MarketRecords = { records: [], complaints: [], repaired: [] };
  if (subject.kind !== "ORGANIZATION" || !MARKET_ENTITIES.has(subject.organizationType ?? "")) return out;
  const year = Number(asOf.slice(0, 4));
  const founded = Number(subject.registeredOn.slice(0, 4));
  const registeredDays = daysBetween(subject.registeredOn, asOf);
  /** A decision date after registration, at most ~4 years back. */
  const pastDate = (r: Rng) => addDays(asOf, -r.int(10, Math.max(10, Math.min(1400, registeredDays - 1))));

  const built: (RecordColumns<MarketRecordCategory> & { abnormal_cause: AbnormalOperationsCause | null; cause_fixed_on?: string | null })[] = [];
  const add = (
    prefix: string,
    category: MarketRecordCategory,
    severity: Severity,
    decidedOn: string,
    description: string,
    amountFen: number | null,
    abnormalCause: AbnormalOperationsCause | null,
  ) => {
    const n = out.records.length + 1;
    const id = opaqueId("MR", subject.id, n);
    const row = {
      ...buildRecordRow(
        "market",
        {
          id,
          subjectId: subject.id,
          documentNo: `湖市监${prefix}〔${decidedOn.slice(0, 4)}〕${documentSerial(id)}号`,
          category,
          severity,
          amountFen,
          description,
          decidedOn,
          // 简易程序 where the rule allows it (shared/simple-procedure.ts, the check every write passes); organisations' fines only.
          simpleProcedure:
            category === "ADMINISTRATIVE_PENALTY" &&
            subject.kind === "ORGANIZATION" &&
            amountFen !== null &&
            simpleProcedureProblem(subject.kind, severity, amountFen) === null,
        },
        asOf,
      ),
      abnormal_cause: abnormalCause,
    };
    out.records.push(row);
    built.push(row);
    return row;
  };

  // 列入经营异常名录: mostly a missed annual report (due 30 June for the previous year).
  let abnormal = false;
  if (rng.chance(0.03 + subject.risk * 0.25)) {
    const cause = rng.weighted(CAUSES);
    const reportYears = [];
    for (let y = Math.max(founded + 1, year - 3); y <= year; y++) if (`${y}-08-30` < asOf) reportYears.push(y);
    let listing: (typeof built)[number];
    if (cause === "NO_ANNUAL_REPORT" && reportYears.length > 0) {
      const y = rng.pick(reportYears);
      listing = add("异", "ABNORMAL_OPERATIONS", "GENERAL", addDays(`${y}-07-01`, rng.int(0, 60)), `未按规定期限公示${y - 1}年度报告`, null, cause);
    } else {
      const text = {
        NO_ANNUAL_REPORT: "未按规定期限公示年度报告",
        UNREACHABLE: "通过登记的住所或者经营场所无法联系",
        NO_DISCLOSURE: "未在责令期限内公示有关企业信息",
        FALSE_INFORMATION: "公示信息隐瞒真实情况、弄虚作假",
      }[cause];
      listing = add("异", "ABNORMAL_OPERATIONS", "GENERAL", pastDate(rng), text, null, cause);
    }
    // The list's own lifecycle (listed → cause fixed → removed by the administration, never a repair),
    // as removeFromAbnormalOperations records it: most firms file or correct within months (ours: 60 %,
    // removed 15–250 days after listing, 1–10 days after the cause was fixed).
    const removedOn = addDays(listing.decided_on, rng.int(15, 250));
    const causeFixedOn = addDays(removedOn, -rng.int(1, 10));
    if (rng.chance(0.6) && removedOn <= asOf) {
      const closureBasis = `移出经营异常名录：${CAUSE_FIXED[cause]}（${causeFixedOn} 已纠正）`;
      restatePublicity(
        "market",
        Object.assign(listing, { status: "REMOVED", closed_on: removedOn, cause_fixed_on: causeFixedOn, closure_basis: closureBasis }),
      );
    }
    abnormal = true;
  }

  // 列入严重违法失信名单: only the riskiest, and always after a penalty.
  const serious = subject.risk > 0.85 && rng.chance(0.2);
  // 行政处罚: more likely for a firm that is (or was) on the abnormal operations list.
  if (serious || rng.chance(0.03 + subject.risk * 0.35 + (abnormal ? 0.25 : 0))) {
    const n = rng.int(1, subject.risk > 0.6 ? 3 : 1);
    for (let k = 0; k < n; k++) {
      const p =
        serious && k === 0 ? rng.pick(SERIOUS_PENALTIES) : subject.risk > 0.7 && rng.chance(0.3) ? rng.pick(SERIOUS_PENALTIES) : rng.pick(GENERAL_PENALTIES);
      const decidedOn = pastDate(rng);
      add("处", "category" in p ? p.category : "ADMINISTRATIVE_PENALTY", p.severity, decidedOn, p.text, rng.int(p.fine[0], p.fine[1]) * 100, null);
      if (serious && k === 0) {
        const listedOn = addDays(decidedOn, rng.int(20, 90));
        add("严", "SERIOUS_VIOLATION", "SERIOUS", listedOn <= asOf ? listedOn : asOf, rng.pick(SERIOUS_GROUNDS), null, null);
      }
    }
  }

  // Penalties repaired through the credit office as the rules allow, Order No. 45's conditions
  // checked by the credit office's own code against the firm's records (shared/rules/early-stop.ts).
  const facts = built.map((r) => ({ id: r.id, department: "market", category: r.category, decidedOn: r.decided_on, status: r.status }));
  for (const row of built.filter((r) => MARKET_PENALTIES.includes(r.category))) {
    const repair = repairSometimes(rng, "market", row, asOf, { records: facts });
    if (repair) out.repaired.push(repair);
  }

  // 消费投诉: consumer-facing trades only; more complaints, and more of them upheld, with risk.
  const topics = COMPLAINT_TOPICS[subject.industry ?? ""];
  if (topics) {
    const count = Math.min(5, Math.floor(rng.next() * (2 + subject.risk * 5)));
    for (let k = 0; k < count; k++) {
      out.complaints.push({
        id: opaqueId("MC", subject.id, k + 1),
        subject_id: subject.id,
        received_on: addDays(asOf, -rng.int(1, Math.max(1, Math.min(700, registeredDays - 1)))),
        topic: rng.pick(topics),
        upheld: rng.chance(0.2 + subject.risk * 0.6) ? 1 : 0,
      });
    }
  }
  return out;
}

export const marketSeeder = recordSeeder("market", migrations, generateMarketRecords, (r) => ({ market_records: r.records, market_complaints: r.complaints }));
