/** The transport subgraph's per-request context: the verified caller, its record store and fresh DataLoaders. */
import type { Kysely } from "kysely";
import { bySubject } from "../../shared/records/context.js";
import { departmentContext } from "../../shared/records/department.js";
import type { TransportDB } from "./db.js";
import { loadCouponUses } from "./transport.repo.js";

export const createTransportContext = departmentContext("transport", (db: Kysely<TransportDB>) => ({
  couponUses: bySubject((ids) => loadCouponUses(db, ids)),
}));

export type TransportContext = ReturnType<typeof createTransportContext>;
