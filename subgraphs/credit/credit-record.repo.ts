/** Kysely queries on the credit office's records (lists, commitments, repairs). */
import type { Kysely } from "kysely";
import type { CommitmentRow, CreditDB, ListEntryRow, NewCommitment, NewListEntry, NewRepair, RepairRow } from "./db.js";

export function loadListEntries(db: Kysely<CreditDB>, subjectIds: readonly string[]): Promise<ListEntryRow[]> {
  return db.selectFrom("list_entries").selectAll().where("subject_id", "in", subjectIds).orderBy("listed_on", "desc").execute();
}

export function loadCommitments(db: Kysely<CreditDB>, subjectIds: readonly string[]): Promise<CommitmentRow[]> {
  return db.selectFrom("commitments").selectAll().where("subject_id", "in", subjectIds).orderBy("committed_on", "desc").execute();
}

export function loadRepairs(db: Kysely<CreditDB>, subjectIds: readonly string[]): Promise<RepairRow[]> {
  return db.selectFrom("repairs").selectAll().where("subject_id", "in", subjectIds).orderBy("applied_on", "desc").execute();
}

export async function insertCreditRecords(
  db: Kysely<CreditDB>,
  records: { listEntries: NewListEntry[]; commitments: NewCommitment[]; repairs: NewRepair[] },
): Promise<void> {
  if (records.listEntries.length) await db.insertInto("list_entries").values(records.listEntries).onConflict((oc) => oc.column("id").doNothing()).execute();
  if (records.commitments.length) await db.insertInto("commitments").values(records.commitments).onConflict((oc) => oc.column("id").doNothing()).execute();
  if (records.repairs.length) await db.insertInto("repairs").values(records.repairs).onConflict((oc) => oc.column("id").doNothing()).execute();
}
