/** The audit subgraph's Federation-2 schema. */
import { buildFederatedSchema } from "../../shared/subgraph.js";
import { AuditResolver } from "./audit.resolver.js";
import type { AuditContext } from "./context.js";

export function buildAuditSchema() {
  return buildFederatedSchema<AuditContext>({ resolvers: [AuditResolver], references: {} });
}
