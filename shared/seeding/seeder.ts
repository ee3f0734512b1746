/** What each department's seed.ts exports: its synthetic rows for one subject, keyed by table. */
import { createHash, createHmac } from "node:crypto";
import type { Migration } from "kysely";
import type { Severity } from "../publicity.js";
import { factsOfRow, publicityOfRow, type RecordColumns } from "../records/table.js";
import { type RecordState, unmetCondition } from "../rules/early-stop.js";
import { repairRuleOf } from "../rules/rule-sets.js";
import { addDays, type Rng } from "./random.js";
import type { DepartmentName } from "../departments.js";
import type { DistrictKey, FunctionalZoneKey } from "../divisions.js";
import type { OrgType } from "../ids.js";

/** One subject of the synthetic population (scripts/generate/population.ts makes them). */
export interface SyntheticSubject {
  id: string;
  kind: "ORGANIZATION" | "PERSON";
  organizationType: OrgType | null;
  name: string;
  district: DistrictKey;
  functionalZone: FunctionalZoneKey | null;
  industry: string | null;
  registeredOn: string;
  /** Latent credit risk in [0, 1): drives record rates in every department. */
  risk: number;
}

/** A record of some department repaired through the credit office (信用修复), which registers it. */
export interface RepairedRecord {
  department: string;
  recordId: string;
  appliedOn: string;
  decidedOn: string;
}

export interface GeneratedRows {
  /** Rows to insert, by table, in insertion order (parents first). */
  rows: Record<string, object[]>;
  /** Records this department generated as repaired, for the credit office's repair register. */
  repaired?: RepairedRecord[];
}

export interface DepartmentSeeder {
  name: DepartmentName;
  migrations: Record<string, Migration>;
  /**
   * One subject's rows. Deterministic: seed a PRNG with the department and subject id. Follow
   * `subject.risk` so departments agree. `repaired` (other departments' repaired records) is
   * given to the credit office only, which seeds last.
   */
  generate(subject: SyntheticSubject, asOf: string, repaired: RepairedRecord[]): GeneratedRows;
  /** Called before each seeding run, for generators that spread rows over the population in turn. */
  start?(): void;
}

/**
 * A record department's seeder: its generator for one subject, and where the generator's lists go
 * (table → rows, in insertion order); the repaired records go to the credit office's register.
 */
export function recordSeeder<Out extends { repaired: RepairedRecord[] }>(
  name: DepartmentName,
  migrations: Record<string, Migration>,
  generate: (subject: SyntheticSubject, asOf: string) => Out,
  tables: (out: Out) => Record<string, object[]>,
): DepartmentSeeder {
  return {
    name,
    migrations,
    generate(subject, asOf) {
      const out = generate(subject, asOf);
      return { rows: tables(out), repaired: out.repaired };
    },
  };
}

/** The facts of a generated department record; the common columns follow from them. */
export interface GeneratedRecord<C extends string = string> {
  id: string;
  subjectId: string;
  documentNo: string;
  category: C;
  severity: Severity;
  amountFen: number | null;
  description: string;
  decidedOn: string;
  /** Decided by simple procedure (简易程序). */
  simpleProcedure?: boolean;
}

/**
 * A record row with the common columns (shared/records/table.ts), ACTIVE until a repair closes it;
 * its publicity end date and rule set are the ones every write stores (the rule set of its decision
 * date, shared/rules/rule-sets.ts).
 */
export function buildRecordRow<C extends string>(department: string, r: GeneratedRecord<C>, asOf: string): RecordColumns<C> {
  const row: RecordColumns<C> = {
    id: r.id,
    subject_id: r.subjectId,
    document_no: r.documentNo,
    category: r.category,
    severity: r.severity,
    amount_fen: r.amountFen,
    description: r.description,
    decided_on: r.decidedOn,
    publicity_ends_on: "",
    publicity_rule: null,
    status: "ACTIVE",
    closed_on: null,
    closure_basis: null,
    updated_at: `${asOf}T00:00:00.000Z`,
    simple_procedure: r.simpleProcedure ? 1 : 0,
  };
  return restatePublicity(department, row);
}

/** Sets a row's publicity end date and rule set as its rule set says for its status (a removed listing ends on its removal). */
export function restatePublicity<Row extends RecordColumns>(department: string, row: Row): Row {
  const publicity = publicityOfRow(department, row);
  return Object.assign(row, { publicity_ends_on: publicity.endsOn, publicity_rule: publicity.source.ruleSet });
}

/** No seeded repair is applied for sooner than this after its decision, whatever the rule's minimum (issue 24: ours). */
export const SEEDED_REPAIR_MIN_DAYS = 90;

/** What the demo's applicants declare (Order No. 45 Art. 14 (1) and (2)). */
const DEMO_DECLARATION = { penaltyFulfilled: true, harmRemoved: true };

/**
 * Sometimes repairs a record through the credit office (信用修复), only as the rules let an
 * application through (the rule set of its decision date, `repairRuleOf`, the code the credit
 * office's `applyForCreditRepair` checks): never a listing (removed by its department, not
 * repaired) nor a record that can never be repaired early; applied for no sooner than the rule's
 * earliest date and {@link SEEDED_REPAIR_MIN_DAYS} after the decision (up to 100 days later), and
 * where the rule has conditions (SAMR Order No. 45) only when the subject's `records` meet them
 * (shared/rules/early-stop.ts, the credit office's own check; the demo applicant declares the
 * penalty fulfilled and the harm removed).
 * Decided 3–20 days after the application; the row is closed as REPAIRED once that is on or before
 * `asOf`. Returns the credit office's registration. With `chance` (default 15 %).
 */
export function repairSometimes(
  rng: Rng,
  department: string,
  row: RecordColumns,
  asOf: string,
  options: { chance?: number; records?: readonly RecordState[] } = {},
): RepairedRecord | undefined {
  const repaired = rng.chance(options.chance ?? 0.15);
  const rule = repairRuleOf(factsOfRow(department, row));
  const opens = [rule.earliestDate, addDays(row.decided_on, SEEDED_REPAIR_MIN_DAYS)].sort()[1];
  const appliedOn = addDays(opens, rng.int(0, 100));
  if (!repaired || rule.neverEarly || rule.listed || appliedOn >= asOf) return undefined;
  if (rule.conditions.length > 0) {
    const self = { id: row.id, department, category: row.category, decidedOn: row.decided_on, status: row.status };
    if (!options.records || unmetCondition(self, options.records, DEMO_DECLARATION, rule.conditions)) return undefined;
  }
  const decidedOn = addDays(appliedOn, rng.int(3, 20));
  if (decidedOn <= asOf) Object.assign(row, { status: "REPAIRED", closed_on: decidedOn, closure_basis: "信用修复申请（演示数据）" });
  return { department, recordId: row.id, appliedOn, decidedOn };
}

/**
 * The data folder's secret that keys every synthetic id (`useSyntheticIdKey`, set by the seed).
 * Ids are made from a subject's ID number, and a masked number leaves only the birth date unknown:
 * an unkeyed hash of a public seed's inputs would give the full number back to anyone who tries the
 * ~40,000 dates. Unset only where rows are generated and never stored (the generator's own tests).
 */
let idKey: string | undefined;

/** Keys the synthetic ids made from now on with the data folder's secret. */
export function useSyntheticIdKey(key: string): void {
  idKey = key;
}

/**
 * A synthetic record id that does not embed the subject's identifier (a person's ID number in a
 * record id would be visible to callers without `pii:read`): a prefix and 80 bits of a hash of
 * what makes the record unique. Deterministic, so seeding twice writes the same rows. Real
 * records get random UUIDs (shared/records/table.ts).
 */
export function opaqueId(prefix: string, subjectId: string, key: string | number): string {
  const text = `${prefix}\n${subjectId}\n${key}`;
  const hash = idKey ? createHmac("sha256", idKey).update(text) : createHash("sha256").update(`xinyi synthetic record\n${text}`);
  const digest = hash.digest("hex");
  return `${prefix}-${digest.slice(0, 20).toUpperCase()}`;
}

/** The serial of a synthetic decision document number (决定书文号), from its record id: 16 digits (no collision expected at city scale). */
export function documentSerial(recordId: string): string {
  const digest = createHash("sha256").update(`xinyi synthetic document\n${recordId}`).digest();
  return (digest.readBigUInt64BE(0) % 10n ** 16n).toString().padStart(16, "0");
}
