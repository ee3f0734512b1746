/**
 * The health department's synthetic records for one subject. Rates follow the subject's latent
 * risk: about a quarter of persons use pay-after treatment (医后付, 信易医) and mostly pay on time;
 * risky ones leave bills overdue, which may become records; providers (生物医药 firms, 卫生院)
 * collect compliance records as their risk rises.
 */
import type { Insertable } from "kysely";
import type { SyntheticSubject } from "../../shared/seeding/seeder.js";
import { addDays, createRng, type Rng } from "../../shared/seeding/random.js";
import { buildRecordRow, documentSerial, opaqueId, type RepairedRecord, recordSeeder, repairSometimes } from "../../shared/seeding/seeder.js";
import type { HealthRecordTable, HealthVisitTable } from "./db.js";
import type { HealthRecordCategory } from "./health.type.js";
import { migrations } from "./migrations/index.js";

interface HealthRecords {
  records: Insertable<HealthRecordTable>[];
  visits: Insertable<HealthVisitTable>[];
  repaired: RepairedRecord[];
}

const HOSPITALS = [
  "湖州市中心医院",
  "湖州市第一人民医院",
  "湖州市中医院",
  "湖州市第三人民医院",
  "湖州市妇幼保健院",
  "湖州市南浔区人民医院",
  "德清县人民医院",
  "长兴县人民医院",
  "安吉县人民医院",
];
const PROVIDER_VIOLATIONS = ["串换药品、医用耗材、诊疗项目申报医保结算", "超标准收费、重复收费", "分解住院、挂床住院", "未按规定保存医保费用结算单据"];
const FRAUD = ["伪造医疗文书骗取医保基金", "冒用他人医保凭证就医结算", "倒卖医保药品"];

/** Days a pay-after-treatment bill may stay unpaid (医后付缴费期限). */
const PAY_TERM_DAYS = 30;

function generateHealthRecords(subject: SyntheticSubject, asOf: string): HealthRecords {
  const rng = createRng(`health:${subject.id}`);
  const out: HealthRecords = { records: [], visits: [], repaired: [] };

  /** Adds a record; about 15% are repaired through the credit office (the visit it follows, if any, is paid first). */
  const addRecord = (
    category: HealthRecordCategory,
    severity: "GENERAL" | "SERIOUS",
    amountFen: number | null,
    description: string,
    decidedOn: string,
    visit?: Insertable<HealthVisitTable>,
  ) => {
    const n = out.records.length + 1;
    const id = opaqueId("HR", subject.id, n);
    const row = buildRecordRow(
      "health",
      {
        id,
        subjectId: subject.id,
        documentNo: `湖医保罚〔${decidedOn.slice(0, 4)}〕${documentSerial(id)}号`,
        category,
        severity,
        amountFen,
        description,
        decidedOn,
      },
      asOf,
    );
    out.records.push(row);
    const repair = repairSometimes(rng, "health", row, asOf);
    if (repair) {
      out.repaired.push(repair);
      // The bill behind a pay-after default is paid before the repair is applied for.
      if (visit) visit.paid_on = addDays(repair.appliedOn, -rng.int(1, 30));
    }
  };

  if (subject.kind === "PERSON") {
    if (rng.chance(0.25)) generateVisits(rng, subject, asOf, out, addRecord);
    // 欺诈骗取医保基金: only among the riskiest persons, and rare even there.
    if (subject.risk > 0.8 && rng.chance(0.05)) {
      const decidedOn = addDays(asOf, -rng.int(30, 1000));
      addRecord("INSURANCE_FRAUD", "SERIOUS", rng.int(2_000, 80_000) * 100, rng.pick(FRAUD), decidedOn);
    }
  } else if (subject.industry === "生物医药" || (subject.organizationType === "PUBLIC_INSTITUTION" && subject.name.includes("卫生院"))) {
    if (rng.chance(0.03 + subject.risk * 0.5)) {
      const n = rng.int(1, subject.risk > 0.6 ? 2 : 1);
      for (let k = 0; k < n; k++) {
        const serious = subject.risk > 0.7 && rng.chance(0.3);
        const decidedOn = addDays(asOf, -rng.int(10, 1400));
        addRecord(
          "PROVIDER_NONCOMPLIANCE",
          serious ? "SERIOUS" : "GENERAL",
          rng.int(500, serious ? 500_000 : 50_000) * 100,
          `定点医药机构违规：${rng.pick(PROVIDER_VIOLATIONS)}`,
          decidedOn,
        );
      }
    }
  }
  return out;
}

/** 1–4 pay-after-treatment visits; the riskier the person, the likelier a bill stays unpaid. */
function generateVisits(
  rng: Rng,
  subject: SyntheticSubject,
  asOf: string,
  out: HealthRecords,
  addRecord: (
    category: HealthRecordCategory,
    severity: "GENERAL",
    amountFen: number,
    description: string,
    decidedOn: string,
    visit: Insertable<HealthVisitTable>,
  ) => void,
): void {
  const n = rng.int(1, 4);
  for (let k = 0; k < n; k++) {
    const visitedOn = addDays(asOf, -rng.int(5, 900));
    const dueOn = addDays(visitedOn, PAY_TERM_DAYS);
    const paidOn = addDays(visitedOn, rng.int(0, PAY_TERM_DAYS - 1));
    const unpaid = rng.chance(0.03 + subject.risk * 0.45) || paidOn > asOf;
    const visit: Insertable<HealthVisitTable> = {
      id: opaqueId("HV", subject.id, k + 1),
      subject_id: subject.id,
      hospital: rng.pick(HOSPITALS),
      visited_on: visitedOn,
      amount_fen: rng.int(5_000, 800_000),
      due_on: dueOn,
      paid_on: unpaid ? null : paidOn,
    };
    out.visits.push(visit);
    // 医后付欠费逾期: recorded after a reminder period, for some overdue bills (more with risk).
    const decidedOn = addDays(dueOn, rng.int(30, 90));
    if (unpaid && decidedOn <= asOf && rng.chance(0.2 + subject.risk * 0.6)) {
      addRecord("PAY_AFTER_DEFAULT", "GENERAL", visit.amount_fen, `医后付（信易医）就诊费用逾期未缴，经催缴仍未结清（${visit.hospital}）`, decidedOn, visit);
    }
  }
}

export const healthSeeder = recordSeeder("health", migrations, generateHealthRecords, (r) => ({ health_records: r.records, health_visits: r.visits }));
