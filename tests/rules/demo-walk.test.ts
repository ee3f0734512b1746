/**
 * The demo obeys the platform's own rules (issue 24, item 6): seed the 2,000-subject demo as
 * `npm start` does, then walk every record of every department and re-check it with the rule code
 * the API uses — the rule set of its decision date (shared/rules/rule-sets.ts) and the credit
 * office's own check of an application (subgraphs/credit/repair/conditions.ts `checkRepairable`,
 * what `applyForCreditRepair` refuses with). No record REPAIRED before its minimum period or against
 * a never-early rule, none of a list (the serious-violation list, the abnormal operations list), none
 * sooner than 90 days after its decision; only listings removed; publicity as the rule set says.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../shared/config.js";
import { createDatabase } from "../../shared/db.js";
import { RECORD_DEPARTMENTS, departmentNamed } from "../../shared/departments.js";
import type { RecordColumns } from "../../shared/records/table.js";
import { publicityOf, repairRuleOf, UNTIL_REMOVED } from "../../shared/rules/rule-sets.js";
import { addDays } from "../../shared/seeding/random.js";
import { DEFAULT_AS_OF, DEFAULT_SEED, DEMO_SUBJECTS } from "../../scripts/generate/scale.js";
import { seedDepartments } from "../../scripts/generate/seed-departments.js";
import { checkRepairable } from "../../subgraphs/credit/repair/conditions.js";
import type { RepairTable } from "../../subgraphs/credit/db.js";

type Row = RecordColumns & { department: string };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-demo-walk-"));
const records: Row[] = [];
let repairs: RepairTable[] = [];

beforeAll(async () => {
  const config = loadConfig({ XINYI_DATA_DIR: dataDir, XINYI_GATEWAY_SECRET: "seed-only-no-secret-needed-000000000000" });
  await seedDepartments(config, { count: DEMO_SUBJECTS, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF, progress: false });
  for (const name of RECORD_DEPARTMENTS.filter((d) => d !== "credit")) {
    const { db } = createDatabase<Record<string, RecordColumns>>({ department: name, dataDir });
    const table = departmentNamed(name).records!.table;
    try {
      for (const row of await db.selectFrom(table).selectAll().execute()) records.push({ ...row, department: name });
    } finally {
      await db.destroy();
    }
  }
  const { db } = createDatabase<{ repairs: RepairTable }>({ department: "credit", dataDir });
  try {
    repairs = await db.selectFrom("repairs").selectAll().execute();
  } finally {
    await db.destroy();
  }
}, 300_000);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const factsOf = (r: Row) => ({
  department: r.department,
  category: r.category,
  severity: r.severity,
  decidedOn: r.decided_on,
  fineYuan: r.amount_fen === null ? null : r.amount_fen / 100,
  subjectId: r.subject_id,
});
/** A record as the credit office reads it through the gateway (subgraphs/credit/reports/subject-records.ts). */
const asRead = (r: Row) => ({
  id: r.id,
  department: r.department,
  category: r.category,
  severity: r.severity,
  decidedOn: r.decided_on,
  amount: r.amount_fen === null ? null : r.amount_fen / 100,
  status: r.status,
});

describe("the 2,000-subject demo, walked record by record", () => {
  it("seeds records in every record department", () => {
    for (const name of RECORD_DEPARTMENTS.filter((d) => d !== "credit")) expect(records.filter((r) => r.department === name).length, name).toBeGreaterThan(10);
  });

  it("repairs only what an application could repair, when it could: as applyForCreditRepair's own check says", () => {
    const bySubject = new Map<string, Row[]>();
    for (const r of records) bySubject.set(r.subject_id, [...(bySubject.get(r.subject_id) ?? []), r]);
    const repairOf = new Map(repairs.map((r) => [r.record_id, r]));
    const refused: string[] = [];
    const repaired = records.filter((r) => r.status === "REPAIRED");
    for (const r of repaired) {
      const rule = repairRuleOf(factsOf(r));
      const repair = repairOf.get(r.id);
      const at = `${r.department} ${r.category} ${r.severity} ${r.id} decided ${r.decided_on}, repaired ${r.closed_on}`;
      if (repair?.status !== "APPROVED" || repair.decided_on !== r.closed_on) {
        refused.push(`${at}: no approved application of that date in the credit office's register`);
        continue;
      }
      if (r.category === "SERIOUS_VIOLATION") refused.push(`${at}: a serious-violation-list record repaired`);
      if (repair.applied_on < addDays(r.decided_on, 90)) refused.push(`${at}: applied for on ${repair.applied_on}, sooner than 90 days after the decision`);
      if (repair.applied_on < rule.earliestDate)
        refused.push(`${at}: applied for on ${repair.applied_on}, before the rule's earliest date ${rule.earliestDate}`);
      try {
        // The applicant declares the penalty fulfilled and the harm removed; the rest is the records'.
        checkRepairable(asRead(r), (bySubject.get(r.subject_id) ?? []).map(asRead), { penaltyFulfilled: true, harmRemoved: true }, repair.applied_on);
      } catch (error) {
        refused.push(`${at}: ${(error as { extensions?: { code?: string } }).extensions?.code} ${(error as Error).message}`);
      }
    }
    expect(refused).toEqual([]);
    expect(repaired.length).toBeGreaterThan(20);
    // Every registered repair is of a record that exists; a pending one leaves it active.
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const repair of repairs) {
      const record = byId.get(repair.record_id);
      expect(record, repair.id).toBeDefined();
      expect(record!.status, repair.id).toBe(repair.status === "APPROVED" ? "REPAIRED" : "ACTIVE");
      expect(repair.applied_on >= repairRuleOf(factsOf(record!)).earliestDate, repair.id).toBe(true);
    }
  });

  it("removes only listings, on their own lifecycle; publicity ends as the rule set of each decision says", () => {
    const wrong: string[] = [];
    let removedListings = 0;
    for (const r of records) {
      const publicity = publicityOf(factsOf(r));
      const at = `${r.department} ${r.category} ${r.severity} ${r.id} decided ${r.decided_on} (${r.status})`;
      if (r.status === "REMOVED" && !publicity.listed) wrong.push(`${at}: removed, but it is no listing`);
      if (publicity.listed && r.status === "REPAIRED") wrong.push(`${at}: a listing repaired`);
      if (publicity.listed && r.status === "REMOVED") {
        removedListings++;
        // Removed as removeFromAbnormalOperations removes: once the cause was fixed, between listing and removal.
        const fixedOn = (r as Row & { cause_fixed_on?: string | null }).cause_fixed_on ?? "";
        if (!(r.decided_on <= fixedOn && fixedOn <= (r.closed_on ?? "")))
          wrong.push(`${at}: removed ${r.closed_on} without its cause fixed between (${fixedOn})`);
      }
      const endsOn = publicity.listed && r.status === "REMOVED" ? r.closed_on : publicity.endsOn;
      if (r.publicity_ends_on !== endsOn) wrong.push(`${at}: publicity ends ${r.publicity_ends_on}, the rule set says ${endsOn}`);
      if (r.publicity_rule !== publicity.source.ruleSet) wrong.push(`${at}: rule set ${r.publicity_rule}, should be ${publicity.source.ruleSet}`);
      if (publicity.listed && r.status === "ACTIVE" && r.publicity_ends_on !== UNTIL_REMOVED) wrong.push(`${at}: a listing still listed expires`);
    }
    expect(wrong).toEqual([]);
    expect(removedListings).toBeGreaterThan(5);
  });
});
