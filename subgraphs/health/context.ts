/** The health subgraph's per-request context: the verified caller, its record store and fresh DataLoaders. */
import type { Kysely } from "kysely";
import { bySubject, recordContext } from "../../shared/records/context.js";
import type { HealthDB } from "./db.js";
import { loadHealthRecords, loadVisits } from "./health.repo.js";
import { HealthRecordCategory } from "./health.type.js";

export const createHealthContext = recordContext({
  department: "health",
  table: "health_records",
  categories: Object.values(HealthRecordCategory),
  loadRecords: loadHealthRecords,
  lists: (db: Kysely<HealthDB>) => ({ visits: bySubject((ids) => loadVisits(db, ids)) }),
});

export type HealthContext = ReturnType<typeof createHealthContext>;
