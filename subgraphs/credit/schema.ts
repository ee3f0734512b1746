/** The credit subgraph's Federation-2 schema. */
import { buildFederatedSchema } from "../../shared/subgraph.js";
import type { CreditContext } from "./context.js";
import { CodeResolver } from "./codes/code.resolver.js";
import { MerchantCodeResolver } from "./codes/merchant.resolver.js";
import { RepairableRecordsResolver, RepairQueueResolver } from "./repair/repair-queue.resolver.js";
import { RepairMaterialResolver } from "./repair/materials.resolver.js";
import { RepairResolver } from "./repair/repair.resolver.js";
import { ReportResolver } from "./reports/report.resolver.js";
import { CreditProgrammeMetrics, resolveProgrammeMetricsReference } from "./programme/programme.js";
import { resolveSubjectReference } from "./directory/subject.reference.js";
import { StatisticsResolver } from "./programme/statistics.resolver.js";
import { SubjectResolver } from "./directory/subject.resolver.js";
import { ListEntryResolver } from "./directory/list-entry.resolver.js";
import { CommitmentResolver } from "./directory/commitment.resolver.js";
import { NoticeResolver } from "./notices/notice.resolver.js";

export function buildCreditSchema() {
  return buildFederatedSchema<CreditContext>({
    resolvers: [
      SubjectResolver,
      CodeResolver,
      MerchantCodeResolver,
      StatisticsResolver,
      ReportResolver,
      RepairResolver,
      RepairMaterialResolver,
      RepairQueueResolver,
      RepairableRecordsResolver,
      CommitmentResolver,
      ListEntryResolver,
      NoticeResolver,
    ],
    orphanedTypes: [CreditProgrammeMetrics],
    references: { Subject: resolveSubjectReference, ProgrammeMetrics: resolveProgrammeMetricsReference },
  });
}
