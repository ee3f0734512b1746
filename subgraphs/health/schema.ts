/** The health subgraph's Federation-2 schema. */
import { buildFederatedSchema } from "../../shared/subgraph.js";
import type { HealthContext } from "./context.js";
import { resolveSubjectReference } from "./health.reference.js";
import { HealthResolver } from "./health.resolver.js";
import { HealthSubject } from "./health.type.js";

export function buildHealthSchema() {
  return buildFederatedSchema<HealthContext>({
    resolvers: [HealthResolver],
    // Subject is only reachable through `_entities`: no root field of health returns it.
    orphanedTypes: [HealthSubject],
    references: { Subject: resolveSubjectReference },
  });
}
