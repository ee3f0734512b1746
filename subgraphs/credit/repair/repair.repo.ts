/**
 * Credit repair applications: filed with their materials, then moved on by guarded transitions
 * (decided, carried out, released, reinstated) — each in one transaction with its change row
 * (before/after), which is also the application's history.
 */
import type { Kysely, Transaction } from "kysely";
import { createError, ErrorCodes } from "../../../shared/errors.js";
import { appendRecordChange, type RecordChange, reportChange, type WriteScope } from "../../../shared/record-changes.js";
import type { RepairStatus } from "../directory/credit-record.type.js";
import type { CreditDB, NewCommitment, RepairMaterialRow, RepairRow } from "../db.js";

const TABLE = "repairs";
const asRecord = (row: object): Record<string, unknown> => ({ ...row });

export function findApplication(db: Kysely<CreditDB>, id: string) {
  return db.selectFrom("repairs").selectAll().where("id", "=", id).executeTakeFirst();
}

/** An application of the record still open: pending, or being approved. */
export function findPendingFor(db: Kysely<CreditDB>, recordId: string) {
  return db.selectFrom("repairs").select("id").where("record_id", "=", recordId).where("status", "in", ["PENDING", "APPROVING"]).executeTakeFirst();
}

export function loadMaterials(db: Kysely<CreditDB>, repairIds: readonly string[]) {
  return db
    .selectFrom("repair_materials")
    .select(["id", "repair_id", "type", "file_name", "mime_type", "sha256", "size"])
    .where("repair_id", "in", repairIds)
    .orderBy("id")
    .execute();
}

/** One filed material with its application's subject and department (who may read it). */
export function findMaterial(db: Kysely<CreditDB>, id: string) {
  return db
    .selectFrom("repair_materials as m")
    .innerJoin("repairs as r", "r.id", "m.repair_id")
    .selectAll("m")
    .select(["r.subject_id", "r.department"])
    .where("m.id", "=", id)
    .executeTakeFirst();
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

/** Approved repairs whose commitment is still running, and reinstatements under way (to be retried). */
export function loadRunningCommitments(db: Kysely<CreditDB>) {
  return db
    .selectFrom("repairs as r")
    .innerJoin("commitments as c", "c.id", "r.commitment_id")
    .selectAll("r")
    .select(["c.due_on as commitment_due_on", "c.fulfilment as commitment_fulfilment"])
    .where("r.status", "in", ["APPROVED", "REINSTATING"])
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

/**
 * One step of an application's life, guarded: the row moves only if it is still `from` (and, for a
 * step of a running approval or reinstatement, still held by the claim `claimedAt` names), checked
 * by the rows the UPDATE changed — so of two decisions at the same moment exactly one moves it, on
 * SQLite and PostgreSQL alike, and the other gets CONFLICT with the status it found. The change row
 * (the history) and an approval's commitment, or a reinstatement's breach, are in the same transaction.
 */
export interface Step {
  from: RepairStatus;
  /** The claim the step must still hold (set by the step that moved the application to APPROVING or REINSTATING). */
  claimedAt?: string | null;
  set: Partial<RepairRow>;
  action: RecordChange["action"];
  /** An approval's 信用修复承诺书, recorded as a credit commitment. */
  commitment?: NewCommitment;
  /** A reinstatement's commitment, BREACHED on a day, with the evidence (its own change row, as resolveCommitment writes). */
  breach?: { id: string; on: string; evidence: string };
}

const busy = (row: RepairRow) =>
  row.status === "APPROVING"
    ? "is being approved (its department's repair is under way)"
    : row.status === "REINSTATING"
      ? "is being reinstated"
      : `is ${row.status}`;

export async function transition(db: Kysely<CreditDB>, scope: WriteScope, id: string, step: Step): Promise<RepairRow> {
  let moved: RepairRow | undefined;
  await write(db, scope, async (trx) => {
    const before = await trx.selectFrom("repairs").selectAll().where("id", "=", id).executeTakeFirst();
    if (!before) throw createError(ErrorCodes.NOT_FOUND, `No repair application "${id}"`);
    let update = trx.updateTable("repairs").set(step.set).where("id", "=", id).where("status", "=", step.from);
    if (step.claimedAt !== undefined)
      update = step.claimedAt === null ? update.where("claimed_at", "is", null) : update.where("claimed_at", "=", step.claimedAt);
    const { numUpdatedRows } = await update.executeTakeFirst();
    // `before` was read unlocked: a row that changed between the read and the guarded UPDATE fails here too.
    if (Number(numUpdatedRows) !== 1 || before.status !== step.from || (step.claimedAt !== undefined && before.claimed_at !== step.claimedAt)) {
      throw createError(ErrorCodes.CONFLICT, `Application "${id}" ${busy(before)}`, { status: before.status });
    }
    moved = { ...before, ...step.set };
    const changes = [
      await appendRecordChange(trx, scope, TABLE, {
        department: "credit",
        recordId: id,
        subjectId: before.subject_id,
        action: step.action,
        before: asRecord(before),
        after: asRecord(moved),
      }),
    ];
    if (step.commitment) {
      await trx.insertInto("commitments").values(step.commitment).execute();
      changes.push(
        await appendRecordChange(trx, scope, "commitments", {
          department: "credit",
          recordId: step.commitment.id,
          subjectId: step.commitment.subject_id,
          action: "RECORD",
          before: null,
          after: asRecord(step.commitment),
        }),
      );
    }
    const broken = step.breach && (await trx.selectFrom("commitments").selectAll().where("id", "=", step.breach.id).executeTakeFirst());
    if (step.breach && broken) {
      const set = { fulfilment: "BREACHED" as const, resolved_on: step.breach.on, evidence: step.breach.evidence };
      await trx.updateTable("commitments").set(set).where("id", "=", broken.id).execute();
      changes.push(
        await appendRecordChange(trx, scope, "commitments", {
          department: "credit",
          recordId: broken.id,
          subjectId: broken.subject_id,
          action: "DECIDE",
          before: asRecord(broken),
          after: asRecord({ ...broken, ...set }),
        }),
      );
    }
    return changes;
  });
  return moved!;
}

/** Commitments whose term ended unbroken are fulfilled. */
export async function fulfilEndedCommitments(db: Kysely<CreditDB>, today: string): Promise<number> {
  const ended = await db
    .updateTable("commitments")
    .set({ fulfilment: "FULFILLED", fulfilled_on: today, resolved_on: today })
    .where("fulfilment", "=", "PENDING")
    .where("due_on", "<", today)
    .where("id", "in", (eb) => eb.selectFrom("repairs").select("commitment_id").where("commitment_id", "is not", null))
    .executeTakeFirst();
  return Number(ended.numUpdatedRows);
}
