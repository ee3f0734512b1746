/**
 * The audit store's side of the change drainer (gateway/src/audit/change-drainer.ts): which of a
 * department's changes it holds, how far the drainer has checked, and the entries it writes for
 * changes that never came with an operation's outcome entry.
 */
import type { Kysely } from "kysely";
import type { RecordChange } from "../record-changes.js";
import { newAuditEntryId } from "./audit-store.js";
import type { AuditDB } from "./tables.js";

/** A row of a department's `record_changes`, as its `/record-changes` route answers it. */
export interface DepartmentChange {
  changeId: string;
  /** When the department wrote it (ISO). */
  at: string;
  actor: string;
  recordId: string;
  subjectId: string;
  action: RecordChange["action"];
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

/** The operation name of the drainer's entries: `xinyi…` names are the gateway's own, no client can send one. */
export const DRAINED_OPERATION = "xinyiRecordChanges";

/** Which of `changeIds` of `department` the audit store holds. */
export async function loadKnownChangeIds(db: Kysely<AuditDB>, department: string, changeIds: string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (let i = 0; i < changeIds.length; i += 500) {
    const rows = await db
      .selectFrom("audit_changes")
      .select("change_id")
      .where("department", "=", department)
      .where("change_id", "in", changeIds.slice(i, i + 500))
      .execute();
    for (const row of rows) if (row.change_id) known.add(row.change_id);
  }
  return known;
}

/** Rolls back an entry whose every change another writer brought first. */
class AlreadyThere extends Error {}

/**
 * Writes changes the log lacks: one entry per actor (the writer as the entry's caller, outcome OK,
 * operation {@link DRAINED_OPERATION}, at the time of its first change), each in its own
 * transaction. A change that arrives meanwhile with its operation's outcome stays there (the
 * unique (department, change_id) keeps one); an entry left with no change is rolled back.
 * Returns how many changes it wrote.
 */
export async function appendDrainedChanges(db: Kysely<AuditDB>, department: string, changes: DepartmentChange[]): Promise<number> {
  const byActor = new Map<string, DepartmentChange[]>();
  for (const change of changes) byActor.set(change.actor, [...(byActor.get(change.actor) ?? []), change]);
  let written = 0;
  for (const [actor, group] of byActor) {
    const at = new Date(group[0].at);
    const id = newAuditEntryId(at);
    try {
      written += await db.transaction().execute(async (trx) => {
        await trx
          .insertInto("audit_log")
          .values({
            id,
            at: at.toISOString(),
            sub: [...actor].slice(0, 200).join(""),
            scopes: "",
            purpose: null,
            acting_for: null,
            client_ip: null,
            operation_name: DRAINED_OPERATION,
            operation_type: "mutation",
            fields: "record_changes",
            subject_count: new Set(group.map((c) => c.subjectId)).size,
            outcome: "OK",
            error_codes: "",
            follows: null,
          })
          .execute();
        const subjects = [...new Set(group.map((c) => c.subjectId))].map((subject_id) => ({ entry_id: id, subject_id }));
        for (let i = 0; i < subjects.length; i += 500)
          await trx
            .insertInto("audit_subjects")
            .values(subjects.slice(i, i + 500))
            .execute();
        let inserted = 0;
        for (let i = 0; i < group.length; i += 200) {
          const rows = await trx
            .insertInto("audit_changes")
            .values(
              group.slice(i, i + 200).map((c, k) => ({
                entry_id: id,
                seq: i + k,
                department,
                record_id: c.recordId,
                subject_id: c.subjectId,
                action: c.action,
                before: c.before ? JSON.stringify(c.before) : null,
                after: JSON.stringify(c.after),
                change_id: c.changeId,
              })),
            )
            .onConflict((oc) => oc.columns(["department", "change_id"]).doNothing())
            .returning("seq")
            .execute();
          inserted += rows.length;
        }
        if (inserted === 0) throw new AlreadyThere();
        return inserted;
      });
    } catch (error) {
      if (!(error instanceof AlreadyThere)) throw error;
    }
  }
  return written;
}

/** How far the drainer has checked `department` (`at` of its changes), or undefined: from the start. */
export async function loadDrainMark(db: Kysely<AuditDB>, department: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("audit_drain_marks")
    .select((eb) => eb.fn.max("through").as("through"))
    .where("department", "=", department)
    .executeTakeFirst();
  return row?.through ?? undefined;
}

/** Records that every change of `department` up to `through` is in the log. */
export async function appendDrainMark(db: Kysely<AuditDB>, department: string, through: string): Promise<void> {
  await db
    .insertInto("audit_drain_marks")
    .values({ department, through, at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(["department", "through"]).doNothing())
    .execute();
}
