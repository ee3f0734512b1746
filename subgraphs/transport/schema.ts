/** The transport subgraph's Federation-2 schema. */
import { buildFederatedSchema } from "../../shared/subgraph.js";
import type { TransportContext } from "./context.js";
import { resolveSubjectReference } from "./transport.reference.js";
import { TransportResolver } from "./transport.resolver.js";
import { TransportSubject } from "./transport.type.js";

export function buildTransportSchema() {
  return buildFederatedSchema<TransportContext>({
    resolvers: [TransportResolver],
    // Subject is only reachable through `_entities`: no root field of transport returns it.
    orphanedTypes: [TransportSubject],
    references: { Subject: resolveSubjectReference },
  });
}
