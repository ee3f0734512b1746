/** The market subgraph's Federation-2 schema. */
import { buildFederatedSchema } from "../../shared/subgraph.js";
import type { MarketContext } from "./context.js";
import { resolveSubjectReference } from "./market.reference.js";
import { MarketResolver } from "./market.resolver.js";
import { MarketSubject } from "./market.type.js";

export function buildMarketSchema() {
  return buildFederatedSchema<MarketContext>({
    resolvers: [MarketResolver],
    // Subject is only reachable through `_entities`: no root field of market returns it.
    orphanedTypes: [MarketSubject],
    references: { Subject: resolveSubjectReference },
  });
}
