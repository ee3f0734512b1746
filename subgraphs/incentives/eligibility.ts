/**
 * Who may use an offer, now: a pure function of the federated profile (the facts the evaluation
 * reads, plus the 个人诚信码 registration), the live evaluation computed from them with the scoring
 * policy, and the offer's rules. Each condition is MET, NOT_MET or UNKNOWN (its department did not
 * answer); one NOT_MET refuses, otherwise one UNKNOWN leaves the offer UNKNOWN — granting nothing.
 */
import { factNamed } from "../../shared/departments.js";
import { codeLabel, factValueText, readFact } from "../../shared/facts.js";
import { parseSubjectId } from "../../shared/ids.js";
import { activeListEntries, activeTradingPoints, type Evaluation, latestTaxRating, type ProfileFacts, recordCounts } from "../evaluation/score.js";
import { COLOUR_NAMES, LEVEL_NAMES, ORGANIZATION_LEVELS, PERSON_COLOURS } from "../evaluation/policy.js";
import type { FactRequirement, Offer } from "./catalogue.js";

/** The profile as the incentives subgraph receives it: the evaluation's facts and the code registration. */
export interface IncentiveFacts extends ProfileFacts {
  /** null or absent: the credit office did not answer; `{ status: null }`: never registered. */
  creditCode?: { status: string | null } | null;
}

export type ConditionOutcome = "MET" | "NOT_MET" | "UNKNOWN";
export type EligibilityStatus = "ELIGIBLE" | "NOT_ELIGIBLE" | "UNKNOWN";

export interface Condition {
  /** KIND, CONSENT, EXCLUDED_LIST, REQUIRED_LIST, FACT, LEVEL or COLOUR. */
  condition: string;
  outcome: ConditionOutcome;
  /** The department whose data decides it. */
  department: string;
  zh: string;
  en: string;
}

export interface Eligibility {
  offer: Offer;
  status: EligibilityStatus;
  conditions: Condition[];
  /** Departments that did not answer, when the status is UNKNOWN. */
  missingDepartments: string[];
}

const LIST_ZH: Record<string, string> = {
  DISHONEST_JUDGMENT_DEBTOR: "失信被执行人",
  SERIOUS_DISHONESTY: "严重失信主体名单",
  MORAL_MODEL: "道德模范",
  LABOR_MODEL: "劳动模范",
  VOLUNTEER_5A: "5A志愿者",
  INTEGRITY_MODEL_ENTERPRISE: "诚信示范企业",
};

/** Position in a best-first list; -1 when absent. */
const rankIn = (values: readonly string[], value: string | null) => (value === null ? -1 : values.indexOf(value));

const outcome = (known: boolean, met: boolean): ConditionOutcome => (!known ? "UNKNOWN" : met ? "MET" : "NOT_MET");

/** The evaluation's two grades, best first, with their names in the conditions' text. */
const GRADES = {
  LEVEL: { values: ORGANIZATION_LEVELS, names: LEVEL_NAMES, zh: "公共信用等级", en: "Public credit level" },
  COLOUR: { values: PERSON_COLOURS, names: COLOUR_NAMES, zh: "个人诚信码", en: "Integrity code" },
} as const;

/** "At least `minimum`" on a grade of the evaluation: UNKNOWN while the evaluation is incomplete. */
function gradeCondition(grade: keyof typeof GRADES, minimum: string, now: string | null, complete: boolean, missing: string): Condition {
  const { values, zh, en } = GRADES[grade];
  const names: Readonly<Record<string, string>> = GRADES[grade].names;
  const rank = rankIn(values, now);
  return {
    condition: grade,
    outcome: outcome(complete, rank >= 0 && rank <= rankIn(values, minimum)),
    department: "evaluation",
    zh: complete ? `${zh}${names[minimum]}及以上（当前${names[now!]}）` : `${zh}${names[minimum]}及以上：评价不完整（缺少 ${missing}）`,
    en: complete ? `${en} ${minimum} or better (now ${now})` : `${en} ${minimum} or better: evaluation incomplete (missing ${missing})`,
  };
}

/** Department facts: what each reads, and from which department. */
const FACT_CHECKS: Record<Extract<FactRequirement, string>, (p: IncentiveFacts, asOf: string) => Omit<Condition, "condition">> = {
  TAX_LEVEL_A: (p, asOf) => {
    const rating = latestTaxRating(p, asOf);
    return {
      outcome: outcome(p.tax != null, rating?.level === "A"),
      department: "tax",
      zh: `纳税信用等级为A（最近一次：${rating ? `${rating.year}年度${rating.level}级` : "无"}）`,
      en: `Tax credit level A (latest: ${rating ? `${rating.level} for ${rating.year}` : "none"})`,
    };
  },
  NO_ACTIVE_HEALTH_DEFAULT: (p, asOf) => ({
    outcome: outcome(p.health != null, !(p.health?.records ?? []).some((r) => r.category === "PAY_AFTER_DEFAULT" && recordCounts(r, asOf))),
    department: "health",
    zh: "无公示中的医后付欠费逾期记录",
    en: "No unpaid pay-after-treatment bill in publicity",
  }),
  NOT_ON_TRADING_WARNING: (p, asOf) => ({
    outcome: outcome(p.publicResources != null, activeTradingPoints(p, asOf) < (p.publicResources?.warningThreshold ?? 0)),
    department: "public-resources",
    zh: "未列入公共资源交易不良行为警示名单",
    en: "Not on the public-resources trading warning list",
  }),
  NO_BREACHED_COMMITMENT: (p, asOf) => ({
    outcome: outcome(p.commitments != null, !(p.commitments ?? []).some((c) => c.fulfilment === "BREACHED" && c.dueOn <= asOf)),
    department: "credit",
    zh: "无违背信用承诺记录",
    en: "No broken credit commitment",
  }),
};

/** A fact a department publishes, one of some codes: UNKNOWN while that department does not answer. */
function publishedFactCheck(required: Exclude<FactRequirement, string>, p: IncentiveFacts): Omit<Condition, "condition"> {
  const fact = factNamed(required.fact);
  if (!fact) throw new Error(`the catalogue requires an unknown fact ${required.fact}`); // validated when the catalogue loads
  const part = p[fact.profileField];
  const value = readFact(part, fact);
  const now = (lang: "zh" | "en") => (value ? factValueText(fact, value, lang) : lang === "zh" ? "无" : "none");
  return {
    outcome: outcome(part != null, value !== null && required.anyOf.includes(value.code)),
    department: fact.department,
    zh: `${fact.zh}为${required.anyOf.map((code) => codeLabel(fact, code, "zh")).join("或")}（当前：${now("zh")}）`,
    en: `${fact.en} ${required.anyOf.join(" or ")} (now: ${now("en")})`,
  };
}

/** The conditions of one offer for one subject, in the order a reader checks them. */
function conditionsOf(offer: Offer, facts: IncentiveFacts, evaluation: Evaluation, asOf: string): Condition[] {
  const rules = offer.rules;
  const parsed = parseSubjectId(facts.id);
  const kind = parsed.ok ? parsed.value.kind : "ORGANIZATION";
  const conditions: Condition[] = [];
  const kinds = rules.subjectKinds.map((k) => (k === "PERSON" ? "个人" : "组织")).join("、");
  conditions.push({
    condition: "KIND",
    outcome: rules.subjectKinds.includes(kind) ? "MET" : "NOT_MET",
    department: "credit",
    zh: `适用对象：${kinds}`,
    en: `For: ${rules.subjectKinds.join(", ").toLowerCase()}`,
  });
  if (rules.consent && kind === "PERSON") {
    conditions.push({
      condition: "CONSENT",
      outcome: outcome(facts.creditCode != null, facts.creditCode?.status === "ACTIVE"),
      department: "credit",
      zh: "已注册个人诚信码并授权查询",
      en: "Registered for the personal integrity code, with consent",
    });
  }
  const listsKnown = facts.listEntries != null;
  const active = new Set(activeListEntries(facts, asOf).map((e) => e.list));
  for (const list of rules.excludedLists) {
    conditions.push({
      condition: "EXCLUDED_LIST",
      outcome: outcome(listsKnown, !active.has(list)),
      department: "credit",
      zh: `未列入${LIST_ZH[list]}`,
      en: `Not on ${list}`,
    });
  }
  if (rules.requiredLists.length > 0) {
    conditions.push({
      condition: "REQUIRED_LIST",
      outcome: outcome(
        listsKnown,
        rules.requiredLists.some((l) => active.has(l)),
      ),
      department: "credit",
      zh: `列入${rules.requiredLists.map((l) => LIST_ZH[l]).join("或")}`,
      en: `On ${rules.requiredLists.join(" or ")}`,
    });
  }
  for (const fact of rules.facts)
    conditions.push({ condition: "FACT", ...(typeof fact === "string" ? FACT_CHECKS[fact](facts, asOf) : publishedFactCheck(fact, facts)) });
  const missing = evaluation.missingSources.join(", ");
  if (rules.minLevel && kind === "ORGANIZATION") {
    conditions.push(gradeCondition("LEVEL", rules.minLevel, evaluation.level, evaluation.complete, missing));
  }
  if (rules.minColour && kind === "PERSON") {
    conditions.push(gradeCondition("COLOUR", rules.minColour, evaluation.codeColor, evaluation.complete, missing));
  }
  return conditions;
}

/** Whether `facts`' subject may use `offer` on `asOf`, with every condition and why. */
export function checkOffer(offer: Offer, facts: IncentiveFacts, evaluation: Evaluation, asOf: string): Eligibility {
  const conditions = conditionsOf(offer, facts, evaluation, asOf);
  const status: EligibilityStatus = conditions.some((c) => c.outcome === "NOT_MET")
    ? "NOT_ELIGIBLE"
    : conditions.some((c) => c.outcome === "UNKNOWN")
      ? "UNKNOWN"
      : "ELIGIBLE";
  const missingDepartments =
    status === "UNKNOWN"
      ? [
          ...new Set(
            conditions.filter((c) => c.outcome === "UNKNOWN").flatMap((c) => (c.department === "evaluation" ? evaluation.missingSources : [c.department])),
          ),
        ]
      : [];
  return { offer, status, conditions, missingDepartments };
}
