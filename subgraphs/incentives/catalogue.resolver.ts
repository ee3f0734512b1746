/** `Query.incentiveCatalogue` and `Subject.eligibleIncentives` (live, from the gateway's `@requires`). Thin. */
import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { fenToYuan } from "../../shared/money.js";
import { todayInChina } from "../../shared/scalars.js";
import { READ_ALL_DEPARTMENTS } from "../../shared/scopes.js";
import { evaluateProfile } from "../evaluation/score.js";
import { type Catalogue, factRequirementText, type Offer } from "./catalogue.js";
import type { IncentivesContext } from "./context.js";
import { checkOffer, type Eligibility, type IncentiveFacts } from "./eligibility.js";
import { EligibleIncentive, IncentiveCatalogue, type IncentiveOffer } from "./incentive.type.js";
import { ELIGIBILITY_FIELDS, IncentivesSubject } from "./profile.type.js";

function toOffer(o: Offer): IncentiveOffer {
  return {
    id: o.id,
    scenario: o.scenario,
    name: o.name,
    en: o.en,
    benefit: o.benefit,
    kind: o.kind,
    value: o.valueFen === null ? null : fenToYuan(o.valueFen),
    quota: o.quota
      ? { count: o.quota.count ?? null, budget: o.quota.budgetFen === undefined ? null : fenToYuan(o.quota.budgetFen), period: o.quota.period }
      : null,
    rules: { ...o.rules, minLevel: o.rules.minLevel ?? null, minColour: o.rules.minColour ?? null, facts: o.rules.facts.map(factRequirementText) },
  };
}

function describeCatalogue(c: Catalogue): IncentiveCatalogue {
  return {
    version: c.version,
    description: c.description,
    provenance: c.provenance,
    scenarios: c.scenarios,
    offers: c.offers.map(toOffer),
    projects: c.projects.map((p) => ({ ...p, label: p.label ?? null, offerIds: p.offers })),
  };
}

/** Every offer's eligibility for a profile the gateway handed over. */
function eligibilityOf(facts: IncentiveFacts, ctx: IncentivesContext, offerIds?: readonly string[]): Eligibility[] {
  const asOf = todayInChina();
  const evaluation = evaluateProfile(facts, ctx.policy, asOf);
  const offers = offerIds ? ctx.catalogue.offers.filter((o) => offerIds.includes(o.id)) : ctx.catalogue.offers;
  return offers.map((offer) => checkOffer(offer, facts, evaluation, asOf));
}

@Resolver(() => IncentivesSubject)
export class CatalogueResolver {
  @Query(() => IncentiveCatalogue, { description: "The 信易+ catalogue (scenarios, offers and their rules, the 35 annex projects), public." })
  incentiveCatalogue(@Ctx() ctx: IncentivesContext): IncentiveCatalogue {
    return describeCatalogue(ctx.catalogue);
  }

  @Directive(`@requires(fields: "${ELIGIBILITY_FIELDS}")`)
  @Directive(READ_ALL_DEPARTMENTS)
  @FieldResolver(() => [EligibleIncentive], {
    // Nullable like the evaluation: an incentives outage leaves the rest of the profile standing.
    nullable: true,
    description:
      "信易+ offers the subject may use now, from the live evaluation and records, each with its conditions. When a department is down, offers depending on it are UNKNOWN and nothing is granted.",
  })
  eligibleIncentives(
    @Root() subject: IncentivesSubject,
    @Arg("includeIneligible", () => Boolean, { defaultValue: false, description: "Also list NOT_ELIGIBLE and UNKNOWN offers." }) includeIneligible: boolean,
    @Arg("offerIds", () => [ID], { nullable: true, description: "Only these offers." }) offerIds: string[] | undefined,
    @Ctx() ctx: IncentivesContext,
  ): EligibleIncentive[] {
    const all = eligibilityOf(subject as IncentiveFacts, ctx, offerIds ?? undefined);
    return all.filter((e) => includeIneligible || e.status === "ELIGIBLE").map((e) => ({ ...e, offer: toOffer(e.offer) }));
  }
}
