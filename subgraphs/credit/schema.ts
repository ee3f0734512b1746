/** The credit subgraph's Federation-2 schema. */
import { buildFederatedSchema } from "../../shared/subgraph.js";
import type { CreditContext } from "./context.js";
import { resolveSubjectReference } from "./subject.reference.js";
import { SubjectResolver } from "./subject.resolver.js";

export function buildCreditSchema() {
  return buildFederatedSchema<CreditContext>({
    resolvers: [SubjectResolver],
    references: { Subject: resolveSubjectReference },
  });
}
