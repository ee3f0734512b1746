/** The evaluation subgraph's per-request context: the caller, the active policy, the snapshot store. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import type { DepartmentServices } from "../../shared/subgraph.js";
import type { EvaluationDB } from "./db.js";
import { activePolicy } from "./policy.js";

export function createEvaluationContext(db: Kysely<EvaluationDB>, caller: Caller, services: Pick<DepartmentServices, "config">) {
  return { db, caller, policy: activePolicy(services.config?.policyFile) };
}

export type EvaluationContext = ReturnType<typeof createEvaluationContext>;
