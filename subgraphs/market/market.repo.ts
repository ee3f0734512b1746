/** Kysely queries on the market supervision administration's records and complaints. */
import type { Kysely } from "kysely";
import { loadRecords } from "../../shared/records/reads.js";
import type { MarketComplaintRow, MarketDB, MarketRecordRow } from "./db.js";

/** Records of some subjects, newest decision first. */
export function loadMarketRecords(db: Kysely<MarketDB>, subjectIds: readonly string[]): Promise<MarketRecordRow[]> {
  // The shared loader selects every column, so the rows carry `abnormal_cause` too.
  return loadRecords<MarketRecordRow>(db, "market_records", subjectIds);
}

/** Consumer complaints of some subjects, newest first. */
export function loadComplaints(db: Kysely<MarketDB>, subjectIds: readonly string[]): Promise<MarketComplaintRow[]> {
  return db.selectFrom("market_complaints").selectAll().where("subject_id", "in", subjectIds).orderBy("received_on", "desc").execute();
}

/** One record by id, or undefined. */
export function findMarketRecord(db: Kysely<MarketDB>, id: string): Promise<MarketRecordRow | undefined> {
  return db.selectFrom("market_records").selectAll().where("id", "=", id).executeTakeFirst();
}
