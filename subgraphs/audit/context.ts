/** The audit subgraph's per-request context. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import type { DepartmentServices } from "../../shared/subgraph.js";
import type { AuditDB } from "../../shared/audit-store/tables.js";

export function createAuditContext(db: Kysely<AuditDB>, caller: Caller, services: Pick<DepartmentServices, "cursors">) {
  return { db, caller, cursors: services.cursors };
}

export type AuditContext = ReturnType<typeof createAuditContext>;
