/** The market subgraph's per-request context: the verified caller and fresh DataLoaders. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import { createGroupLoader } from "../../shared/loader.js";
import type { WriteScope } from "../../shared/record-changes.js";
import type { RecordStore } from "../../shared/records/writes.js";
import type { DepartmentServices } from "../../shared/subgraph.js";
import type { MarketDB, MarketRecordRow } from "./db.js";
import { loadComplaints, loadMarketRecords } from "./market.repo.js";
import { MarketRecordCategory } from "./market.type.js";

export function createMarketContext(
  db: Kysely<MarketDB>,
  caller: Caller,
  services: Pick<DepartmentServices, "findMissingSubjects">,
  scope: WriteScope = { actor: caller.sub, journal: [] },
) {
  const records: RecordStore<MarketRecordRow> = {
    db,
    department: "market",
    scope,
    table: "market_records",
    categories: Object.values(MarketRecordCategory),
    findMissingSubjects: services.findMissingSubjects,
  };
  return {
    db,
    caller,
    records,
    loaders: {
      records: createGroupLoader(
        (ids) => loadMarketRecords(db, ids),
        (r) => r.subject_id,
      ),
      complaints: createGroupLoader(
        (ids) => loadComplaints(db, ids),
        (r) => r.subject_id,
      ),
    },
  };
}

export type MarketContext = ReturnType<typeof createMarketContext>;
