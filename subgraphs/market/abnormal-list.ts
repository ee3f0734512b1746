/**
 * The 经营异常名录 as a list with its own lifecycle (domain.md §4): listed on one of four statutory
 * causes, the cause fixed, removed by the market department — not a penalty with an expiry. While
 * listed it is public and counts (its publicity end is UNTIL_REMOVED, shared/rules/); credit repair
 * refuses it (LISTING_NOT_REPAIRABLE); removal goes through the kernel's audited write path
 * (before and after in the record change). Under the 2015 rules 3 years on the list moved an
 * enterprise to the serious-violation list: the listed duration is shown, the move is not applied.
 */
import type { Selectable } from "kysely";
import { createError, createValidationError, ErrorCodes } from "../../shared/errors.js";
import { type RecordStore, writeWithChange } from "../../shared/records/writes.js";
import { isIsoDate, todayInChina } from "../../shared/scalars.js";
import { checkText } from "../../shared/text.js";
import type { MarketRecordTable } from "./db.js";
import { MarketRecordCategory } from "./market.type.js";

/** Days a listing has been on the list: to its removal, or to today while listed; null for any other record. */
export function listedDays(row: Pick<Selectable<MarketRecordTable>, "category" | "decided_on" | "closed_on">, today = todayInChina()): number | null {
  if (row.category !== MarketRecordCategory.ABNORMAL_OPERATIONS) return null;
  const until = row.closed_on ?? today;
  return Math.max(0, Math.round((Date.parse(until) - Date.parse(row.decided_on)) / 86_400_000));
}

/**
 * Removes an ACTIVE listing once its cause was fixed on `causeFixedOn` (between the listing and
 * today): REMOVED today, its publicity ending today, `causeFixedOn` and the basis kept.
 */
export async function removeFromAbnormalOperations(
  store: RecordStore<Selectable<MarketRecordTable>>,
  id: string,
  causeFixedOn: string,
  basis: string,
): Promise<Selectable<MarketRecordTable>> {
  const why = checkText("basis", basis, 200);
  const today = todayInChina();
  const problems = [
    ...(isIsoDate(causeFixedOn) && causeFixedOn <= today
      ? []
      : [{ field: "causeFixedOn", message: `must be a date YYYY-MM-DD not in the future, got "${causeFixedOn}"` }]),
    ...(why.problem ? [why.problem] : []),
  ];
  if (problems.length > 0) throw createValidationError(problems);
  return writeWithChange(store, async (trx) => {
    const current = await trx.selectFrom(store.table).selectAll().where("id", "=", id).executeTakeFirst();
    if (!current) throw createError(ErrorCodes.NOT_FOUND, `No record "${id}"`);
    if (current.category !== MarketRecordCategory.ABNORMAL_OPERATIONS) {
      throw createError(ErrorCodes.CONFLICT, `Record "${id}" is ${current.category}, not a listing on the 经营异常名录`);
    }
    if (current.status !== "ACTIVE") throw createError(ErrorCodes.CONFLICT, `Record "${id}" is not listed (${current.status})`);
    if (causeFixedOn < current.decided_on) {
      throw createValidationError([{ field: "causeFixedOn", message: `${causeFixedOn} is before the listing of ${current.decided_on}` }]);
    }
    const own: Pick<Selectable<MarketRecordTable>, "cause_fixed_on"> = { cause_fixed_on: causeFixedOn };
    const after = await trx
      .updateTable(store.table)
      .set({
        ...own,
        status: "REMOVED",
        closed_on: today,
        publicity_ends_on: today,
        closure_basis: `移出经营异常名录：${why.text}（${causeFixedOn} 已纠正）`,
        updated_at: new Date().toISOString(),
      })
      .where("id", "=", id)
      .where("status", "=", "ACTIVE")
      .returningAll()
      .executeTakeFirstOrThrow();
    return { before: current, after, action: "DELIST" };
  });
}
