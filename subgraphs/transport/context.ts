/** The transport subgraph's per-request context: the verified caller and fresh DataLoaders. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import { createGroupLoader } from "../../shared/loader.js";
import type { WriteScope } from "../../shared/record-changes.js";
import type { RecordStore } from "../../shared/records/writes.js";
import type { DepartmentServices } from "../../shared/subgraph.js";
import type { TransportDB, TransportRecordRow } from "./db.js";
import { loadCouponUses, loadTransportRecords } from "./transport.repo.js";
import { TransportRecordCategory } from "./transport.type.js";

export function createTransportContext(
  db: Kysely<TransportDB>,
  caller: Caller,
  services: Pick<DepartmentServices, "findMissingSubjects">,
  scope: WriteScope = { actor: caller.sub, journal: [] },
) {
  const records: RecordStore<TransportRecordRow> = {
    db,
    department: "transport",
    scope,
    table: "transport_records",
    categories: Object.values(TransportRecordCategory),
    findMissingSubjects: services.findMissingSubjects,
  };
  return {
    db,
    caller,
    records,
    loaders: {
      records: createGroupLoader(
        (ids) => loadTransportRecords(db, ids),
        (r) => r.subject_id,
      ),
      couponUses: createGroupLoader(
        (ids) => loadCouponUses(db, ids),
        (r) => r.subject_id,
      ),
    },
  };
}

export type TransportContext = ReturnType<typeof createTransportContext>;
