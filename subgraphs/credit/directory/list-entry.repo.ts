/**
 * List management's writes: an entry added, an entry removed — each in one transaction with its
 * change row (before/after), reported once committed for the operation's audit entry.
 */
import type { Kysely, Transaction } from "kysely";
import { createError, createValidationError, ErrorCodes } from "../../../shared/errors.js";
import { CREDIT_LIST } from "../../../shared/labels.js";
import { appendRecordChange, type RecordChange, reportChange, type WriteScope } from "../../../shared/record-changes.js";
import type { CreditDB, ListEntryRow } from "../db.js";
import type { ListRemovalReason } from "./credit-record.type.js";
import { listEntryStatus } from "./list-entry.rules.js";

const TABLE = "list_entries";

/** Runs `work` in a transaction whose change row it returns; reports the change once committed. */
async function write(db: Kysely<CreditDB>, scope: WriteScope, work: (trx: Transaction<CreditDB>) => Promise<[ListEntryRow, RecordChange]>) {
  const [row, change] = await db.transaction().execute(work);
  reportChange(scope, change);
  return row;
}

const changeOf = (action: RecordChange["action"], before: ListEntryRow | null, after: ListEntryRow): RecordChange => ({
  department: "credit",
  recordId: after.id,
  subjectId: after.subject_id,
  action,
  before: before && { ...before },
  after: { ...after },
});

/**
 * Adds an entry: its subject in the directory and, when the entry is in force today, no other entry
 * of the subject on the same list still ACTIVE (CONFLICT naming it). Of two adds at the same moment the second waits for the first
 * to commit and then finds its entry: the add first writes the subject's row (a row lock on
 * PostgreSQL, the write lock on SQLite), held to the end of the transaction.
 */
export function addEntry(db: Kysely<CreditDB>, scope: WriteScope, row: ListEntryRow, today: string): Promise<ListEntryRow> {
  return write(db, scope, async (trx) => {
    const locked = await trx
      .updateTable("subjects")
      .set((eb) => ({ registered_on: eb.ref("registered_on") }))
      .where("id", "=", row.subject_id)
      .executeTakeFirst();
    if (Number(locked.numUpdatedRows) !== 1) throw createError(ErrorCodes.NOT_FOUND, `Subject ${row.subject_id} is not in the credit office's directory`);
    const entries = await trx.selectFrom(TABLE).selectAll().where("subject_id", "=", row.subject_id).where("list", "=", row.list).execute();
    // One entry in force per list: an entry whose term ended before today (history) may sit beside it.
    const active = listEntryStatus(row, today) === "ACTIVE" && entries.find((e) => listEntryStatus(e, today) === "ACTIVE");
    if (active) {
      const until = active.expires_on ? `until ${active.expires_on}` : "without a term";
      throw createError(ErrorCodes.CONFLICT, `The subject is on the ${CREDIT_LIST[row.list][0]} list already (entry ${active.id}, ${until})`, {
        entryId: active.id,
      });
    }
    await trx.insertInto(TABLE).values(row).execute();
    return [row, await appendRecordChange(trx, scope, TABLE, changeOf("RECORD", null, row))];
  });
}

/** What a removal gives: why, on what basis, on which day (between the listing and today). */
export interface Removal {
  reason: ListRemovalReason;
  basis: string;
  on: string;
}

/**
 * Removes an entry still ACTIVE today, guarded: the UPDATE moves it only while it is not removed,
 * and its rows are counted — so of two removals at the same moment exactly one succeeds and the
 * other gets CONFLICT, as does a removal of an entry removed or expired already.
 */
export function removeEntry(db: Kysely<CreditDB>, scope: WriteScope, id: string, removal: Removal, today: string): Promise<ListEntryRow> {
  return write(db, scope, async (trx) => {
    const before = await trx.selectFrom(TABLE).selectAll().where("id", "=", id).executeTakeFirst();
    if (!before) throw createError(ErrorCodes.NOT_FOUND, `No list entry "${id}"`);
    const status = listEntryStatus(before, today);
    const refused = (why: string, now = status) => createError(ErrorCodes.CONFLICT, `List entry "${id}" ${why}`, { status: now });
    if (status === "REMOVED") throw refused(`was removed on ${before.removed_on ?? "an earlier day"} already`);
    if (status === "EXPIRED") throw refused(`expired by itself on ${before.expires_on}`);
    if (removal.on < before.listed_on) throw createValidationError([{ field: "on", message: `${removal.on} is before the listing of ${before.listed_on}` }]);
    const after: ListEntryRow = { ...before, status: "REMOVED", removed_on: removal.on, removal_reason: removal.reason, removal_basis: removal.basis };
    const { numUpdatedRows } = await trx
      .updateTable(TABLE)
      .set({ status: after.status, removed_on: after.removed_on, removal_reason: after.removal_reason, removal_basis: after.removal_basis })
      .where("id", "=", id)
      .where("status", "!=", "REMOVED")
      .executeTakeFirst();
    if (Number(numUpdatedRows) !== 1) throw refused("was removed by another request just now", "REMOVED");
    return [after, await appendRecordChange(trx, scope, TABLE, changeOf("DELIST", before, after))];
  });
}
