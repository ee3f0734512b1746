/** The public resources trading subgraph's per-request context: the verified caller, its record store and fresh DataLoaders. */
import type { Kysely } from "kysely";
import { bySubject, recordContext } from "../../shared/records/context.js";
import type { PublicResourcesDB } from "./db.js";
import { loadBids, loadTradingRecords } from "./public-resources.repo.js";
import { TradingRecordCategory } from "./public-resources.type.js";

export const createPublicResourcesContext = recordContext({
  department: "public-resources",
  table: "trading_records",
  categories: Object.values(TradingRecordCategory),
  loadRecords: loadTradingRecords,
  lists: (db: Kysely<PublicResourcesDB>) => ({ bids: bySubject((ids) => loadBids(db, ids)) }),
});

export type PublicResourcesContext = ReturnType<typeof createPublicResourcesContext>;
