/** Kysely queries on the tax bureau's records. */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { loadRecords } from "../../shared/records.js";
import type { TaxArrearsRow, TaxDB, TaxRatingRow, TaxViolationRow } from "./db.js";

export function loadRatings(db: Kysely<TaxDB>, subjectIds: readonly string[]): Promise<TaxRatingRow[]> {
  return db.selectFrom("tax_ratings").selectAll().where("subject_id", "in", subjectIds).orderBy("year", "desc").execute();
}

export function loadArrears(db: Kysely<TaxDB>, subjectIds: readonly string[]): Promise<TaxArrearsRow[]> {
  return db.selectFrom("tax_arrears").selectAll().where("subject_id", "in", subjectIds).orderBy("due_on", "desc").execute();
}

export function loadViolations(db: Kysely<TaxDB>, subjectIds: readonly string[]): Promise<TaxViolationRow[]> {
  return loadRecords(db, "tax_violations", subjectIds);
}

export type PaymentOutcome =
  | { ok: true; arrears: TaxArrearsRow }
  | { ok: false; reason: "NOT_FOUND" | "OVERPAID"; outstandingFen?: number };

/**
 * Records a payment and updates the arrears in one transaction: both are written or neither. The
 * update is conditional on the outstanding amount, so two concurrent payments cannot both overpay.
 */
export function recordPayment(db: Kysely<TaxDB>, arrearsId: string, amountFen: number, paidOn: string): Promise<PaymentOutcome> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("tax_arrears")
      .set((eb) => ({
        paid_fen: eb("paid_fen", "+", amountFen),
        settled_on: eb.case().when(eb("paid_fen", "+", amountFen), ">=", eb.ref("amount_fen")).then(paidOn).else(null).end(),
      }))
      .where("id", "=", arrearsId)
      .where((eb) => eb(eb("amount_fen", "-", eb.ref("paid_fen")), ">=", amountFen))
      .returningAll()
      .executeTakeFirst();
    if (!updated) {
      const arrears = await trx.selectFrom("tax_arrears").select(["amount_fen", "paid_fen"]).where("id", "=", arrearsId).executeTakeFirst();
      if (!arrears) return { ok: false, reason: "NOT_FOUND" } as const;
      return { ok: false, reason: "OVERPAID", outstandingFen: arrears.amount_fen - arrears.paid_fen } as const;
    }
    await trx
      .insertInto("tax_arrears_payments")
      .values({ id: `TP-${randomUUID()}`, arrears_id: arrearsId, amount_fen: amountFen, paid_on: paidOn, recorded_at: new Date().toISOString() })
      .execute();
    return { ok: true, arrears: updated } as const;
  });
}
