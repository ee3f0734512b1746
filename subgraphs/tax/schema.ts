/** The tax subgraph's Federation-2 schema. */
import { buildFederatedSchema } from "../../shared/subgraph.js";
import type { TaxContext } from "./context.js";
import { resolveSubjectReference } from "./tax.reference.js";
import { TaxResolver } from "./tax.resolver.js";
import { TaxSubject } from "./tax.type.js";

export function buildTaxSchema() {
  return buildFederatedSchema<TaxContext>({
    resolvers: [TaxResolver],
    // Subject is only reachable through `_entities`: no root field of tax returns it.
    orphanedTypes: [TaxSubject],
    references: { Subject: resolveSubjectReference },
  });
}
