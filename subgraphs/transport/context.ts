/** The transport subgraph's per-request context: the verified caller, its record store and fresh DataLoaders. */
import type { Kysely } from "kysely";
import { bySubject, recordContext } from "../../shared/records/context.js";
import type { TransportDB } from "./db.js";
import { loadCouponUses, loadTransportRecords } from "./transport.repo.js";
import { TransportRecordCategory } from "./transport.type.js";

export const createTransportContext = recordContext({
  department: "transport",
  table: "transport_records",
  categories: Object.values(TransportRecordCategory),
  loadRecords: loadTransportRecords,
  lists: (db: Kysely<TransportDB>) => ({ couponUses: bySubject((ids) => loadCouponUses(db, ids)) }),
});

export type TransportContext = ReturnType<typeof createTransportContext>;
