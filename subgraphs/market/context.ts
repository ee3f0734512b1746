/** The market supervision subgraph's per-request context: the verified caller, its record store and fresh DataLoaders. */
import type { Kysely } from "kysely";
import { bySubject } from "../../shared/records/context.js";
import { departmentContext } from "../../shared/records/department.js";
import type { MarketDB } from "./db.js";
import { loadComplaints } from "./market.repo.js";

export const createMarketContext = departmentContext("market", (db: Kysely<MarketDB>) => ({ complaints: bySubject((ids) => loadComplaints(db, ids)) }));

export type MarketContext = ReturnType<typeof createMarketContext>;
