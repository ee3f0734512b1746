/** Merchant codes: whether an organisation shows its public page; each change with its before/after change row. */
import type { Kysely } from "kysely";
import { appendRecordChange, type RecordChange, reportChange, type WriteScope } from "../../../shared/record-changes.js";
import type { CreditDB, MerchantCodeRow } from "../db.js";

/** The organisation's choice, if it ever made one. */
export function findMerchantCode(db: Kysely<CreditDB>, subjectId: string): Promise<MerchantCodeRow | undefined> {
  return db.selectFrom("merchant_codes").selectAll().where("subject_id", "=", subjectId).executeTakeFirst();
}

/**
 * Shows or hides the organisation's public page. A change is written with its change row (before:
 * the previous choice, null the first time) in one transaction and reported for the audit; the
 * same choice again changes nothing and writes nothing.
 */
export async function setMerchantCode(db: Kysely<CreditDB>, scope: WriteScope, subjectId: string, display: boolean): Promise<MerchantCodeRow> {
  const status = display ? "DISPLAYED" : "HIDDEN";
  const { row, change } = await db.transaction().execute(async (trx) => {
    const before = await findMerchantCode(trx, subjectId);
    if (before?.status === status) return { row: before, change: undefined };
    const row: MerchantCodeRow = { subject_id: subjectId, status, changed_at: new Date().toISOString() };
    if (before) await trx.updateTable("merchant_codes").set({ status, changed_at: row.changed_at }).where("subject_id", "=", subjectId).execute();
    else await trx.insertInto("merchant_codes").values(row).execute();
    // Shown: REGISTER (the organisation registers its page for display); hidden: REVOKE.
    const recorded: RecordChange = {
      department: "credit",
      recordId: `MERCHANT-${subjectId}`,
      subjectId,
      action: display ? "REGISTER" : "REVOKE",
      before: before ? { ...before } : null,
      after: { ...row },
    };
    return { row, change: await appendRecordChange(trx, scope, "merchant_codes", recorded) };
  });
  if (change) reportChange(scope, change);
  return row;
}
