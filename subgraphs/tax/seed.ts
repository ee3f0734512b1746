/**
 * The tax bureau's synthetic records for one subject. Rates follow the subject's latent risk:
 * low-risk firms are mostly A/B, high-risk ones C/D with arrears and violations.
 */
import type { Insertable } from "kysely";
import type { SyntheticSubject } from "../../shared/seeding/seeder.js";
import { addDays, createRng } from "../../shared/seeding/random.js";
import { buildRecordRow, documentSerial, opaqueId, type RepairedRecord, recordSeeder, repairSometimes } from "../../shared/seeding/seeder.js";
import type { TaxArrearsTable, TaxRatingTable, TaxViolationTable } from "./db.js";
import { migrations } from "./migrations/index.js";

interface TaxRecords {
  ratings: Insertable<TaxRatingTable>[];
  arrears: Insertable<TaxArrearsTable>[];
  violations: Insertable<TaxViolationTable>[];
  repaired: RepairedRecord[];
}

const TAX_TYPES = ["增值税", "企业所得税", "个人所得税", "城镇土地使用税", "房产税", "印花税"];
const VIOLATIONS = [
  { category: "LATE_FILING", severity: "GENERAL", text: "未按期办理纳税申报" },
  { category: "LATE_PAYMENT", severity: "GENERAL", text: "未按期缴纳税款" },
  { category: "INVOICE_VIOLATION", severity: "GENERAL", text: "未按规定开具发票" },
  { category: "TAX_EVASION", severity: "SERIOUS", text: "偷逃税款，经税务稽查查实" },
  { category: "FALSE_VAT_INVOICES", severity: "SERIOUS", text: "虚开增值税专用发票" },
  { category: "OBSTRUCTING_INSPECTION", severity: "SERIOUS", text: "拒绝、阻挠税务检查" },
] as const;

function levelFor(score: number): "A" | "B" | "C" | "D" {
  if (score >= 90) return "A";
  if (score >= 70) return "B";
  if (score >= 40) return "C";
  return "D";
}

function generateTaxRecords(subject: SyntheticSubject, asOf: string): TaxRecords {
  const rng = createRng(`tax:${subject.id}`);
  const out: TaxRecords = { ratings: [], arrears: [], violations: [], repaired: [] };
  const taxpayer = subject.kind === "ORGANIZATION" && subject.organizationType !== "PUBLIC_INSTITUTION" && subject.organizationType !== "SOCIAL_ORGANIZATION";
  const year = Number(asOf.slice(0, 4));
  if (taxpayer) {
    const founded = Number(subject.registeredOn.slice(0, 4));
    for (let y = year - 3; y <= year - 1; y++) {
      if (y < founded) continue;
      const score = Math.max(0, Math.min(100, Math.round(98 - subject.risk * 65 + rng.int(-8, 8))));
      const direct = subject.risk > 0.9 && rng.chance(0.5);
      const level = direct ? "D" : y === founded ? "M" : levelFor(score);
      out.ratings.push({
        id: opaqueId("TR", subject.id, y),
        subject_id: subject.id,
        year: y,
        level,
        score: direct ? Math.min(score, 39) : score,
        direct_judgement: direct ? 1 : 0,
      });
    }
  }
  if (rng.chance(taxpayer ? 0.02 + subject.risk * 0.5 : 0.01 + subject.risk * 0.05)) {
    const n = rng.int(1, 2);
    for (let k = 0; k < n; k++) {
      const amount = rng.int(taxpayer ? 5_000 : 500, taxpayer ? 800_000 : 20_000) * 100;
      const paid = rng.chance(0.4) ? Math.floor((amount * rng.next() * 0.8) / 100) * 100 : 0;
      out.arrears.push({
        id: opaqueId("TA", subject.id, k + 1),
        subject_id: subject.id,
        tax_type: taxpayer ? rng.pick(TAX_TYPES) : "个人所得税",
        amount_fen: amount,
        paid_fen: paid,
        due_on: addDays(asOf, -rng.int(20, 700)),
        settled_on: null,
      });
    }
  }
  if (taxpayer && rng.chance(0.03 + subject.risk * 0.6)) {
    const n = rng.int(1, subject.risk > 0.6 ? 3 : 1);
    for (let k = 0; k < n; k++) {
      const v = subject.risk > 0.7 && rng.chance(0.5) ? rng.pick(VIOLATIONS.slice(3)) : rng.pick(VIOLATIONS.slice(0, 3));
      const decidedOn = addDays(asOf, -rng.int(10, 1400));
      const id = opaqueId("TV", subject.id, k + 1);
      const row = buildRecordRow(
        "tax",
        {
          id,
          subjectId: subject.id,
          documentNo: `湖税罚〔${decidedOn.slice(0, 4)}〕${documentSerial(id)}号`,
          category: v.category,
          severity: v.severity,
          amountFen: rng.chance(0.8) ? rng.int(200, v.severity === "SERIOUS" ? 2_000_000 : 20_000) * 100 : null,
          description: v.text,
          decidedOn,
        },
        asOf,
      );
      out.violations.push(row);
      const repair = repairSometimes(rng, "tax", row, asOf);
      if (repair) out.repaired.push(repair);
    }
  }
  return out;
}

export const taxSeeder = recordSeeder("tax", migrations, generateTaxRecords, (r) => ({
  tax_ratings: r.ratings,
  tax_arrears: r.arrears,
  tax_violations: r.violations,
}));
