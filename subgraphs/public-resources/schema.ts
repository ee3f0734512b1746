/** The public-resources subgraph's Federation-2 schema. */
import { buildFederatedSchema } from "../../shared/subgraph.js";
import type { PublicResourcesContext } from "./context.js";
import { resolveSubjectReference } from "./public-resources.reference.js";
import { PublicResourcesResolver } from "./public-resources.resolver.js";
import { PublicResourcesSubject } from "./public-resources.type.js";

export function buildPublicResourcesSchema() {
  return buildFederatedSchema<PublicResourcesContext>({
    resolvers: [PublicResourcesResolver],
    // Subject is only reachable through `_entities`: no root field of public-resources returns it.
    orphanedTypes: [PublicResourcesSubject],
    references: { Subject: resolveSubjectReference },
  });
}
