import { opaqueId } from "../../shared/seeding/seeder.js";
/**
 * The credit office's synthetic records for one subject: the directory row, red and black list
 * entries, commitments, and the repairs of other departments' records.
 */
import type { SyntheticSubject } from "../../shared/seeding/seeder.js";
import { addDays, createRng } from "../../shared/seeding/random.js";
import type { DepartmentSeeder, RepairedRecord } from "../../shared/seeding/seeder.js";
import { demoCodeRegistration, isAdult } from "../../shared/seeding/code-registration.js";
import type { NewCodeRegistration, NewCommitment, NewListEntry, NewRepair, NewSubject } from "./db.js";
import type { CreditList, ListColor } from "./directory/credit-record.type.js";
import { migrations } from "./migrations/index.js";

interface CreditRecords {
  subject: NewSubject;
  codeRegistrations: NewCodeRegistration[];
  listEntries: NewListEntry[];
  commitments: NewCommitment[];
  repairs: NewRepair[];
}

const COURTS = ["湖州市中级人民法院", "湖州市吴兴区人民法院", "湖州市南浔区人民法院", "德清县人民法院", "长兴县人民法院", "安吉县人民法院"];
const MATTERS = ["告知承诺制办理食品经营许可", "告知承诺制办理道路货物运输经营许可", "信用承诺申领财政补助", "容缺受理承诺补交材料", "政府采购投标信用承诺"];
/** What persons commit to (ours): the 诚信码's own pledge, 证明事项告知承诺, subsidies, 信易+ deposit-free use. */
const PERSON_MATTERS = [
  "个人诚信码信用承诺书",
  "证明事项告知承诺（户籍、社保证明）",
  "信用承诺申领就业创业补贴",
  "信易租免押金信用承诺",
  "容缺受理承诺补交材料",
];

/** The department that approved each matter and recorded its commitment (ours); the credit office for matters of departments outside the platform. */
const MATTER_DEPARTMENTS: Readonly<Record<string, string>> = {
  告知承诺制办理食品经营许可: "market",
  告知承诺制办理道路货物运输经营许可: "transport",
  容缺受理承诺补交材料: "market",
  政府采购投标信用承诺: "public-resources",
};

type SeededCommitment = Pick<NewCommitment, "id" | "subject_id" | "matter" | "committed_on" | "due_on" | "fulfilment" | "fulfilled_on">;

/** A seeded commitment as its department recorded and resolved it (recordCommitment, resolveCommitment): no draw of its own. */
const asRecorded = (c: SeededCommitment): NewCommitment => ({
  ...c,
  source: "APPROVAL",
  department: MATTER_DEPARTMENTS[c.matter] ?? "credit",
  content: `承诺人承诺“${c.matter}”所涉情况真实，并于${c.due_on}前履行承诺；如有不实，愿承担相应法律责任。`,
  resolved_on: c.fulfilment === "FULFILLED" ? c.fulfilled_on : c.fulfilment === "BREACHED" ? c.due_on : null,
  evidence: c.fulfilment === "BREACHED" ? "到期核查：未履行承诺事项" : c.fulfilment === "FULFILLED" ? "到期核查：已履行承诺事项" : null,
});

/**
 * Persons' commitments (信用承诺), the 个人诚信码's core (seed 003: "以信用承诺和履约践诺为核心"). Rates are
 * OURS (the article gives none): 70 % of registered persons have 1–3 (the code's own pledge and the
 * matters its scenarios ask one for), 6 % of other adults one (告知承诺 at a counter); a due one is
 * breached with chance 2 % + risk × 30 %. Their own PRNG, so the other credit rows stay as they were.
 */
function personCommitments(subject: SyntheticSubject, asOf: string, registeredOn: string | null): NewCommitment[] {
  const rng = createRng(`commitments:${subject.id}`);
  const count = registeredOn ? (rng.chance(0.7) ? rng.int(1, 3) : 0) : rng.chance(0.06) ? 1 : 0;
  const since = registeredOn ?? addDays(asOf, -1000);
  const span = Math.max(0, Math.round((Date.parse(asOf) - Date.parse(since)) / 86_400_000));
  return Array.from({ length: count }, (_, k) => {
    const committedOn = addDays(since, rng.int(0, span));
    const dueOn = addDays(committedOn, rng.int(30, 180));
    const due = dueOn <= asOf;
    const breached = due && rng.chance(0.02 + subject.risk * 0.3);
    return asRecorded({
      id: opaqueId("CC", subject.id, k + 1),
      subject_id: subject.id,
      matter: registeredOn && k === 0 ? PERSON_MATTERS[0] : rng.pick(PERSON_MATTERS.slice(1)),
      committed_on: committedOn,
      due_on: dueOn,
      fulfilment: !due ? "PENDING" : breached ? "BREACHED" : "FULFILLED",
      fulfilled_on: due && !breached ? addDays(committedOn, rng.int(5, 29)) : null,
    });
  });
}

/** Who confers each honour (红名单). */
const HONOUR_AUTHORITIES: Partial<Record<CreditList, string>> = {
  MORAL_MODEL: "湖州市文明办",
  LABOR_MODEL: "湖州市人民政府",
  VOLUNTEER_5A: "湖州市志愿者协会",
  INTEGRITY_MODEL_ENTERPRISE: "湖州市信用办",
};

// Long, and one piece: every draw comes from one seeded PRNG in a fixed order (same rows each run), subject, list entries and commitments in turn.
function generateCreditRecords(subject: SyntheticSubject, asOf: string, repaired: RepairedRecord[]): CreditRecords {
  const rng = createRng(`credit:${subject.id}`);
  const out: CreditRecords = {
    subject: {
      id: subject.id,
      kind: subject.kind,
      organization_type: subject.organizationType,
      name: subject.name,
      district: subject.district,
      functional_zone: subject.functionalZone,
      industry: subject.industry,
      registered_on: subject.registeredOn,
      // Mobiles for persons; Huzhou landlines (area code 0572) for most organisations.
      phone:
        subject.kind === "PERSON" || rng.chance(0.3)
          ? `1${rng.pick(["38", "39", "58", "59", "88", "89", "36", "77", "80"])}${String(rng.int(0, 99_999_999)).padStart(8, "0")}`
          : `0572-${rng.int(2, 8)}${String(rng.int(0, 999_999)).padStart(6, "0")}`,
    },
    listEntries: [],
    commitments: [],
    repairs: [],
    codeRegistrations: [],
  };
  const code = demoCodeRegistration(subject, asOf);
  if (code) {
    out.codeRegistrations.push({
      id: opaqueId("CODE", subject.id, 1),
      subject_id: subject.id,
      status: code.revokedAt ? "REVOKED" : "ACTIVE",
      registered_at: code.registeredAt,
      channel: code.channel,
      consents: "INCENTIVE_CHECK,INCENTIVE_REDEEM",
      revoked_at: code.revokedAt,
      revoke_reason: code.revokedAt ? "本人申请注销" : null,
    });
  }
  const entry = (list: CreditList, color: ListColor, authority: string, reason: string, listedOn: string, expiresOn: string | null) =>
    out.listEntries.push({
      id: opaqueId("CL", subject.id, out.listEntries.length + 1),
      subject_id: subject.id,
      list,
      list_color: color,
      authority,
      reason,
      listed_on: listedOn,
      expires_on: expiresOn,
      status: expiresOn !== null && expiresOn <= asOf ? "EXPIRED" : "ACTIVE",
    });
  // 失信被执行人: about 1% of subjects, concentrated among the riskiest.
  if (subject.risk > 0.75 && rng.chance(subject.kind === "PERSON" ? 0.12 : 0.04)) {
    const listedOn = addDays(asOf, -rng.int(30, 1200));
    const refusesToPay = rng.chance(0.5); // trigger (1): no fixed term, until performance
    entry(
      "DISHONEST_JUDGMENT_DEBTOR",
      "BLACK",
      rng.pick(COURTS),
      refusesToPay ? "有履行能力而拒不履行生效法律文书确定义务" : "违反财产报告制度",
      listedOn,
      refusesToPay ? null : addDays(listedOn, 730),
    );
  }
  if (subject.kind === "ORGANIZATION" && subject.risk > 0.85 && rng.chance(0.1)) {
    const listedOn = addDays(asOf, -rng.int(30, 900));
    entry("SERIOUS_DISHONESTY", "BLACK", "湖州市市场监督管理局", "严重违法失信行为", listedOn, addDays(listedOn, 1095));
  }
  if (subject.risk < 0.15 && rng.chance(0.04)) {
    const honour: CreditList =
      subject.kind === "PERSON" ? rng.pick(["MORAL_MODEL", "LABOR_MODEL", "VOLUNTEER_5A", "VOLUNTEER_5A"] as const) : "INTEGRITY_MODEL_ENTERPRISE";
    const authority = HONOUR_AUTHORITIES[honour]!;
    const listedOn = addDays(asOf, -rng.int(30, 1500));
    entry(honour, "RED", authority, "表彰", listedOn, addDays(listedOn, 1095));
  }
  if (subject.kind === "ORGANIZATION" && rng.chance(0.3)) {
    for (let k = 0, n = rng.int(1, 3); k < n; k++) {
      const committedOn = addDays(asOf, -rng.int(10, 1000));
      const dueOn = addDays(committedOn, rng.int(30, 180));
      const due = dueOn <= asOf;
      const breached = due && rng.chance(0.05 + subject.risk * 0.6);
      out.commitments.push(
        asRecorded({
          id: opaqueId("CC", subject.id, k + 1),
          subject_id: subject.id,
          matter: rng.pick(MATTERS),
          committed_on: committedOn,
          due_on: dueOn,
          fulfilment: !due ? "PENDING" : breached ? "BREACHED" : "FULFILLED",
          fulfilled_on: due && !breached ? addDays(committedOn, rng.int(5, 29)) : null,
        }),
      );
    }
  }
  if (subject.kind === "PERSON" && isAdult(subject.id, asOf))
    out.commitments.push(...personCommitments(subject, asOf, code?.registeredAt.slice(0, 10) ?? null));
  for (const r of repaired) {
    out.repairs.push({
      id: `CR-${r.recordId}`,
      subject_id: subject.id,
      department: r.department,
      record_id: r.recordId,
      applied_on: r.appliedOn,
      decided_on: r.decidedOn <= asOf ? r.decidedOn : null,
      status: r.decidedOn <= asOf ? "APPROVED" : "PENDING",
    });
  }
  return out;
}

export const creditSeeder: DepartmentSeeder = {
  name: "credit",
  migrations,
  generate(subject, asOf, repaired) {
    const r = generateCreditRecords(subject, asOf, repaired);
    return {
      rows: { subjects: [r.subject], list_entries: r.listEntries, commitments: r.commitments, repairs: r.repairs, code_registrations: r.codeRegistrations },
    };
  },
};
