/**
 * SAMR Order No. 45 Art. 14's conditions for stopping a market penalty's publicity early, checked
 * against the subject's records: the one check both the credit office's `applyForCreditRepair`
 * (subgraphs/credit/repair/conditions.ts) and the demo's seeders (shared/seeding/seeder.ts) run.
 * Which conditions a record needs comes from its rule set (`repairRuleOf(...).conditions`).
 */
import type { EarlyStopCondition } from "./rule-sets.js";

/** The market categories that are penalties (a later one is a repeat offence) and the lists that bar an early stop. */
export const MARKET_PENALTIES: readonly string[] = ["ADMINISTRATIVE_PENALTY", "SPECIAL_EQUIPMENT"];
const BARRING_LISTS: readonly string[] = ["ABNORMAL_OPERATIONS", "SERIOUS_VIOLATION"];

/** What the conditions read of a record. */
export interface RecordState {
  id: string;
  department: string;
  category: string;
  decidedOn: string;
  status: string;
}

/** What the applicant declares (Art. 14 (1) and (2)). */
export interface Declared {
  penaltyFulfilled?: boolean | null;
  harmRemoved?: boolean | null;
}

/** The first unmet condition of a rule's list, with why; undefined when all are met. */
export function unmetCondition(
  record: RecordState,
  records: readonly RecordState[],
  declared: Declared,
  conditions: readonly EarlyStopCondition[],
): { condition: EarlyStopCondition; why: string } | undefined {
  const checks: { [C in EarlyStopCondition]: () => string | undefined } = {
    PENALTY_FULFILLED: () => (declared.penaltyFulfilled ? undefined : "the penalty's obligations are not declared fulfilled (penaltyFulfilled)"),
    HARM_REMOVED: () => (declared.harmRemoved ? undefined : "the harm and bad influence are not declared removed (harmRemoved)"),
    NO_REPEAT_OFFENCE: () => {
      const later = records.find(
        (r) =>
          r.id !== record.id && r.department === "market" && MARKET_PENALTIES.includes(r.category) && r.decidedOn > record.decidedOn && r.status !== "REMOVED",
      );
      return later && `a later market penalty ${later.id} of ${later.decidedOn}`;
    },
    NOT_ON_LISTS: () => {
      const listed = records.find((r) => r.department === "market" && BARRING_LISTS.includes(r.category) && r.status === "ACTIVE");
      return listed && `the subject is on the ${listed.category === "ABNORMAL_OPERATIONS" ? "经营异常名录" : "严重违法失信名单"} (${listed.id})`;
    },
  };
  for (const condition of conditions) {
    const why = checks[condition]();
    if (why) return { condition, why };
  }
  return undefined;
}
