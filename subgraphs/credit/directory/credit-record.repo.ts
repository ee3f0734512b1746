/** Kysely queries on the credit office's records (lists, commitments, repairs). */
import type { Kysely } from "kysely";
import type { CommitmentRow, CreditDB, ListEntryRow, RepairRow } from "../db.js";

export function loadListEntries(db: Kysely<CreditDB>, subjectIds: readonly string[]): Promise<ListEntryRow[]> {
  return db.selectFrom("list_entries").selectAll().where("subject_id", "in", subjectIds).orderBy("listed_on", "desc").execute();
}

export function loadCommitments(db: Kysely<CreditDB>, subjectIds: readonly string[]): Promise<CommitmentRow[]> {
  return db.selectFrom("commitments").selectAll().where("subject_id", "in", subjectIds).orderBy("committed_on", "desc").execute();
}

export function loadRepairs(db: Kysely<CreditDB>, subjectIds: readonly string[]): Promise<RepairRow[]> {
  return db.selectFrom("repairs").selectAll().where("subject_id", "in", subjectIds).orderBy("applied_on", "desc").execute();
}
