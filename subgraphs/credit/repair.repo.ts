/**
 * Credit repair applications: filed with their materials, decided, reinstated — each in one
 * transaction with its change row (before/after), which is also the application's history.
 */
import type { Kysely, Transaction } from "kysely";
import { createError, ErrorCodes } from "../../shared/errors.js";
import { appendRecordChange, type RecordChange, reportChange, type WriteScope } from "../../shared/record-changes.js";
import type { CommitmentRow, CreditDB, RepairMaterialRow, RepairRow } from "./db.js";

const TABLE = "repairs";
const asRecord = (row: object) => ({ ...row }) as Record<string, unknown>;

export function findApplication(db: Kysely<CreditDB>, id: string) {
  return db.selectFrom("repairs").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findPendingFor(db: Kysely<CreditDB>, recordId: string) {
  return db.selectFrom("repairs").select("id").where("record_id", "=", recordId).where("status", "=", "PENDING").executeTakeFirst();
}

export function loadMaterials(db: Kysely<CreditDB>, repairIds: readonly string[]) {
  return db
    .selectFrom("repair_materials")
    .select(["repair_id", "type", "file_name", "sha256", "size"])
    .where("repair_id", "in", repairIds)
    .orderBy("id")
    .execute();
}

export function loadHistory(db: Kysely<CreditDB>, repairIds: readonly string[]) {
  return db
    .selectFrom("record_changes")
    .select(["record_id", "at", "action", "actor", "after"])
    .where("record_table", "=", TABLE)
    .where("record_id", "in", repairIds)
    .orderBy("at")
    .execute();
}

/** Approved repairs whose commitment is still running. */
export function loadRunningCommitments(db: Kysely<CreditDB>) {
  return db
    .selectFrom("repairs as r")
    .innerJoin("commitments as c", "c.id", "r.commitment_id")
    .selectAll("r")
    .select(["c.due_on as commitment_due_on", "c.fulfilment as commitment_fulfilment"])
    .where("r.status", "=", "APPROVED")
    .where("c.fulfilment", "=", "PENDING")
    .execute();
}

async function write(db: Kysely<CreditDB>, scope: WriteScope, work: (trx: Transaction<CreditDB>) => Promise<RecordChange[]>): Promise<void> {
  const changes = await db.transaction().execute(work);
  for (const change of changes) reportChange(scope, change);
}

/** Files an application with its materials. */
export async function fileApplication(db: Kysely<CreditDB>, scope: WriteScope, row: RepairRow, materials: RepairMaterialRow[]): Promise<void> {
  await write(db, scope, async (trx) => {
    await trx.insertInto("repairs").values(row).execute();
    if (materials.length > 0) await trx.insertInto("repair_materials").values(materials).execute();
    const after = { ...asRecord(row), materials: materials.map((m) => ({ type: m.type, fileName: m.file_name, sha256: m.sha256, size: m.size })) };
    return [
      await appendRecordChange(trx, scope, TABLE, { department: "credit", recordId: row.id, subjectId: row.subject_id, action: "APPLY", before: null, after }),
    ];
  });
}

/** Decides a pending application; an approval's commitment becomes a credit commitment in the same transaction. */
export async function decideApplication(
  db: Kysely<CreditDB>,
  scope: WriteScope,
  id: string,
  decision: Pick<RepairRow, "status" | "decided_on" | "decided_by" | "decision_reason">,
  commitment?: CommitmentRow,
): Promise<RepairRow> {
  let decided: RepairRow | undefined;
  await write(db, scope, async (trx) => {
    const before = await trx.selectFrom("repairs").selectAll().where("id", "=", id).executeTakeFirst();
    if (!before) throw createError(ErrorCodes.NOT_FOUND, `No repair application "${id}"`);
    if (before.status !== "PENDING") throw createError(ErrorCodes.CONFLICT, `Application "${id}" is decided already (${before.status})`);
    const changes: RecordChange[] = [];
    if (commitment) {
      await trx.insertInto("commitments").values(commitment).execute();
      changes.push(
        await appendRecordChange(trx, scope, "commitments", {
          department: "credit",
          recordId: commitment.id,
          subjectId: commitment.subject_id,
          action: "RECORD",
          before: null,
          after: asRecord(commitment),
        }),
      );
    }
    decided = { ...before, ...decision, commitment_id: commitment?.id ?? null };
    await trx
      .updateTable("repairs")
      .set({ ...decision, commitment_id: commitment?.id ?? null })
      .where("id", "=", id)
      .where("status", "=", "PENDING")
      .execute();
    changes.unshift(
      await appendRecordChange(trx, scope, TABLE, {
        department: "credit",
        recordId: id,
        subjectId: before.subject_id,
        action: "DECIDE",
        before: asRecord(before),
        after: asRecord(decided),
      }),
    );
    return changes;
  });
  return decided!;
}

/** A broken commitment: the application is REINSTATED and its commitment BREACHED. */
export async function reinstateApplication(db: Kysely<CreditDB>, scope: WriteScope, repair: RepairRow, because: string): Promise<void> {
  await write(db, scope, async (trx) => {
    const after = { ...repair, status: "REINSTATED" as const, decision_reason: because };
    await trx.updateTable("repairs").set({ status: "REINSTATED", decision_reason: because }).where("id", "=", repair.id).execute();
    await trx.updateTable("commitments").set({ fulfilment: "BREACHED" }).where("id", "=", repair.commitment_id!).execute();
    return [
      await appendRecordChange(trx, scope, TABLE, {
        department: "credit",
        recordId: repair.id,
        subjectId: repair.subject_id,
        action: "REINSTATE",
        before: asRecord(repair),
        after: asRecord(after),
      }),
    ];
  });
}

/** Commitments whose term ended unbroken are fulfilled. */
export async function fulfilEndedCommitments(db: Kysely<CreditDB>, today: string): Promise<number> {
  const ended = await db
    .updateTable("commitments")
    .set({ fulfilment: "FULFILLED", fulfilled_on: today })
    .where("fulfilment", "=", "PENDING")
    .where("due_on", "<", today)
    .where("id", "in", (eb) => eb.selectFrom("repairs").select("commitment_id").where("commitment_id", "is not", null))
    .executeTakeFirst();
  return Number(ended.numUpdatedRows);
}
