/** Kysely queries on the public resources trading office's bids (its records are the kernel's: shared/records/reads.ts, `points` too). */
import type { Kysely, Selectable } from "kysely";
import type { PublicResourcesDB, TradingBidTable } from "./db.js";

/** Bids of some subjects, newest first (one statement per batch). */
export function loadBids(db: Kysely<PublicResourcesDB>, subjectIds: readonly string[]): Promise<Selectable<TradingBidTable>[]> {
  return db.selectFrom("trading_bids").selectAll().where("subject_id", "in", subjectIds).orderBy("bid_on", "desc").orderBy("id", "desc").execute();
}
