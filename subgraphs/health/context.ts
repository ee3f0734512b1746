/** The health subgraph's per-request context: the verified caller and fresh DataLoaders. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import { createGroupLoader } from "../../shared/loader.js";
import type { WriteScope } from "../../shared/record-changes.js";
import type { RecordStore } from "../../shared/records/writes.js";
import type { DepartmentServices } from "../../shared/subgraph.js";
import type { HealthDB, HealthRecordRow } from "./db.js";
import { loadHealthRecords, loadVisits } from "./health.repo.js";
import { HealthRecordCategory } from "./health.type.js";

export function createHealthContext(
  db: Kysely<HealthDB>,
  caller: Caller,
  services: Pick<DepartmentServices, "findMissingSubjects">,
  scope: WriteScope = { actor: caller.sub, journal: [] },
) {
  const records: RecordStore<HealthRecordRow> = {
    db,
    department: "health",
    scope,
    table: "health_records",
    categories: Object.values(HealthRecordCategory),
    findMissingSubjects: services.findMissingSubjects,
  };
  return {
    db,
    caller,
    records,
    loaders: {
      records: createGroupLoader(
        (ids) => loadHealthRecords(db, ids),
        (r) => r.subject_id,
      ),
      visits: createGroupLoader(
        (ids) => loadVisits(db, ids),
        (r) => r.subject_id,
      ),
    },
  };
}

export type HealthContext = ReturnType<typeof createHealthContext>;
