/**
 * The public resources trading office's synthetic bids and bad-behaviour records for one subject.
 * Only enterprises (and a few individual businesses) bid; records follow the subject's latent
 * risk, and serious ones (bid rigging, false materials) carry more points, so a few bidders
 * cross the warning threshold.
 */
import type { Insertable } from "kysely";
import type { SyntheticSubject } from "../../shared/seeding/seeder.js";
import { addDays, createRng } from "../../shared/seeding/random.js";
import { buildRecordRow, documentSerial, opaqueId, type RepairedRecord, recordSeeder, repairSometimes } from "../../shared/seeding/seeder.js";
import type { TradingBidTable, TradingRecordTable } from "./db.js";
import { migrations } from "./migrations/index.js";

interface PublicResourcesRecords {
  bids: Insertable<TradingBidTable>[];
  records: Insertable<TradingRecordTable>[];
  repaired: RepairedRecord[];
}

const PROJECTS = [
  "市政道路改造工程",
  "农村饮用水提升工程",
  "中小学校舍维修工程",
  "政府机关办公设备采购",
  "医疗设备采购项目",
  "城区绿化养护服务",
  "污水管网建设工程",
  "智慧城市信息化建设项目",
  "公共交通站点改造工程",
  "物业管理服务采购",
];
const RECORDS = [
  { category: "CONTRACT_BREACH", severity: "GENERAL", points: [2, 6], text: "中标后无正当理由不按招标文件要求签订合同" },
  { category: "IMPROPER_CONDUCT", severity: "GENERAL", points: [1, 4], text: "捏造事实进行恶意投诉，经查不实" },
  { category: "BID_RIGGING", severity: "SERIOUS", points: [6, 12], text: "与其他投标人相互串通投标报价" },
  { category: "FALSE_MATERIALS", severity: "SERIOUS", points: [5, 12], text: "投标文件中提供虚假业绩证明材料" },
] as const;

function generatePublicResourcesRecords(subject: SyntheticSubject, asOf: string): PublicResourcesRecords {
  const rng = createRng(`public-resources:${subject.id}`);
  const out: PublicResourcesRecords = { bids: [], records: [], repaired: [] };
  const bidder = (subject.organizationType === "ENTERPRISE" && rng.chance(0.2)) || (subject.organizationType === "INDIVIDUAL_BUSINESS" && rng.chance(0.03));
  if (!bidder) return out;
  const nBids = rng.int(1, 12);
  for (let k = 1; k <= nBids; k++) {
    const bidOn = addDays(asOf, -rng.int(1, 1095));
    out.bids.push({
      id: opaqueId("PB", subject.id, k),
      subject_id: subject.id,
      project_no: `HZGG-${bidOn.slice(0, 4)}-${String(rng.int(1, 9999)).padStart(4, "0")}`,
      project_name: rng.pick(PROJECTS),
      bid_on: bidOn,
      amount_fen: rng.int(5, 5_000) * 10_000 * 100,
      awarded: rng.chance(0.25) ? 1 : 0,
    });
  }
  if (rng.chance(0.01 + subject.risk * 0.4)) {
    const n = rng.int(1, subject.risk > 0.5 ? 4 : 2);
    for (let k = 1; k <= n; k++) {
      const r = subject.risk > 0.4 && rng.chance(0.6) ? rng.pick(RECORDS.slice(2)) : rng.pick(RECORDS.slice(0, 2));
      const decidedOn = addDays(asOf, -rng.int(10, 900));
      const id = opaqueId("PR", subject.id, k);
      const row = {
        ...buildRecordRow(
          "public-resources",
          {
            id,
            subjectId: subject.id,
            documentNo: `湖公管罚〔${decidedOn.slice(0, 4)}〕${documentSerial(id)}号`,
            category: r.category,
            severity: r.severity,
            amountFen: rng.chance(0.5) ? rng.int(1_000, r.severity === "SERIOUS" ? 500_000 : 50_000) * 100 : null,
            description: r.text,
            decidedOn,
          },
          asOf,
        ),
        points: rng.int(r.points[0], r.points[1]),
      };
      out.records.push(row);
      const repair = repairSometimes(rng, "public-resources", row, asOf);
      if (repair) out.repaired.push(repair);
    }
  }
  return out;
}

export const publicResourcesSeeder = recordSeeder("public-resources", migrations, generatePublicResourcesRecords, (r) => ({
  trading_records: r.records,
  trading_bids: r.bids,
}));
