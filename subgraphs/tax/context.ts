/** The tax subgraph's per-request context: the verified caller and fresh DataLoaders. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import { createGroupLoader } from "../../shared/loader.js";
import type { TaxDB } from "./db.js";
import { loadArrears, loadRatings, loadViolations } from "./tax.repo.js";

export function createTaxContext(db: Kysely<TaxDB>, caller: Caller) {
  return {
    db,
    caller,
    loaders: {
      ratings: createGroupLoader((ids) => loadRatings(db, ids), (r) => r.subject_id),
      arrears: createGroupLoader((ids) => loadArrears(db, ids), (r) => r.subject_id),
      violations: createGroupLoader((ids) => loadViolations(db, ids), (r) => r.subject_id),
    },
  };
}

export type TaxContext = ReturnType<typeof createTaxContext>;
