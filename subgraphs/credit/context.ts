/** The credit subgraph's per-request context: the verified caller and fresh DataLoaders. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import type { DepartmentServices } from "../../shared/subgraph.js";
import { createGroupLoader, createRowLoader } from "../../shared/loader.js";
import { loadCommitments, loadListEntries, loadRepairs } from "./directory/credit-record.repo.js";
import type { WriteScope } from "../../shared/record-changes.js";
import { serviceGateway } from "../../shared/gateway-client.js";
import { loadCodeRegistrations } from "./codes/code.repo.js";
import { loadHistory, loadMaterials } from "./repair/repair.repo.js";
import type { CreditDB } from "./db.js";
import { loadSubjectsByIds } from "./directory/subject.repo.js";

export function createCreditContext(
  db: Kysely<CreditDB>,
  caller: Caller,
  services: Pick<DepartmentServices, "cursors" | "config">,
  scope: WriteScope = { actor: caller.sub, journal: [] },
) {
  return {
    db,
    caller,
    scope,
    cursors: services.cursors,
    config: services.config,
    /** The gateway as the credit office's service identity (special credit reports read every department). */
    get gateway() {
      if (!services.config) throw new Error("no configuration: the credit office cannot reach the gateway");
      return serviceGateway(services.config, "credit");
    },
    loaders: {
      codeRegistrations: createGroupLoader((ids) => loadCodeRegistrations(db, ids), "subject_id"),
      subject: createRowLoader((ids) => loadSubjectsByIds(db, ids), "id"),
      listEntries: createGroupLoader((ids) => loadListEntries(db, ids), "subject_id"),
      commitments: createGroupLoader((ids) => loadCommitments(db, ids), "subject_id"),
      repairMaterials: createGroupLoader((ids) => loadMaterials(db, ids), "repair_id"),
      repairHistory: createGroupLoader((ids) => loadHistory(db, ids), "record_id"),
      repairs: createGroupLoader((ids) => loadRepairs(db, ids), "subject_id"),
    },
  };
}

export type CreditContext = ReturnType<typeof createCreditContext>;
