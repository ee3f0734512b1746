/** `Query.programmeMetrics`: the ledger's figures; the credit office adds its own to the same entity. */
import { Arg, Ctx, Directive, Query, Resolver } from "type-graphql";
import { createValidationError } from "../../shared/errors.js";
import { checkMetricsFilter, metricsKey, parseMetricsKey } from "../../shared/metrics-filter.js";
import { requiresAnyScope, Scopes } from "../../shared/scopes.js";
import type { IncentivesContext } from "./context.js";
import { countProgramme } from "./metrics.repo.js";
import { ProgrammeMetrics, ProgrammeMetricsFilter } from "./programme.type.js";

@Resolver()
export class ProgrammeResolver {
  @Directive(requiresAnyScope(Scopes.METRICS_READ, Scopes.ADMIN))
  @Query(() => ProgrammeMetrics, {
    description: "信易+ programme metrics for dashboards: uses, beneficiaries, amounts, coupons, loans, registrations, repairs, lists.",
  })
  async programmeMetrics(
    @Arg("filter", () => ProgrammeMetricsFilter, { nullable: true, description: "District, period, scenario; all optional." }) filter:
      | ProgrammeMetricsFilter
      | undefined,
    @Ctx() ctx: IncentivesContext,
  ): Promise<ProgrammeMetrics> {
    const f = checkMetricsFilter({ ...filter });
    const codes = ctx.catalogue.scenarios.map((s) => s.code);
    if (f.scenario && !codes.includes(f.scenario as (typeof codes)[number])) {
      throw createValidationError([{ field: "filter.scenario", message: `unknown scenario "${f.scenario}"; one of ${codes.join(", ")}` }]);
    }
    return { id: metricsKey(f), ...(await countProgramme(ctx.db, f)) };
  }
}

/** `ProgrammeMetrics` references: the key is the filter. */
export async function resolveProgrammeMetricsReference(reference: { id: string }, ctx: IncentivesContext): Promise<ProgrammeMetrics> {
  return { id: reference.id, ...(await countProgramme(ctx.db, parseMetricsKey(reference.id))) };
}
