/** The tax subgraph's per-request context: the verified caller, its record store and fresh DataLoaders. */
import type { Kysely } from "kysely";
import { bySubject, recordContext } from "../../shared/records/context.js";
import type { TaxDB } from "./db.js";
import { loadArrears, loadRatings, loadViolations } from "./tax.repo.js";
import { TaxViolationCategory } from "./tax.type.js";

export const createTaxContext = recordContext({
  department: "tax",
  table: "tax_violations",
  categories: Object.values(TaxViolationCategory),
  loadRecords: loadViolations,
  lists: (db: Kysely<TaxDB>) => ({
    ratings: bySubject((ids) => loadRatings(db, ids)),
    arrears: bySubject((ids) => loadArrears(db, ids)),
  }),
});

export type TaxContext = ReturnType<typeof createTaxContext>;
