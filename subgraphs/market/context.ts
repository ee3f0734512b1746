/** The market supervision subgraph's per-request context: the verified caller, its record store and fresh DataLoaders. */
import type { Kysely } from "kysely";
import { bySubject, recordContext } from "../../shared/records/context.js";
import type { MarketDB } from "./db.js";
import { loadComplaints, loadMarketRecords } from "./market.repo.js";
import { MarketRecordCategory } from "./market.type.js";

export const createMarketContext = recordContext({
  department: "market",
  table: "market_records",
  categories: Object.values(MarketRecordCategory),
  loadRecords: loadMarketRecords,
  lists: (db: Kysely<MarketDB>) => ({ complaints: bySubject((ids) => loadComplaints(db, ids)) }),
});

export type MarketContext = ReturnType<typeof createMarketContext>;
