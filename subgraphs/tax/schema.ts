/** The tax subgraph's Federation-2 schema. */
import { buildFederatedSchema } from "../../shared/subgraph.js";
import type { TaxContext } from "./context.js";
import { resolveSubjectReference } from "./tax.reference.js";
import { TaxResolver } from "./tax.resolver.js";

export function buildTaxSchema() {
  return buildFederatedSchema<TaxContext>({
    resolvers: [TaxResolver],
    references: { Subject: resolveSubjectReference },
  });
}
