/**
 * The trading office's scoring rules for quantified bad behaviour (不良行为量化记分): how long points
 * count and when a bidder goes on the warning list (不良行为警示名录), which restricts its bidding.
 *
 * These numbers are OURS, not the office's: domain.md §7 found no published Huzhou or Zhejiang
 * scoring scheme for public resources trading. They are placeholders, to be replaced by the
 * client's rules once the office supplies them.
 */
import type { Selectable } from "kysely";
import { computeRecordStatus } from "../../shared/publicity.js";
import { addMonths } from "../../shared/scalars.js";
import type { TradingRecordTable } from "./db.js";

/** Months a record's points count from its decision date (记分有效期). Ours: see above. */
export const POINTS_VALIDITY_MONTHS = 12;

/** Active points at or above which a bidder is on the warning list (警示名录). Ours: see above. */
export const WARNING_THRESHOLD_POINTS = 12;

/** Points one record may carry (每次记分), inclusive. */
export const MIN_POINTS = 1;
export const MAX_POINTS = 100;

const POINTS_PROBLEM = `must be an integer from ${MIN_POINTS} to ${MAX_POINTS}`;

/** The date a record's points stop counting (decision date + validity): they count while it is after today. */
export function computePointsValidUntil(decidedOn: string, months = POINTS_VALIDITY_MONTHS): string {
  return addMonths(decidedOn, months);
}

/** A problem text when `points` is not an integer from 1 to 100, else null. */
export function checkPoints(points: unknown): string | null {
  return typeof points === "number" && Number.isInteger(points) && points >= MIN_POINTS && points <= MAX_POINTS
    ? null
    : `${POINTS_PROBLEM}, got ${String(points)}`;
}

/** The `points` cell of an import row (undefined when missing or empty). */
export function parsePointsCell(raw: string | undefined): { value: number } | { problem: string } {
  const text = (raw ?? "").trim();
  const points = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  return checkPoints(points) === null ? { value: points } : { problem: `points ${POINTS_PROBLEM}` };
}

export interface WarningStatus {
  /** Sum of the points still counting today. */
  activePoints: number;
  /** Whether the active points reach the threshold (不良行为警示名录). */
  onWarningList: boolean;
}

/**
 * A bidder's warning status on `today`: a record's points count while it is ACTIVE (neither
 * repaired nor past its publicity) and before its points expire (decision date + validity).
 */
export function computeWarningStatus(
  records: readonly Pick<Selectable<TradingRecordTable>, "points" | "status" | "decided_on" | "publicity_ends_on">[],
  today: string,
  threshold = WARNING_THRESHOLD_POINTS,
): WarningStatus {
  let activePoints = 0;
  for (const r of records) {
    if (computeRecordStatus(r.status, r.publicity_ends_on, today) === "ACTIVE" && computePointsValidUntil(r.decided_on) > today) activePoints += r.points;
  }
  return { activePoints, onWarningList: activePoints >= threshold };
}
