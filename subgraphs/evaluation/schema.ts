/** The evaluation subgraph's Federation-2 schema. */
import { buildFederatedSchema } from "../../shared/subgraph.js";
import type { EvaluationContext } from "./context.js";
import { resolveSubjectReference } from "./evaluation.reference.js";
import { EvaluationResolver } from "./evaluation.resolver.js";
import { EvaluationSubject } from "./profile.type.js";

export function buildEvaluationSchema() {
  return buildFederatedSchema<EvaluationContext>({
    resolvers: [EvaluationResolver],
    orphanedTypes: [EvaluationSubject],
    references: { Subject: resolveSubjectReference },
  });
}
