/**
 * The redemption ledger: idempotent, quota-bounded appends in one transaction, reversals as
 * correcting entries. Quotas are counters updated with a guarded UPDATE (`used + n <= limit`), so
 * concurrent redemptions never exceed them on SQLite (one writer) or PostgreSQL (row locks). An
 * offer's cap per subject (`perSubject`) is a counter of the same kind per subject, offer and
 * period, taken in the same transaction; its amount rules (`amountFen`) are checked there too.
 */
import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { createError, createValidationError, ErrorCodes } from "../../shared/errors.js";
import { todayInChina } from "../../shared/scalars.js";
import { amountProblem, type Offer, quotaPeriodOf } from "./catalogue.js";
import type { IncentivesDB, NewRedemption, RedemptionRow } from "./db.js";

const newLedgerId = (prefix: string) => `${prefix}-${randomBytes(12).toString("base64url")}`;

export function findByIdempotencyKey(db: Kysely<IncentivesDB>, partner: string, key: string) {
  return db.selectFrom("redemptions").selectAll().where("partner", "=", partner).where("idempotency_key", "=", key).executeTakeFirst();
}

/** Whether a stored entry is the redemption a repeated request asks for (same offer, subject, amount, action). */
export const sameRedemption = (row: RedemptionRow, asked: Pick<RedemptionRow, "offer_id" | "subject_id" | "amount_fen" | "action">): boolean =>
  row.offer_id === asked.offer_id && row.subject_id === asked.subject_id && Number(row.amount_fen) === asked.amount_fen && row.action === asked.action;

const isUniqueViolation = (error: unknown) => /unique|duplicate key/i.test(String((error as Error)?.message));
const isLimitError = (error: unknown) =>
  [ErrorCodes.QUOTA_EXHAUSTED, ErrorCodes.SUBJECT_LIMIT_REACHED].includes((error as { extensions?: { code?: never } })?.extensions?.code as never);

/**
 * Counts `sign` entries of `amountFen` against the offer's quota, or throws QUOTA_EXHAUSTED (the
 * transaction rolls back). Runs before the entry is inserted. A period's counter starts from the
 * ledger itself (entries seeded or imported before the first live redemption count too).
 */
async function useQuota(trx: Kysely<IncentivesDB>, offer: Offer, period: string, sign: number, amountFen: number): Promise<void> {
  const quota = offer.quota!;
  await trx
    .insertInto("quota_use")
    .columns(["offer_id", "period", "used_count", "used_fen"])
    .expression((eb) =>
      eb
        .selectFrom("redemptions")
        .select([
          eb.val(offer.id).as("offer_id"),
          eb.val(period).as("period"),
          sql<number>`coalesce(sum(sign), 0)`.as("used_count"),
          sql<number>`coalesce(sum(amount_fen), 0)`.as("used_fen"),
        ])
        .where("offer_id", "=", offer.id)
        .where("quota_period", "=", period),
    )
    .onConflict((oc) => oc.columns(["offer_id", "period"]).doNothing())
    .execute();
  let update = trx
    .updateTable("quota_use")
    .set((eb) => ({ used_count: eb("used_count", "+", sign), used_fen: eb("used_fen", "+", amountFen) }))
    .where("offer_id", "=", offer.id)
    .where("period", "=", period);
  if (sign > 0 && quota.count !== undefined) update = update.where("used_count", "<=", quota.count - 1);
  if (sign > 0 && quota.budgetFen !== undefined) update = update.where("used_fen", "<=", quota.budgetFen - amountFen);
  const result = await update.executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw quotaError(offer, period);
}

/**
 * Counts `sign` entries of one subject against the offer's cap for the period, or throws
 * SUBJECT_LIMIT_REACHED (the transaction rolls back). Like {@link useQuota}: the counter starts
 * from the ledger, and the guarded UPDATE holds the row until commit, so two redemptions by one
 * person at the same moment cannot both take the last one.
 */
async function useSubjectCap(trx: Kysely<IncentivesDB>, offer: Offer, subjectId: string, day: string, sign: number): Promise<void> {
  const cap = offer.perSubject!;
  const period = quotaPeriodOf(cap.period, day);
  await trx
    .insertInto("subject_use")
    .columns(["offer_id", "subject_id", "period", "used_count"])
    .expression((eb) => {
      let counted = eb
        .selectFrom("redemptions")
        .select([
          eb.val(offer.id).as("offer_id"),
          eb.val(subjectId).as("subject_id"),
          eb.val(period).as("period"),
          sql<number>`coalesce(sum(sign), 0)`.as("used_count"),
        ])
        .where("offer_id", "=", offer.id)
        .where("subject_id", "=", subjectId);
      if (period !== "ALL") counted = counted.where("redeemed_on", "like", `${period}%`);
      return counted;
    })
    .onConflict((oc) => oc.columns(["offer_id", "subject_id", "period"]).doNothing())
    .execute();
  let update = trx
    .updateTable("subject_use")
    .set((eb) => ({ used_count: eb("used_count", "+", sign) }))
    .where("offer_id", "=", offer.id)
    .where("subject_id", "=", subjectId)
    .where("period", "=", period);
  if (sign > 0) update = update.where("used_count", "<=", cap.count - 1);
  const result = await update.executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw subjectLimitError(offer, period);
}

/** The error of a subject that has had the offer as often as its cap allows this period. */
export const subjectLimitError = (offer: Offer, period: string) =>
  createError(
    ErrorCodes.SUBJECT_LIMIT_REACHED,
    `This subject has had offer ${offer.id} ${offer.perSubject!.count} times in ${period}, as many as one subject may`,
    { subjectLimit: { offerId: offer.id, count: offer.perSubject!.count, period } },
  );

/**
 * Appends an entry unless the partner's key was used before: then the first entry is returned and
 * nothing is written (also when the first is committed concurrently). `guard` runs first in the
 * same transaction (a presented code's use): what it refuses writes nothing, and one commit holds both.
 */
export async function appendRedemption(
  db: Kysely<IncentivesDB>,
  offer: Offer,
  entry: Omit<NewRedemption, "id" | "quota_period" | "redeemed_at" | "redeemed_on" | "sign" | "reverses" | "reason">,
  guard?: (trx: Kysely<IncentivesDB>) => Promise<void>,
): Promise<{ row: RedemptionRow; replayed: boolean }> {
  const now = new Date();
  const day = todayInChina(now);
  const row: RedemptionRow = {
    ...entry,
    id: newLedgerId("RD"),
    sign: 1,
    reverses: null,
    reason: null,
    quota_period: offer.quota ? quotaPeriodOf(offer.quota.period, day) : null,
    redeemed_at: now.toISOString(),
    redeemed_on: day,
  };
  const amount = amountProblem(offer, row.amount_fen);
  if (amount) throw createValidationError([{ field: "input.amount", message: amount }]);
  try {
    await db.transaction().execute(async (trx) => {
      await guard?.(trx);
      if (offer.quota) await useQuota(trx, offer, row.quota_period!, 1, row.amount_fen);
      if (offer.perSubject) await useSubjectCap(trx, offer, row.subject_id, day, 1);
      await trx.insertInto("redemptions").values(row).execute();
    });
    return { row, replayed: false };
  } catch (error) {
    // A repeat of a request committed meanwhile: its key's entry (it may also have taken the last of a quota or cap).
    if (!isUniqueViolation(error) && !isLimitError(error)) throw error;
    const first = await findByIdempotencyKey(db, entry.partner, entry.idempotency_key);
    if (!first) throw error;
    if (!sameRedemption(first, entry)) throw createError(ErrorCodes.CONFLICT, "This idempotencyKey was used for a different redemption");
    return { row: first, replayed: true };
  }
}

/** Appends the reversal of an entry (once); its quota and the subject's cap are given back in the entry's period. */
export async function appendReversal(
  db: Kysely<IncentivesDB>,
  offer: Offer | undefined,
  original: RedemptionRow,
  partner: string,
  reason: string,
): Promise<RedemptionRow> {
  const now = new Date();
  const row: RedemptionRow = {
    ...original,
    id: newLedgerId("RV"),
    partner,
    idempotency_key: `reversal:${original.id}`,
    sign: -1,
    amount_fen: -original.amount_fen,
    reverses: original.id,
    reason,
    redeemed_at: now.toISOString(),
    redeemed_on: todayInChina(now),
  };
  try {
    await db.transaction().execute(async (trx) => {
      if (offer?.quota && original.quota_period) await useQuota(trx, offer, original.quota_period, -1, -original.amount_fen);
      if (offer?.perSubject) await useSubjectCap(trx, offer, original.subject_id, original.redeemed_on, -1);
      await trx.insertInto("redemptions").values(row).execute();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw createError(ErrorCodes.CONFLICT, `Entry ${original.id} is already reversed`);
    throw error;
  }
  return row;
}

/** Whether the offer's quota for the period is known to be used up (a cheap check before the eligibility read). */
export async function quotaExhausted(db: Kysely<IncentivesDB>, offer: Offer, day: string): Promise<boolean> {
  if (!offer.quota) return false;
  const use = await db
    .selectFrom("quota_use")
    .selectAll()
    .where("offer_id", "=", offer.id)
    .where("period", "=", quotaPeriodOf(offer.quota.period, day))
    .executeTakeFirst();
  if (!use) return false;
  return (
    (offer.quota.count !== undefined && Number(use.used_count) >= offer.quota.count) ||
    (offer.quota.budgetFen !== undefined && Number(use.used_fen) >= offer.quota.budgetFen)
  );
}

/** The error of a used-up quota. */
export const quotaError = (offer: Offer, period: string) =>
  createError(ErrorCodes.QUOTA_EXHAUSTED, `The quota of offer ${offer.id} for ${period} is used up`, { offerId: offer.id, period });

export function findRedemption(db: Kysely<IncentivesDB>, id: string) {
  return db.selectFrom("redemptions").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Records a partner's eligibility check (append-only); returns its id. */
export async function recordCheck(
  db: Kysely<IncentivesDB>,
  check: { partner: string; offerId: string; subjectId: string; eligible: boolean; purpose: string | undefined },
): Promise<{ id: string; at: string }> {
  const id = newLedgerId("EC");
  const at = new Date().toISOString();
  await db
    .insertInto("eligibility_checks")
    .values({
      id,
      at,
      partner: check.partner,
      offer_id: check.offerId,
      subject_id: check.subjectId,
      eligible: check.eligible ? 1 : 0,
      purpose: check.purpose ?? null,
    })
    .execute();
  return { id, at };
}
