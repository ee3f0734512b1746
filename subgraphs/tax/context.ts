/** The tax subgraph's per-request context: the verified caller, its record store and fresh DataLoaders. */
import type { Kysely } from "kysely";
import { bySubject } from "../../shared/records/context.js";
import { departmentContext } from "../../shared/records/department.js";
import type { TaxDB } from "./db.js";
import { loadArrears, loadRatings } from "./tax.repo.js";

export const createTaxContext = departmentContext("tax", (db: Kysely<TaxDB>) => ({
  ratings: bySubject((ids) => loadRatings(db, ids)),
  arrears: bySubject((ids) => loadArrears(db, ids)),
}));

export type TaxContext = ReturnType<typeof createTaxContext>;
