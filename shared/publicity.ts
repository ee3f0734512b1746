/**
 * Publicity (公示) periods and the status every department record carries. The periods are the
 * maximum publicity under 发改办财金〔2019〕527号 and NDRC Order No. 58 (domain.md §5): general
 * (一般) information 1 year, serious (严重) 3 years from the decision date. They are ours to
 * configure per department; a record repaired earlier stops counting at its repair.
 */
import { addMonths } from "./scalars.js";

export const SEVERITIES = ["GENERAL", "SERIOUS"] as const;
export type Severity = (typeof SEVERITIES)[number];
export type RecordStatus = "ACTIVE" | "REPAIRED" | "REMOVED" | "EXPIRED";

/** Months of publicity per severity. */
export const PUBLICITY_MONTHS: Readonly<Record<Severity, number>> = Object.freeze({ GENERAL: 12, SERIOUS: 36 });

/** The publicity end date of a record decided on `decidedOn`. */
export function computePublicityEnd(decidedOn: string, severity: Severity, months = PUBLICITY_MONTHS): string {
  return addMonths(decidedOn, months[severity]);
}

/** A record's status on `today`: repaired or removed wins; otherwise expired once its publicity has ended (no manual step). */
export function computeRecordStatus(stored: "ACTIVE" | "REPAIRED" | "REMOVED", publicityEndsOn: string, today: string): RecordStatus {
  if (stored !== "ACTIVE") return stored;
  return publicityEndsOn <= today ? "EXPIRED" : "ACTIVE";
}
