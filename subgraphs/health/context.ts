/** The health subgraph's per-request context: the verified caller, its record store and fresh DataLoaders. */
import type { Kysely } from "kysely";
import { bySubject } from "../../shared/records/context.js";
import { departmentContext } from "../../shared/records/department.js";
import type { HealthDB } from "./db.js";
import { loadVisits } from "./health.repo.js";

export const createHealthContext = departmentContext("health", (db: Kysely<HealthDB>) => ({ visits: bySubject((ids) => loadVisits(db, ids)) }));

export type HealthContext = ReturnType<typeof createHealthContext>;
