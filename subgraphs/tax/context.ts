/** The tax subgraph's per-request context: the verified caller and fresh DataLoaders. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import type { WriteScope } from "../../shared/record-changes.js";
import { createGroupLoader } from "../../shared/loader.js";
import type { DepartmentServices } from "../../shared/subgraph.js";
import type { RecordStore } from "../../shared/records/writes.js";
import type { TaxDB, TaxViolationRow } from "./db.js";
import { loadArrears, loadRatings, loadViolations } from "./tax.repo.js";
import { TaxViolationCategory } from "./tax.type.js";

export function createTaxContext(
  db: Kysely<TaxDB>,
  caller: Caller,
  services: Pick<DepartmentServices, "findMissingSubjects">,
  scope: WriteScope = { actor: caller.sub, journal: [] },
) {
  const records: RecordStore<TaxViolationRow> = {
    db,
    department: "tax",
    scope,
    table: "tax_violations",
    categories: Object.values(TaxViolationCategory),
    findMissingSubjects: services.findMissingSubjects,
  };
  return {
    db,
    caller,
    records,
    loaders: {
      ratings: createGroupLoader(
        (ids) => loadRatings(db, ids),
        (r) => r.subject_id,
      ),
      arrears: createGroupLoader(
        (ids) => loadArrears(db, ids),
        (r) => r.subject_id,
      ),
      records: createGroupLoader(
        (ids) => loadViolations(db, ids),
        (r) => r.subject_id,
      ),
    },
  };
}

export type TaxContext = ReturnType<typeof createTaxContext>;
