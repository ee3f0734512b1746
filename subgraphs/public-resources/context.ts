/** The public resources trading subgraph's per-request context: the verified caller, its record store and fresh DataLoaders. */
import type { Kysely } from "kysely";
import { bySubject } from "../../shared/records/context.js";
import { departmentContext } from "../../shared/records/department.js";
import type { PublicResourcesDB } from "./db.js";
import { loadBids } from "./public-resources.repo.js";

export const createPublicResourcesContext = departmentContext("public-resources", (db: Kysely<PublicResourcesDB>) => ({
  bids: bySubject((ids) => loadBids(db, ids)),
}));

export type PublicResourcesContext = ReturnType<typeof createPublicResourcesContext>;
