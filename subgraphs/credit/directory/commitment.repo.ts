/**
 * Commitments recorded and resolved by departments: each write in one transaction with its change
 * row (before/after), reported for the operation's audit entry once committed. A resolution is
 * guarded: the UPDATE moves the row only while it is still PENDING, and the rows it changed are
 * counted — of two resolutions at the same moment exactly one moves it, on SQLite and PostgreSQL
 * alike, and the other gets CONFLICT with the outcome it found.
 */
import type { Kysely } from "kysely";
import { createError, ErrorCodes } from "../../../shared/errors.js";
import { appendRecordChange, reportChange, type WriteScope } from "../../../shared/record-changes.js";
import type { CommitmentRow, CreditDB } from "../db.js";

const TABLE = "commitments";
const asRecord = (row: CommitmentRow): Record<string, unknown> => ({ ...row });

export function findCommitment(db: Kysely<CreditDB>, id: string): Promise<CommitmentRow | undefined> {
  return db.selectFrom("commitments").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Records a new commitment (action RECORD). */
export async function insertCommitment(db: Kysely<CreditDB>, scope: WriteScope, row: CommitmentRow): Promise<CommitmentRow> {
  const change = await db.transaction().execute(async (trx) => {
    await trx.insertInto("commitments").values(row).execute();
    return appendRecordChange(trx, scope, TABLE, {
      department: "credit",
      recordId: row.id,
      subjectId: row.subject_id,
      action: "RECORD",
      before: null,
      after: asRecord(row),
    });
  });
  reportChange(scope, change);
  return row;
}

/** What a resolution sets, decided from the stored row (`decide` throws to refuse: permission, dates). */
export type Resolution = Pick<CommitmentRow, "fulfilment" | "fulfilled_on" | "resolved_on" | "evidence">;

/** Resolves an open commitment (action DECIDE), guarded as the file's comment says. */
export async function resolveOpenCommitment(
  db: Kysely<CreditDB>,
  scope: WriteScope,
  id: string,
  decide: (before: CommitmentRow) => Resolution,
): Promise<CommitmentRow> {
  const { after, change } = await db.transaction().execute(async (trx) => {
    const before = await findCommitment(trx, id);
    if (!before) throw createError(ErrorCodes.NOT_FOUND, `No commitment "${id}"`);
    const set = decide(before);
    const { numUpdatedRows } = await trx.updateTable("commitments").set(set).where("id", "=", id).where("fulfilment", "=", "PENDING").executeTakeFirst();
    // `before` was read unlocked: a resolution that moved the row since fails the guard here.
    if (Number(numUpdatedRows) !== 1 || before.fulfilment !== "PENDING") {
      const found = (await findCommitment(trx, id))?.fulfilment ?? before.fulfilment;
      throw createError(ErrorCodes.CONFLICT, `Commitment "${id}" is resolved already (${found}): only an open (PENDING) commitment is resolved`, {
        fulfilment: found,
      });
    }
    const after: CommitmentRow = { ...before, ...set };
    const recorded = {
      department: "credit",
      recordId: id,
      subjectId: before.subject_id,
      action: "DECIDE" as const,
      before: asRecord(before),
      after: asRecord(after),
    };
    return { after, change: await appendRecordChange(trx, scope, TABLE, recorded) };
  });
  reportChange(scope, change);
  return after;
}
