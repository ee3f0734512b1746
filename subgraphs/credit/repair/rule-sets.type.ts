/** The dated rule sets as `Query.repairRules` shows them (shared/rules/rule-sets.json). Fields only, no logic. */
import { Field, Float, Int, ObjectType } from "type-graphql";
import { PublicityRule } from "../../../shared/record.type.js";
import { DateScalar } from "../../../shared/scalars.js";

@ObjectType({ description: "Order No. 45's low fine (较低数额罚款): publicity that stops early; the limits are ours (the rule set's `source.ours` says why)." })
export class LowFineView {
  @Field(() => Int, { description: "Months of publicity for a GENERAL record with only a low fine." })
  months!: number;

  @Field(() => Float, { description: "The largest low fine for an organisation, in yuan." })
  maxYuanOrganization!: number;

  @Field(() => Float, { description: "The largest low fine for a person, in yuan." })
  maxYuanPerson!: number;

  @Field(() => String, { description: "The legal basis (and what is ours)." })
  basis!: string;
}

@ObjectType({ description: "A dated rule set (公示与修复规则集): its source, the decisions it governs and how." })
export class RuleSetView {
  @Field(() => PublicityRule, { description: "Its id and legal source (document, article, date in force, what is ours): what each record shows." })
  source!: PublicityRule;

  @Field(() => String, { description: "Where the source was read (a link)." })
  url!: string;

  @Field(() => [String], { description: "The departments it governs (* for all)." })
  departments!: string[];

  @Field(() => [String], { description: "The categories it governs (* for all)." })
  categories!: string[];

  @Field(() => DateScalar, { description: "First decision date it governs." })
  effectiveFrom!: string;

  @Field(() => DateScalar, { nullable: true, description: "Last decision date it governs; null while in force." })
  effectiveTo!: string | null;

  @Field(() => Boolean, { description: "Whether its records may be repaired early (提前终止公示) at all." })
  earlyStop!: boolean;

  @Field(() => Boolean, { description: "A list with its own lifecycle (经营异常名录): public until removed, never repaired." })
  list!: boolean;

  @Field(() => LowFineView, { nullable: true, description: "The low-fine period, where the set has one (SAMR Order No. 45)." })
  lowFine!: LowFineView | null;

  @Field(() => [String], {
    description:
      "Conditions an application must meet besides the period: PENALTY_FULFILLED, HARM_REMOVED, NO_REPEAT_OFFENCE, NOT_ON_LISTS (Order No. 45 Art. 14).",
  })
  conditions!: string[];
}
