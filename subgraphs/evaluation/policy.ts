/**
 * The scoring policy: data (policy/*.json), validated when it loads — every problem listed at
 * once — and then frozen. The code that applies it is score.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../shared/paths.js";

export interface Dimension {
  name: string;
  zh: string;
  weight: number;
  /** Score of the dimension before any record counts. */
  base: number;
}

export interface Texts {
  zh: string;
  en: string;
}

export interface RecordRule extends Texts {
  department: string;
  /** A category of the department's records, or "*". */
  category: string;
  /** GENERAL, SERIOUS or "*". */
  severity: string;
  dimension: string;
  /** Points per counting record; or, with `pointsPerRecordPoint`, per point the record carries. */
  points?: number;
  pointsPerRecordPoint?: number;
}

export interface ListRule extends Texts {
  list: string;
  dimension: string;
  points: number;
}

export interface TaxLevelRule extends Texts {
  level: string;
  dimension: string;
  points: number;
}

export interface CommitmentRule extends Texts {
  fulfilment: "FULFILLED" | "BREACHED";
  dimension: string;
  points: number;
  /** At most this many commitments count. */
  maxCount?: number;
}

export type DirectDowngrade = Texts & { capAt: string } & (
    | { kind: "LIST"; list: string }
    | { kind: "RECORD"; department: string; category: string }
    | { kind: "TAX_LEVEL"; level: string }
    | { kind: "WARNING_LIST"; department: string }
  );

export interface Level {
  organization: string;
  person: string;
  minScore: number;
}

export interface Policy {
  version: string;
  description: string;
  provenance: string;
  scale: { min: number; max: number };
  dimensions: Dimension[];
  /** Best first; the last is the lowest. */
  levels: Level[];
  recordRules: RecordRule[];
  listRules: ListRule[];
  taxLevelRules: TaxLevelRule[];
  commitmentRules: CommitmentRule[];
  directDowngrades: DirectDowngrade[];
}

export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid scoring policy ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PolicyError";
  }
}

export const DEFAULT_POLICY_FILE = path.join(PROJECT_ROOT, "subgraphs", "evaluation", "policy", "policy-2026.1.json");
const ORGANIZATION_LEVELS = ["EXCELLENT", "GOOD", "FAIR", "POOR"];
const PERSON_COLOURS = ["BLUE", "GREEN", "YELLOW", "RED"];

/** Every problem of a policy object; empty when it is valid. */
export function validatePolicy(p: any): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => void (ok || problems.push(problem));
  const isText = (v: unknown) => typeof v === "string" && v.length > 0;
  need(isText(p?.version), "version must be a non-empty string");
  need(isText(p?.provenance), "provenance must say where the numbers come from");
  need(typeof p?.scale?.min === "number" && typeof p?.scale?.max === "number" && p.scale.min < p.scale.max, "scale needs numbers min < max");
  const dimensions: any[] = Array.isArray(p?.dimensions) ? p.dimensions : [];
  need(dimensions.length > 0, "dimensions must be a non-empty list");
  const names = new Set(dimensions.map((d) => d?.name));
  dimensions.forEach((d, i) => {
    need(isText(d?.name) && isText(d?.zh), `dimensions[${i}] needs name and zh`);
    need(typeof d?.weight === "number" && d.weight > 0, `dimensions[${i}].weight must be > 0`);
    need(typeof d?.base === "number" && d.base >= p?.scale?.min && d.base <= p?.scale?.max, `dimensions[${i}].base must lie on the scale`);
  });
  const total = dimensions.reduce((s, d) => s + (typeof d?.weight === "number" ? d.weight : 0), 0);
  need(Math.abs(total - 1) < 1e-9, `dimension weights must add up to 1, they add up to ${total}`);
  const levels: any[] = Array.isArray(p?.levels) ? p.levels : [];
  need(
    levels.map((l) => l?.organization).join() === ORGANIZATION_LEVELS.join() && levels.map((l) => l?.person).join() === PERSON_COLOURS.join(),
    `levels must be, best first, ${ORGANIZATION_LEVELS.join("/")} paired with ${PERSON_COLOURS.join("/")}`,
  );
  levels.forEach((l, i) => {
    need(typeof l?.minScore === "number", `levels[${i}].minScore must be a number`);
    if (i > 0) need(l?.minScore < levels[i - 1]?.minScore, `levels[${i}].minScore must be below levels[${i - 1}].minScore`);
  });
  need(levels[levels.length - 1]?.minScore === p?.scale?.min, "the lowest level must start at scale.min");
  const rules = (key: string, check: (r: any, where: string) => void) => {
    need(Array.isArray(p?.[key]), `${key} must be a list`);
    (Array.isArray(p?.[key]) ? p[key] : []).forEach((r: any, i: number) => {
      const where = `${key}[${i}]`;
      need(isText(r?.zh) && isText(r?.en), `${where} needs zh and en texts`);
      if (key !== "directDowngrades") need(names.has(r?.dimension), `${where}.dimension "${r?.dimension}" is not a dimension`);
      check(r, where);
    });
  };
  rules("recordRules", (r, w) => {
    need(isText(r?.department) && isText(r?.category) && ["GENERAL", "SERIOUS", "*"].includes(r?.severity), `${w} needs department, category and severity (GENERAL, SERIOUS or *)`);
    need((typeof r?.points === "number") !== (typeof r?.pointsPerRecordPoint === "number"), `${w} needs exactly one of points and pointsPerRecordPoint`);
  });
  rules("listRules", (r, w) => need(isText(r?.list) && typeof r?.points === "number", `${w} needs list and points`));
  rules("taxLevelRules", (r, w) => need(["A", "B", "M", "C", "D"].includes(r?.level) && typeof r?.points === "number", `${w} needs a tax level A/B/M/C/D and points`));
  rules("commitmentRules", (r, w) => {
    need(["FULFILLED", "BREACHED"].includes(r?.fulfilment) && typeof r?.points === "number", `${w} needs fulfilment FULFILLED/BREACHED and points`);
    need(r?.maxCount === undefined || (Number.isInteger(r.maxCount) && r.maxCount > 0), `${w}.maxCount must be a positive integer`);
  });
  rules("directDowngrades", (r, w) => {
    need(ORGANIZATION_LEVELS.includes(r?.capAt), `${w}.capAt must be one of ${ORGANIZATION_LEVELS.join(", ")}`);
    const ok =
      (r?.kind === "LIST" && isText(r.list)) ||
      (r?.kind === "RECORD" && isText(r.department) && isText(r.category)) ||
      (r?.kind === "TAX_LEVEL" && isText(r.level)) ||
      (r?.kind === "WARNING_LIST" && isText(r.department));
    need(ok, `${w} must be a LIST (list), RECORD (department, category), TAX_LEVEL (level) or WARNING_LIST (department) rule`);
  });
  return problems;
}

/** Loads and validates a policy file; throws a PolicyError listing every problem. */
export function loadPolicy(file = DEFAULT_POLICY_FILE): Readonly<Policy> {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new PolicyError(file, [`cannot read it as JSON: ${(error as Error).message}`]);
  }
  const problems = validatePolicy(data);
  if (problems.length > 0) throw new PolicyError(file, problems);
  return Object.freeze(data as Policy);
}

const loaded = new Map<string, Readonly<Policy>>();

/** The policy of a file (default: the shipped one), loaded and validated once per process. */
export function activePolicy(file = DEFAULT_POLICY_FILE): Readonly<Policy> {
  let policy = loaded.get(file);
  if (!policy) {
    policy = loadPolicy(file);
    loaded.set(file, policy);
  }
  return policy;
}
