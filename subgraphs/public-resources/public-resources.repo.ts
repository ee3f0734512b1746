/** Kysely queries on the public resources trading office's bids and records. */
import type { Kysely } from "kysely";
import { loadRecords } from "../../shared/records/reads.js";
import type { PublicResourcesDB, TradingBidRow, TradingRecordRow } from "./db.js";

/** Bids of some subjects, newest first (one statement per batch). */
export function loadBids(db: Kysely<PublicResourcesDB>, subjectIds: readonly string[]): Promise<TradingBidRow[]> {
  return db.selectFrom("trading_bids").selectAll().where("subject_id", "in", subjectIds).orderBy("bid_on", "desc").orderBy("id", "desc").execute();
}

/** Quantified bad-behaviour records of some subjects, newest decision first. */
export function loadTradingRecords(db: Kysely<PublicResourcesDB>, subjectIds: readonly string[]): Promise<TradingRecordRow[]> {
  // loadRecords selects every column, so the rows carry `points` too.
  return loadRecords<TradingRecordRow>(db, "trading_records", subjectIds);
}
