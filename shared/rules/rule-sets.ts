/**
 * Publicity and repair rules as dated rule sets (shared/rules/rule-sets.json): each set names its
 * legal source (document, article where known, date in force), the decisions it governs (an
 * effective date range, and the departments and categories where the law differs) and its periods.
 * A record's set is chosen by its decision date; the most specific set in force that day wins (a
 * department's and category's own set over the general one). Every department, the credit office's
 * repair applications and the seeders read these functions: one rule code for all of them.
 */
import path from "node:path";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { dataFile } from "../data-file.js";
import { DEPARTMENTS } from "../departments.js";
import { parseSubjectId } from "../ids.js";
import { PROJECT_ROOT } from "../paths.js";
import { addDays, addMonths, EARLIEST_DATE } from "../scalars.js";

const Text = Type.String({ minLength: 1 });
const Day = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" });
const Period = Type.Object({ minimumMonths: Type.Integer({ minimum: 0 }), maximumMonths: Type.Integer({ minimum: 0 }), basis: Text });
/** Order No. 45 Art. 14's conditions for an early stop of a market penalty's publicity. */
export const EARLY_STOP_CONDITIONS = ["PENALTY_FULFILLED", "HARM_REMOVED", "NO_REPEAT_OFFENCE", "NOT_ON_LISTS"] as const;
export type EarlyStopCondition = (typeof EARLY_STOP_CONDITIONS)[number];

const RuleSetSchema = Type.Object({
  id: Type.String({ pattern: "^[A-Z0-9-]{1,40}$" }),
  title: Text,
  source: Type.Object({ document: Text, article: Type.Union([Text, Type.Null()]), inForceFrom: Type.Union([Day, Type.Null()]), url: Text }),
  /** What in the set is ours (not read from its source), and why. */
  ours: Type.Union([Text, Type.Null()]),
  appliesTo: Type.Object({ departments: Type.Array(Text, { minItems: 1 }), categories: Type.Array(Text, { minItems: 1 }) }),
  effectiveFrom: Day,
  effectiveTo: Type.Union([Day, Type.Null()]),
  /** False: no early stop (repair) under this set at all. */
  earlyStop: Type.Boolean(),
  /** A list with its own lifecycle (listed → cause fixed → removed): public until removed, never repaired. */
  list: Type.Optional(Type.Boolean()),
  periods: Type.Object({ GENERAL: Period, SERIOUS: Period }),
  lowFine: Type.Optional(
    Type.Object({
      months: Type.Integer({ minimum: 1 }),
      maxYuan: Type.Object({ ORGANIZATION: Type.Number({ minimum: 0 }), PERSON: Type.Number({ minimum: 0 }) }),
      basis: Text,
    }),
  ),
  conditions: Type.Optional(Type.Array(Type.Union(EARLY_STOP_CONDITIONS.map((c) => Type.Literal(c))))),
  rules: Type.Array(
    Type.Object({
      department: Text,
      category: Text,
      severity: Type.Union([Type.Literal("GENERAL"), Type.Literal("SERIOUS"), Type.Literal("*")]),
      minimumMonths: Type.Optional(Type.Integer({ minimum: 0 })),
      neverEarly: Type.Optional(Type.Boolean()),
      basis: Text,
    }),
  ),
});

export const RuleSetsSchema = Type.Object({ version: Text, description: Text, provenance: Text, ruleSets: Type.Array(RuleSetSchema, { minItems: 1 }) });
export type RuleSets = Static<typeof RuleSetsSchema>;
export type RuleSet = Static<typeof RuleSetSchema>;

/** What a listing's publicity end date is while it is listed: until it is removed. */
export const UNTIL_REMOVED = "9999-12-31";

const categoriesOf = (department: string): string[] => Object.keys(DEPARTMENTS.find((d) => d.name === department)?.records?.categories.values ?? {});

export function validateRuleSets(data: unknown): string[] {
  const shape = [...Value.Errors(RuleSetsSchema, data)].map((e) => `${e.path.slice(1).replace(/\//g, ".") || "ruleSets"}: ${e.message}`);
  if (shape.length > 0) return [...new Set(shape)];
  const { ruleSets } = data as RuleSets;
  const problems: string[] = [];
  const ids = new Set<string>();
  ruleSets.forEach((set, i) => {
    const at = `ruleSets[${i}] (${set.id})`;
    if (ids.has(set.id)) problems.push(`${at}: id used twice`);
    ids.add(set.id);
    if (set.effectiveTo !== null && set.effectiveTo < set.effectiveFrom) problems.push(`${at}: effectiveTo before effectiveFrom`);
    for (const d of set.appliesTo.departments) if (d !== "*" && categoriesOf(d).length === 0) problems.push(`${at}: no record department "${d}"`);
    for (const c of set.appliesTo.categories) {
      if (c !== "*" && !set.appliesTo.departments.some((d) => categoriesOf(d).includes(c))) problems.push(`${at}: no category "${c}" in its departments`);
    }
    for (const severity of ["GENERAL", "SERIOUS"] as const) {
      const p = set.periods[severity];
      if (!set.list && p.maximumMonths < 1) problems.push(`${at}.periods.${severity}: a maximum of at least 1 month`);
      if (p.minimumMonths > Math.max(p.maximumMonths, set.list ? 0 : 1) && set.earlyStop) problems.push(`${at}.periods.${severity}: minimum above maximum`);
    }
    set.rules.forEach((rule, j) => {
      if (!categoriesOf(rule.department).includes(rule.category)) problems.push(`${at}.rules[${j}]: no category ${rule.department} ${rule.category}`);
    });
  });
  // Every decision from the earliest date on falls under exactly one general set.
  const general = ruleSets.filter((s) => s.appliesTo.departments.includes("*")).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  let next = EARLIEST_DATE;
  for (const set of general) {
    if (set.effectiveFrom !== next) problems.push(`the general rule sets leave a gap or overlap at ${next} (${set.id} starts ${set.effectiveFrom})`);
    next = set.effectiveTo === null ? "open" : addDays(set.effectiveTo, 1);
  }
  if (next !== "open") problems.push(`no general rule set after ${next}`);
  return problems;
}

export const DEFAULT_RULE_SETS_FILE = path.join(PROJECT_ROOT, "shared", "rules", "rule-sets.json");
const rulesFile = dataFile<RuleSets>("publicity and repair rule sets", DEFAULT_RULE_SETS_FILE, validateRuleSets);

/** The rule sets of a file (default: the shipped one), loaded and validated once per process. */
export const activeRuleSets = (file = DEFAULT_RULE_SETS_FILE): Readonly<RuleSets> => rulesFile.active(file);

/** What a record's rules depend on. */
export interface RecordFacts {
  department: string;
  category: string;
  severity: string;
  /** Decision date (决定日期): chooses the rule set. */
  decidedOn: string;
  /** The fine or amount in yuan, where there is one (Order No. 45's low fine). */
  fineYuan?: number | null;
  /** The subject (its kind sets the low-fine limit); an organisation when not given. */
  subjectId?: string;
}

const matches = (list: readonly string[], value: string) => list.includes("*") || list.includes(value);
const specificity = (set: RuleSet) => (set.appliesTo.departments.includes("*") ? 0 : 1) + (set.appliesTo.categories.includes("*") ? 0 : 2);

/** The rule set a record falls under: in force on its decision date, the most specific that matches. */
export function ruleSetOf(record: Pick<RecordFacts, "department" | "category" | "decidedOn">, sets = activeRuleSets()): RuleSet {
  const found = sets.ruleSets
    .filter(
      (s) =>
        matches(s.appliesTo.departments, record.department) &&
        matches(s.appliesTo.categories, record.category) &&
        s.effectiveFrom <= record.decidedOn &&
        (s.effectiveTo === null || record.decidedOn <= s.effectiveTo),
    )
    .sort((a, b) => specificity(b) - specificity(a))[0];
  // validateRuleSets keeps the general sets gapless from the earliest accepted date.
  if (!found) throw new Error(`No rule set for a decision of ${record.decidedOn}`);
  return found;
}

/** A rule set's legal source, as every record shows it. */
export interface RuleSource {
  ruleSet: string;
  title: string;
  document: string;
  article: string | null;
  inForceFrom: string | null;
  ours: string | null;
}

export const sourceOf = (set: RuleSet): RuleSource => ({
  ruleSet: set.id,
  title: set.title,
  document: set.source.document,
  article: set.source.article,
  inForceFrom: set.source.inForceFrom,
  ours: set.ours,
});

/** The source of a rule set by id, or undefined for an unknown one. */
export const sourceById = (id: string, sets = activeRuleSets()): RuleSource | undefined => {
  const set = sets.ruleSets.find((s) => s.id === id);
  return set && sourceOf(set);
};

const severityOf = (severity: string) => (severity === "SERIOUS" ? "SERIOUS" : "GENERAL");

const ruleOf = (set: RuleSet, record: RecordFacts) => {
  const severity = severityOf(record.severity);
  const found = set.rules.filter(
    (r) => r.department === record.department && r.category === record.category && (r.severity === "*" || r.severity === severity),
  );
  return found.find((r) => r.severity === severity) ?? found[0];
};

export interface Publicity {
  /** 公示截止日期: {@link UNTIL_REMOVED} for a listing still listed. */
  endsOn: string;
  /** Months of publicity (0 for a listing: until removed). */
  months: number;
  /** A listing (经营异常名录): public until removed, never expires by itself. */
  listed: boolean;
  basis: string;
  source: RuleSource;
}

/** A record's publicity: its end date and why, under the rule set of its decision date. */
export function publicityOf(record: RecordFacts, sets = activeRuleSets()): Publicity {
  const set = ruleSetOf(record, sets);
  const source = sourceOf(set);
  const period = set.periods[severityOf(record.severity)];
  if (set.list) return { endsOn: UNTIL_REMOVED, months: 0, listed: true, basis: period.basis, source };
  const fine = record.fineYuan ?? 0;
  const kind = record.subjectId && isPerson(record.subjectId) ? "PERSON" : "ORGANIZATION";
  if (set.lowFine && severityOf(record.severity) === "GENERAL" && fine > 0 && fine <= set.lowFine.maxYuan[kind]) {
    return { endsOn: addMonths(record.decidedOn, set.lowFine.months), months: set.lowFine.months, listed: false, basis: set.lowFine.basis, source };
  }
  return { endsOn: addMonths(record.decidedOn, period.maximumMonths), months: period.maximumMonths, listed: false, basis: period.basis, source };
}

const isPerson = (subjectId: string) => {
  const parsed = parseSubjectId(subjectId);
  return parsed.ok && parsed.value.kind === "PERSON";
};

export interface RepairRule {
  /** Months from the decision before an application may be filed. */
  minimumMonths: number;
  /** The decision date plus the minimum. */
  earliestDate: string;
  /** True: cannot be repaired early at all (a heavy penalty, a serious list, a set without early stop). */
  neverEarly: boolean;
  /** A listing: removed by its department once the cause is fixed, never repaired. */
  listed: boolean;
  /** Conditions an application must meet besides the period (Order No. 45 Art. 14 for market penalties). */
  conditions: readonly EarlyStopCondition[];
  basis: string;
  source: RuleSource;
}

/** Whether and from when a record may be repaired early, under the rule set of its decision date. */
export function repairRuleOf(record: RecordFacts, sets = activeRuleSets()): RepairRule {
  const set = ruleSetOf(record, sets);
  const period = set.periods[severityOf(record.severity)];
  const rule = ruleOf(set, record);
  const minimumMonths = Math.max(rule?.minimumMonths ?? 0, period.minimumMonths);
  return {
    minimumMonths,
    earliestDate: addMonths(record.decidedOn, minimumMonths),
    neverEarly: !set.earlyStop || Boolean(rule?.neverEarly),
    listed: Boolean(set.list),
    conditions: set.conditions ?? [],
    basis: rule?.basis ?? (set.earlyStop ? period.basis : `${set.title}：不设提前终止公示`),
    source: sourceOf(set),
  };
}
