/**
 * The notice rules as data (notice-rules.json beside this file, typebox-validated like the rule
 * sets): which kinds of notice there are (主动告知 on a recorded penalty and on a grade changed by
 * the population snapshot; 到期提醒 on the earliest repair date, before a publicity term, a list term
 * or a commitment ends; 跟踪回访 some days after a repair was approved), the consent each needs, its
 * lead (or follow-up) time and its templates in Chinese with English beside. A notice's dates come
 * from the record's own rule set (shared/rules/rule-sets.ts) or the credit office's own rows:
 * nothing about periods is decided here.
 */
import path from "node:path";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { dataFile } from "../../../shared/data-file.js";
import { categoryLabel, DEPARTMENTS } from "../../../shared/departments.js";
import { PROJECT_ROOT } from "../../../shared/paths.js";
import { UNTIL_REMOVED, repairRuleOf, sourceById } from "../../../shared/rules/rule-sets.js";
import { factsOfRow, type RecordColumns } from "../../../shared/records/table.js";
import { CodeConsent } from "../codes/code.type.js";

/** Which template of a kind a record takes: repairable early, never early, or a listing (public until removed); DEFAULT for the kinds that are not about a department record. */
export const VARIANTS = ["REPAIRABLE", "NOT_EARLY", "LISTED", "DEFAULT"] as const;
export type Variant = (typeof VARIANTS)[number];
/**
 * What starts a kind: a record written (an outbox change), a date of the record reached by the scan,
 * a date of the credit office's own rows (an approved repair's follow-up, a list term's or a
 * commitment's end), or a grade changed between two population snapshots.
 */
export const TRIGGERS = {
  RECORDED: ["REPAIRABLE", "NOT_EARLY", "LISTED"],
  EARLIEST_REPAIR: ["REPAIRABLE"],
  PUBLICITY_END: ["REPAIRABLE", "NOT_EARLY"],
  REPAIR_FOLLOW_UP: ["DEFAULT"],
  LIST_TERM_END: ["DEFAULT"],
  COMMITMENT_DUE: ["DEFAULT"],
  GRADE_CHANGE: ["DEFAULT"],
} as const;
/** The placeholders a template may use. */
export const PLACEHOLDERS = [
  "department",
  "departmentEn",
  "category",
  "categoryEn",
  "decidedOn",
  "documentNo",
  "publicityEndsOn",
  "earliestRepairOn",
  "ruleSet",
  "ruleTitle",
  "basis",
  // 跟踪回访: the approved repair and its commitment.
  "approvedOn",
  "repairStatus",
  "repairStatusEn",
  "commitmentDueOn",
  "commitmentStatus",
  "commitmentStatusEn",
  // 到期提醒 of the credit office's rows: a list entry's term, a commitment's due date.
  "listName",
  "listNameEn",
  "listedOn",
  "expiresOn",
  "committedOn",
  // A grade change: the grades and the reasons that changed.
  "gradeFrom",
  "gradeFromEn",
  "gradeTo",
  "gradeToEn",
  "asOf",
  "reasonsAdded",
  "reasonsAddedEn",
  "reasonsRemoved",
  "reasonsRemovedEn",
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const Text = Type.String({ minLength: 1 });
const Template = Type.Object({ zh: Text, en: Text });
const KindSchema = Type.Object({
  kind: Type.String({ pattern: "^[A-Z][A-Z0-9_]{0,39}$" }),
  family: Type.Union([Type.Literal("主动告知"), Type.Literal("到期提醒"), Type.Literal("跟踪回访")]),
  trigger: Type.Union(Object.keys(TRIGGERS).map((t) => Type.Literal(t))),
  /** Days before the trigger's date the notice is due (到期提醒 only). */
  leadDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  /** Days after the trigger's date the notice is due (跟踪回访: after the repair's approval). */
  afterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  /** Any one of these 个人诚信码 / contact consents lets it be sent. */
  consents: Type.Array(Text, { minItems: 1 }),
  templates: Type.Record(Type.String(), Template),
});
export const NoticeRulesSchema = Type.Object({ version: Text, description: Text, provenance: Text, kinds: Type.Array(KindSchema, { minItems: 1 }) });
export type NoticeRules = Static<typeof NoticeRulesSchema>;
export type NoticeKindRule = Static<typeof KindSchema>;
export type Trigger = keyof typeof TRIGGERS;

/** Every problem of a parsed rules file, none when valid. */
export function validateNoticeRules(data: unknown): string[] {
  const shape = [...Value.Errors(NoticeRulesSchema, data)].map((e) => `${e.path.slice(1).replace(/\//g, ".") || "rules"}: ${e.message}`);
  if (shape.length > 0) return [...new Set(shape)];
  const problems: string[] = [];
  const seen = new Set<string>();
  (data as NoticeRules).kinds.forEach((k, i) => {
    const at = `kinds[${i}] (${k.kind})`;
    if (seen.has(k.kind)) problems.push(`${at}: kind used twice`);
    seen.add(k.kind);
    for (const c of k.consents) if (!(c in CodeConsent)) problems.push(`${at}: no consent ${c} (CodeConsent)`);
    for (const v of TRIGGERS[k.trigger as Trigger]) if (!k.templates[v]) problems.push(`${at}: no ${v} template (its trigger ${k.trigger} needs one)`);
    if ((k.trigger === "REPAIR_FOLLOW_UP") !== (k.afterDays !== undefined)) problems.push(`${at}: afterDays is for REPAIR_FOLLOW_UP kinds, and each needs one`);
    for (const [variant, template] of Object.entries(k.templates)) {
      if (!(VARIANTS as readonly string[]).includes(variant)) problems.push(`${at}.templates: no variant ${variant}`);
      for (const text of [template.zh, template.en])
        for (const [, name] of text.matchAll(/\{(\w+)\}/g))
          if (!(PLACEHOLDERS as readonly string[]).includes(name)) problems.push(`${at}.templates.${variant}: unknown placeholder {${name}}`);
    }
  });
  return problems;
}

export const DEFAULT_NOTICE_RULES_FILE = path.join(PROJECT_ROOT, "subgraphs", "credit", "notices", "notice-rules.json");
const rulesFile = dataFile<NoticeRules>("notice rules", DEFAULT_NOTICE_RULES_FILE, validateNoticeRules);
export const activeNoticeRules = (file = DEFAULT_NOTICE_RULES_FILE): Readonly<NoticeRules> => rulesFile.active(file);

/** The kinds a trigger starts. */
export const kindsOf = (trigger: Trigger, rules = activeNoticeRules()): NoticeKindRule[] => rules.kinds.filter((k) => k.trigger === trigger);
export const kindNamed = (kind: string, rules = activeNoticeRules()): NoticeKindRule | undefined => rules.kinds.find((k) => k.kind === kind);

/** What a notice says about its record: read from the stored row and its rule set, once, when the record is seen. */
export interface RecordFacts {
  department: string;
  recordId: string;
  documentNo: string;
  category: string;
  decidedOn: string;
  publicityEndsOn: string;
  /** The decision date plus the rule set's minimum; null when it cannot be repaired early (or is a listing). */
  earliestRepairOn: string | null;
  variant: Variant;
  ruleSet: string;
  ruleTitle: string;
  basis: string;
}

/** A department record row as its outbox change carries it (`after`). */
export type RecordRow = Pick<RecordColumns, "id" | "subject_id" | "document_no" | "category" | "severity" | "decided_on" | "amount_fen" | "publicity_ends_on"> &
  Pick<RecordColumns, "publicity_rule">;

/** A record's facts for its notices (repair dates from the rule set of its decision date). */
export function recordFactsOf(department: string, row: RecordRow): RecordFacts {
  const rule = repairRuleOf(factsOfRow(department, row));
  const variant: Variant = rule.listed || row.publicity_ends_on === UNTIL_REMOVED ? "LISTED" : rule.neverEarly ? "NOT_EARLY" : "REPAIRABLE";
  const source = (row.publicity_rule && sourceById(row.publicity_rule)) || rule.source;
  return {
    department,
    recordId: row.id,
    documentNo: row.document_no,
    category: row.category,
    decidedOn: row.decided_on,
    publicityEndsOn: row.publicity_ends_on,
    earliestRepairOn: variant === "REPAIRABLE" ? rule.earliestDate : null,
    variant,
    ruleSet: source.ruleSet,
    ruleTitle: source.title,
    basis: rule.basis,
  };
}

/**
 * What a notice is about, for its template and its body: the department and row it names, the
 * template variant, the placeholders' values and the body's `record` part. No free text a clerk
 * wrote goes in (a reason, a matter): only codes, dates, labels and the rules' own words.
 */
export interface NoticeFacts {
  department: string;
  recordId: string;
  variant: Variant;
  values: Partial<Record<Placeholder, string>>;
  /** The body's `record`: what a receiver may key on. */
  about: Record<string, unknown>;
}

/** The names of a department, Chinese and English. */
export function departmentNames(name: string): { department: string; departmentEn: string } {
  const department = DEPARTMENTS.find((d) => d.name === name);
  return { department: department?.zh ?? name, departmentEn: department?.en ?? name };
}

/** A department record's notice facts. */
export function recordNoticeFacts(facts: RecordFacts): NoticeFacts {
  return {
    department: facts.department,
    recordId: facts.recordId,
    variant: facts.variant,
    values: {
      ...departmentNames(facts.department),
      category: categoryLabel(facts.department, facts.category, "zh"),
      categoryEn: categoryLabel(facts.department, facts.category, "en"),
      decidedOn: facts.decidedOn,
      documentNo: facts.documentNo,
      publicityEndsOn: facts.publicityEndsOn === UNTIL_REMOVED ? "移出名录之日" : facts.publicityEndsOn,
      earliestRepairOn: facts.earliestRepairOn ?? "—",
      ruleSet: facts.ruleSet,
      ruleTitle: facts.ruleTitle,
      basis: facts.basis,
    },
    about: {
      department: facts.department,
      recordId: facts.recordId,
      documentNo: facts.documentNo,
      category: facts.category,
      decidedOn: facts.decidedOn,
      publicityEndsOn: facts.publicityEndsOn,
      earliestRepairOn: facts.earliestRepairOn,
      ruleSet: facts.ruleSet,
    },
  };
}

/** A kind's text for its facts, Chinese and English, or undefined when the kind has no template for their variant (a placeholder without a value reads "—"). */
export function renderNotice(kind: NoticeKindRule, facts: NoticeFacts): { zh: string; en: string } | undefined {
  const template = kind.templates[facts.variant];
  if (!template) return undefined;
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: Placeholder) => facts.values[name] ?? "—");
  return { zh: fill(template.zh), en: fill(template.en) };
}
