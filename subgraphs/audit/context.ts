/** The audit subgraph's per-request context. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import type { AuditDB } from "./db.js";

export function createAuditContext(db: Kysely<AuditDB>, caller: Caller) {
  return { db, caller };
}

export type AuditContext = ReturnType<typeof createAuditContext>;
