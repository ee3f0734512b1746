/**
 * Publicity (公示) and the status every department record carries. How long a record is public
 * is its rule set's (shared/rules/rule-sets.ts: chosen by its decision date, with its legal source);
 * a record repaired or removed earlier stops counting then, and a listing (经营异常名录) is public
 * until its department removes it. A record's end date is `publicityOf` there (stored at write time).
 */
export const SEVERITIES = ["GENERAL", "SERIOUS"] as const;
export type Severity = (typeof SEVERITIES)[number];
export type RecordStatus = "ACTIVE" | "REPAIRED" | "REMOVED" | "EXPIRED";

/**
 * A record's status on `today`: repaired or removed wins; otherwise expired once its publicity has
 * ended (no manual step). The credit office's list entries follow the same rule with their term's
 * end (directory/list-entry.rules.ts).
 */
export function computeRecordStatus<S extends "ACTIVE" | "REPAIRED" | "REMOVED">(stored: S, publicityEndsOn: string, today: string): S | "EXPIRED" {
  if (stored !== "ACTIVE") return stored;
  return publicityEndsOn <= today ? "EXPIRED" : stored;
}
