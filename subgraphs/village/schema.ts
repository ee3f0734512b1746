/** The village subgraph's Federation-2 schema. */
import { buildFederatedSchema } from "../../shared/subgraph.js";
import type { VillageContext } from "./context.js";
import { resolveSubjectReference } from "./village.reference.js";
import { VillageResolver } from "./village.resolver.js";
import { VillageSubject } from "./village.type.js";

export function buildVillageSchema() {
  return buildFederatedSchema<VillageContext>({
    resolvers: [VillageResolver],
    // Subject is only reachable through `_entities`: no root field of village returns it.
    orphanedTypes: [VillageSubject],
    references: { Subject: resolveSubjectReference },
  });
}
