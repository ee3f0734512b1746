/** The credit subgraph's Federation-2 schema. */
import { buildFederatedSchema } from "../../shared/subgraph.js";
import type { CreditContext } from "./context.js";
import { CodeResolver } from "./code.resolver.js";
import { RepairResolver } from "./repair.resolver.js";
import { ReportResolver } from "./report.resolver.js";
import { CreditProgrammeMetrics, resolveProgrammeMetricsReference } from "./programme.js";
import { resolveSubjectReference } from "./subject.reference.js";
import { StatisticsResolver } from "./statistics.resolver.js";
import { SubjectResolver } from "./subject.resolver.js";

export function buildCreditSchema() {
  return buildFederatedSchema<CreditContext>({
    resolvers: [SubjectResolver, CodeResolver, StatisticsResolver, ReportResolver, RepairResolver],
    orphanedTypes: [CreditProgrammeMetrics],
    references: { Subject: resolveSubjectReference, ProgrammeMetrics: resolveProgrammeMetricsReference },
  });
}
