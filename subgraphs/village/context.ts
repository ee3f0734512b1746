/** The village subgraph's per-request context: the verified caller, its record store and fresh DataLoaders. */
import type { Kysely } from "kysely";
import { bySubject, recordContext } from "../../shared/records/context.js";
import type { VillageDB } from "./db.js";
import { loadCouponUses, loadVillageRecords } from "./village.repo.js";
import { VillageRecordCategory } from "./village.type.js";

export const createVillageContext = recordContext({
  department: "village",
  table: "village_records",
  categories: Object.values(VillageRecordCategory),
  loadRecords: loadVillageRecords,
  lists: (db: Kysely<VillageDB>) => ({ couponUses: bySubject((ids) => loadCouponUses(db, ids)) }),
});

export type VillageContext = ReturnType<typeof createVillageContext>;
