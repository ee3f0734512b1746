/** Kysely queries on the tax bureau's records. */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { appendRecordChange, reportChange, type WriteScope } from "../../shared/record-changes.js";
import type { TaxArrearsTable, TaxDB, TaxRatingTable } from "./db.js";

export function loadRatings(db: Kysely<TaxDB>, subjectIds: readonly string[]): Promise<Selectable<TaxRatingTable>[]> {
  return db.selectFrom("tax_ratings").selectAll().where("subject_id", "in", subjectIds).orderBy("year", "desc").execute();
}

export function loadArrears(db: Kysely<TaxDB>, subjectIds: readonly string[]): Promise<Selectable<TaxArrearsTable>[]> {
  return db.selectFrom("tax_arrears").selectAll().where("subject_id", "in", subjectIds).orderBy("due_on", "desc").execute();
}

export type PaymentOutcome =
  | { ok: true; arrears: Selectable<TaxArrearsTable> }
  | { ok: false; reason: "NOT_FOUND" | "OVERPAID" | "BEFORE_DUE"; outstandingFen?: number; dueOn?: string };

/**
 * Records a payment and updates the arrears in one transaction, with its change row: all are
 * written or none. The update is conditional on the outstanding amount, so two concurrent payments
 * cannot both overpay; a payment dated before the tax fell due is not a payment of these arrears.
 */
export async function recordPayment(db: Kysely<TaxDB>, scope: WriteScope, arrearsId: string, amountFen: number, paidOn: string): Promise<PaymentOutcome> {
  const outcome = await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("tax_arrears").selectAll().where("id", "=", arrearsId).executeTakeFirst();
    if (!before) return { ok: false, reason: "NOT_FOUND" } as const;
    if (paidOn < before.due_on) return { ok: false, reason: "BEFORE_DUE", dueOn: before.due_on } as const;
    const updated = await trx
      .updateTable("tax_arrears")
      .set((eb) => ({
        paid_fen: eb("paid_fen", "+", amountFen),
        settled_on: eb
          .case()
          .when(eb("paid_fen", "+", amountFen), ">=", eb.ref("amount_fen"))
          .then(paidOn)
          .else(null)
          .end(),
      }))
      .where("id", "=", arrearsId)
      .where((eb) => eb(eb("amount_fen", "-", eb.ref("paid_fen")), ">=", amountFen))
      .returningAll()
      .executeTakeFirst();
    if (!updated) return { ok: false, reason: "OVERPAID", outstandingFen: before.amount_fen - before.paid_fen } as const;
    await trx
      .insertInto("tax_arrears_payments")
      .values({ id: `TP-${randomUUID()}`, arrears_id: arrearsId, amount_fen: amountFen, paid_on: paidOn, recorded_at: new Date().toISOString() })
      .execute();
    const change = await appendRecordChange(trx, scope, "tax_arrears", {
      department: "tax",
      recordId: arrearsId,
      subjectId: updated.subject_id,
      action: "PAYMENT",
      before: { ...before },
      after: { ...updated, payment: { amount_fen: amountFen, paid_on: paidOn } },
    });
    return { ok: true, arrears: updated, change } as const;
  });
  if (!outcome.ok) return outcome;
  reportChange(scope, outcome.change);
  return { ok: true, arrears: outcome.arrears };
}
