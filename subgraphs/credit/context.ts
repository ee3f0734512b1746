/** The credit subgraph's per-request context: the verified caller and fresh DataLoaders. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import type { DepartmentServices } from "../../shared/subgraph.js";
import { createGroupLoader, createRowLoader } from "../../shared/loader.js";
import { loadCommitments, loadListEntries, loadRepairs } from "./credit-record.repo.js";
import type { WriteScope } from "../../shared/record-changes.js";
import { loadCodeRegistrations } from "./code.repo.js";
import type { CreditDB } from "./db.js";
import { loadSubjectsByIds } from "./subject.repo.js";

export function createCreditContext(
  db: Kysely<CreditDB>,
  caller: Caller,
  services: Pick<DepartmentServices, "cursors">,
  scope: WriteScope = { actor: caller.sub, journal: [] },
) {
  return {
    db,
    caller,
    scope,
    cursors: services.cursors,
    loaders: {
      codeRegistrations: createGroupLoader(
        (ids) => loadCodeRegistrations(db, ids),
        (r) => r.subject_id,
      ),
      subject: createRowLoader(
        (ids) => loadSubjectsByIds(db, ids),
        (r) => r.id,
      ),
      listEntries: createGroupLoader(
        (ids) => loadListEntries(db, ids),
        (r) => r.subject_id,
      ),
      commitments: createGroupLoader(
        (ids) => loadCommitments(db, ids),
        (r) => r.subject_id,
      ),
      repairs: createGroupLoader(
        (ids) => loadRepairs(db, ids),
        (r) => r.subject_id,
      ),
    },
  };
}

export type CreditContext = ReturnType<typeof createCreditContext>;
