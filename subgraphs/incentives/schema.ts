/** The incentives subgraph's Federation-2 schema. */
import { buildFederatedSchema } from "../../shared/subgraph.js";
import { CatalogueResolver } from "./catalogue.resolver.js";
import type { IncentivesContext } from "./context.js";
import { PartnerResolver } from "./partner.resolver.js";
import { IncentivesSubject } from "./profile.type.js";
import { ProgrammeResolver, resolveProgrammeMetricsReference } from "./programme.resolver.js";

export function buildIncentivesSchema() {
  return buildFederatedSchema<IncentivesContext>({
    resolvers: [CatalogueResolver, PartnerResolver, ProgrammeResolver],
    orphanedTypes: [IncentivesSubject],
    // The gateway's representation already carries the facts eligibility `@requires`.
    references: { Subject: (reference) => reference, ProgrammeMetrics: resolveProgrammeMetricsReference },
  });
}
