/** Kysely queries on the market supervision administration's complaints and one record (its records are the kernel's: shared/records/reads.ts, every column). */
import type { Kysely, Selectable } from "kysely";
import type { MarketComplaintTable, MarketDB, MarketRecordTable } from "./db.js";

/** Consumer complaints of some subjects, newest first. */
export function loadComplaints(db: Kysely<MarketDB>, subjectIds: readonly string[]): Promise<Selectable<MarketComplaintTable>[]> {
  return db.selectFrom("market_complaints").selectAll().where("subject_id", "in", subjectIds).orderBy("received_on", "desc").execute();
}

/** One record by id, or undefined. */
export function findMarketRecord(db: Kysely<MarketDB>, id: string): Promise<Selectable<MarketRecordTable> | undefined> {
  return db.selectFrom("market_records").selectAll().where("id", "=", id).executeTakeFirst();
}
