/** `Query.directoryStatistics` for dashboards. */
import { Ctx, Directive, Query, Resolver } from "type-graphql";
import { todayInChina } from "../../../shared/scalars.js";
import { requiresAnyScope, Scopes } from "../../../shared/scopes.js";
import type { CreditContext } from "../context.js";
import { loadDistrictCounts, loadListedCounts } from "./statistics.repo.js";
import { DirectoryStatistics } from "./statistics.type.js";
import { District } from "../directory/subject.type.js";

@Resolver()
export class StatisticsResolver {
  @Directive(requiresAnyScope(Scopes.METRICS_READ, Scopes.ADMIN))
  @Query(() => DirectoryStatistics, { description: "Directory totals by district and list, for dashboards." })
  async directoryStatistics(@Ctx() ctx: CreditContext): Promise<DirectoryStatistics> {
    const [districts, listed] = await Promise.all([loadDistrictCounts(ctx.db), loadListedCounts(ctx.db, todayInChina())]);
    const byDistrict = Object.values(District).map((district) => ({
      district,
      organizations: Number(districts.find((d) => d.district === district && d.kind === "ORGANIZATION")?.n ?? 0),
      persons: Number(districts.find((d) => d.district === district && d.kind === "PERSON")?.n ?? 0),
    }));
    return {
      subjects: byDistrict.reduce((s, d) => s + d.organizations + d.persons, 0),
      byDistrict,
      blackListed: Number(listed.find((l) => l.list_color === "BLACK")?.n ?? 0),
      redListed: Number(listed.find((l) => l.list_color === "RED")?.n ?? 0),
    };
  }
}
