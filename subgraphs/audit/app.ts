/** `buildApp(config)`: the audit subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createAuditContext } from "./context.js";
import type { AuditDB } from "../../shared/audit-store/tables.js";
import { migrations } from "../../shared/audit-store/migrations.js";
import { buildAuditSchema } from "./schema.js";

export const auditDepartment = {
  name: "audit",
  migrations,
  buildSchema: buildAuditSchema,
  createContext: createAuditContext,
} as const;

export function buildApp(config: Config, options?: DepartmentAppOptions) {
  return buildDepartmentApp<AuditDB, ReturnType<typeof createAuditContext>>(config, auditDepartment, options);
}
