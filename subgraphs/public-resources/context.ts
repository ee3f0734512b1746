/** The public-resources subgraph's per-request context: the verified caller and fresh DataLoaders. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import { createGroupLoader } from "../../shared/loader.js";
import type { WriteScope } from "../../shared/record-changes.js";
import type { RecordStore } from "../../shared/records/writes.js";
import type { DepartmentServices } from "../../shared/subgraph.js";
import type { PublicResourcesDB, TradingRecordRow } from "./db.js";
import { loadBids, loadTradingRecords } from "./public-resources.repo.js";
import { TradingRecordCategory } from "./public-resources.type.js";

export function createPublicResourcesContext(
  db: Kysely<PublicResourcesDB>,
  caller: Caller,
  services: Pick<DepartmentServices, "findMissingSubjects">,
  scope: WriteScope = { actor: caller.sub, journal: [] },
) {
  const records: RecordStore<TradingRecordRow> = {
    db,
    department: "public-resources",
    scope,
    table: "trading_records",
    categories: Object.values(TradingRecordCategory),
    findMissingSubjects: services.findMissingSubjects,
  };
  return {
    db,
    caller,
    records,
    loaders: {
      bids: createGroupLoader(
        (ids) => loadBids(db, ids),
        (r) => r.subject_id,
      ),
      records: createGroupLoader(
        (ids) => loadTradingRecords(db, ids),
        (r) => r.subject_id,
      ),
    },
  };
}

export type PublicResourcesContext = ReturnType<typeof createPublicResourcesContext>;
