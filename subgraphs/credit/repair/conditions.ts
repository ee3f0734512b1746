/**
 * Whether a record may be repaired now, under the dated rule set of its decision date
 * (shared/rules/rule-sets.ts): a listing is removed by its department, never repaired; a record
 * that can never be repaired early is refused; one within its minimum period is refused with the
 * earliest date; a market penalty under SAMR Order No. 45 must meet Art. 14's conditions. Checked
 * before any content check of the materials. Also the rule sets as `Query.repairRules` lists them.
 */
import { createError, ErrorCodes } from "../../../shared/errors.js";
import { type Declared, unmetCondition } from "../../../shared/rules/early-stop.js";
import { activeRuleSets, repairRuleOf, sourceOf } from "../../../shared/rules/rule-sets.js";
import type { DepartmentRecord } from "../reports/subject-records.js";
import type { RepairRuleView } from "./repair.type.js";
import type { RuleSetView } from "./rule-sets.type.js";

type Record = Pick<DepartmentRecord, "id" | "department" | "category" | "severity" | "decidedOn" | "amount" | "status">;

/** Throws the coded refusal of an application for `record` on `today`; returns when it may be filed. */
export function checkRepairable(record: Record, records: readonly Record[], declared: Declared, today: string): void {
  const rule = repairRuleOf({ ...record, fineYuan: record.amount });
  const basis = `${rule.basis}（${rule.source.document}）`;
  if (rule.listed) {
    throw createError(
      ErrorCodes.LISTING_NOT_REPAIRABLE,
      `A listing on the 经营异常名录 is not repaired: the market department removes it once its cause is fixed (removeFromAbnormalOperations): ${basis}`,
      { removal: "removeFromAbnormalOperations" },
    );
  }
  if (rule.neverEarly) throw createError(ErrorCodes.REPAIR_NOT_ALLOWED, `This record cannot be repaired early: ${basis}`, { rule: basis });
  if (today < rule.earliestDate) {
    throw createError(
      ErrorCodes.REPAIR_TOO_EARLY,
      `Applications for this record open on ${rule.earliestDate} (${rule.minimumMonths} months after the decision): ${basis}`,
      { earliestDate: rule.earliestDate, rule: basis },
    );
  }
  const unmet = unmetCondition(record, records, declared, rule.conditions);
  if (unmet) {
    throw createError(ErrorCodes.REPAIR_CONDITION_UNMET, `${unmet.condition}: ${unmet.why} (${rule.source.document} ${rule.source.article ?? ""})`.trim(), {
      condition: unmet.condition,
    });
  }
}

/** Every rule set's periods (department and category `*` or its own) and specific rules, as `repairRules.rules`. */
export function ruleViews(): RepairRuleView[] {
  return activeRuleSets().ruleSets.flatMap((set) => [
    ...(["GENERAL", "SERIOUS"] as const).map((severity) => ({
      ruleSet: set.id,
      department: set.appliesTo.departments.join(","),
      category: set.appliesTo.categories.join(","),
      severity,
      minimumMonths: set.periods[severity].minimumMonths,
      maximumMonths: set.list ? null : set.periods[severity].maximumMonths,
      neverEarly: !set.earlyStop,
      basis: set.periods[severity].basis,
    })),
    ...set.rules.map((rule) => ({
      ruleSet: set.id,
      department: rule.department,
      category: rule.category,
      severity: rule.severity,
      minimumMonths: Math.max(
        rule.minimumMonths ?? 0,
        ...(["GENERAL", "SERIOUS"] as const).filter((s) => rule.severity === "*" || rule.severity === s).map((s) => set.periods[s].minimumMonths),
      ),
      maximumMonths: null,
      neverEarly: Boolean(rule.neverEarly) || !set.earlyStop,
      basis: rule.basis,
    })),
  ]);
}

/** Every rule set as `repairRules.ruleSets` shows it. */
export function ruleSetViews(): RuleSetView[] {
  return activeRuleSets().ruleSets.map((set) => ({
    source: sourceOf(set),
    url: set.source.url,
    departments: set.appliesTo.departments,
    categories: set.appliesTo.categories,
    effectiveFrom: set.effectiveFrom,
    effectiveTo: set.effectiveTo,
    earlyStop: set.earlyStop,
    list: Boolean(set.list),
    lowFine: set.lowFine
      ? {
          months: set.lowFine.months,
          maxYuanOrganization: set.lowFine.maxYuan.ORGANIZATION,
          maxYuanPerson: set.lowFine.maxYuan.PERSON,
          basis: set.lowFine.basis,
        }
      : null,
    conditions: set.conditions ?? [],
  }));
}
