/** The evaluation's GraphQL types: the live evaluation, the policy, the population snapshot. Fields only. */
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { defineValueSet, type ValueOf } from "../../shared/value-set.js";
import { DateScalar } from "../../shared/scalars.js";
import { COLOUR_NAMES, LEVEL_NAMES } from "./policy.js";

export const CreditLevel = defineValueSet("CreditLevel", "Public credit level of an organisation (公共信用评价等级).", LEVEL_NAMES);
export type CreditLevel = ValueOf<typeof CreditLevel>;

export const CodeColor = defineValueSet(
  "CodeColor",
  "Colour of a person's 个人诚信码, best first (the bands are ours; see the policy's provenance).",
  COLOUR_NAMES,
);
export type CodeColor = ValueOf<typeof CodeColor>;

export const ReasonKind = defineValueSet("ReasonKind", "What a reason is about.", {
  DOWNGRADE: "A direct downgrade (直接降级) capping the level whatever the points.",
  RECORD: "A department record (失信记录) counting against the score.",
  LIST: "A red-list honour (红名单) counting for the score.",
  TAX_LEVEL: "The yearly tax credit level (纳税信用等级).",
  COMMITMENT: "A credit commitment kept or broken (信用承诺).",
  FACT: "A fact a department publishes beyond its records (e.g. 长兴's household 文明诚信码 colour), weighed by the policy's factRules; `fact` names it.",
});
export type ReasonKind = ValueOf<typeof ReasonKind>;

@ObjectType({ description: "One dimension of the evaluation (评价维度) and its score." })
export class DimensionScore {
  @Field(() => String, { description: "Dimension name, e.g. LAW_ABIDING." }) name!: string;
  @Field(() => String, { description: "Chinese name, e.g. 遵纪守法." }) zh!: string;
  @Field(() => Int, { description: "Score of the dimension, 0–1000." }) score!: number;
  @Field(() => Float, { description: "Weight of the dimension in the total." }) weight!: number;
}

@ObjectType({ description: "Why the score is what it is (评价理由): one record, honour or rule, with its effect." })
export class EvaluationReason {
  @Field(() => ReasonKind, { description: "What the reason is about." }) kind!: ReasonKind;
  @Field(() => String, { description: "Department whose record, list, rating or fact it is (credit, tax, a department's name)." }) department!: string;
  @Field(() => ID, { nullable: true, description: "Id of the record in that department, when the reason is a record." }) recordId!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The published fact a FACT reason weighs, as <department>.<fact> (village.householdCode); null otherwise.",
  })
  fact?: string | null;
  @Field(() => String, { nullable: true, description: "Dimension the points count in; null for a downgrade." }) dimension!: string | null;
  @Field(() => Float, { description: "Effect on the 0–1000 score (points × dimension weight); 0 for a downgrade, which caps the level instead." })
  points!: number;
  @Field(() => String, { description: "The reason in Chinese." }) zh!: string;
  @Field(() => String, { description: "The reason in English." }) en!: string;
}

@ObjectType({ description: "A live public credit evaluation (公共信用评价) computed from the federated profile." })
export class CreditEvaluation {
  @Field(() => Int, { nullable: true, description: "Score 0–1000; null when a department the policy reads was unavailable." }) score!: number | null;
  @Field(() => CreditLevel, { nullable: true, description: "Level of an organisation; null for persons and when incomplete." }) level!: CreditLevel | null;
  @Field(() => CodeColor, { nullable: true, description: "诚信码 colour of a person; null for organisations and when incomplete." })
  codeColor!: CodeColor | null;
  @Field(() => [DimensionScore], { description: "Score per dimension (empty when incomplete)." }) dimensions!: DimensionScore[];
  @Field(() => [EvaluationReason], { description: "Reasons ordered by effect: downgrades first, then the largest effects." }) reasons!: EvaluationReason[];
  @Field(() => Boolean, { description: "Whether every department the policy reads answered." }) complete!: boolean;
  @Field(() => [String], { description: "Departments that were unavailable (so the level is withheld)." }) missingSources!: string[];
  @Field(() => String, { description: "Version of the scoring policy applied." }) policyVersion!: string;
  @Field(() => DateScalar, { description: "The date the evaluation is computed as of." }) asOf!: string;
  @Field(() => String, { description: "When it was computed (UTC, ISO 8601)." }) evaluatedAt!: string;
}

@ObjectType({ description: "A rule of the scoring policy, flattened for reading (评分规则)." })
export class PolicyRule {
  @Field(() => String, { description: "RECORD, LIST, TAX_LEVEL, COMMITMENT, FACT or a downgrade kind (LIST, RECORD, TAX_LEVEL, WARNING_LIST)." })
  kind!: string;
  @Field(() => String, { description: "What the rule matches, e.g. tax/TAX_EVASION/*, DISHONEST_JUDGMENT_DEBTOR or village.householdCode/RED." })
  matches!: string;
  @Field(() => String, { nullable: true, description: "Dimension it counts in (null for downgrades)." }) dimension!: string | null;
  @Field(() => Float, { nullable: true, description: "Dimension points per counting record (per record point for public-resources)." }) points!: number | null;
  @Field(() => String, { nullable: true, description: "For a downgrade: the best level allowed." }) capAt!: string | null;
  @Field(() => String, { description: "The rule in Chinese." }) zh!: string;
  @Field(() => String, { description: "The rule in English." }) en!: string;
}

@ObjectType({ description: "A level threshold: organisation level and person colour from a minimum score." })
export class PolicyLevel {
  @Field(() => String, { description: "Organisation level." }) organization!: string;
  @Field(() => String, { description: "Person 诚信码 colour." }) person!: string;
  @Field(() => Int, { description: "Lowest score of the level." }) minScore!: number;
}

@ObjectType({ description: "The active scoring policy (评分规则), read-only: PIPL Art. 24 lets a person ask how a decision was made." })
export class ScoringPolicy {
  @Field(() => String, { description: "Policy version." }) version!: string;
  @Field(() => String, { description: "What the policy is." }) description!: string;
  @Field(() => String, { description: "Where its numbers come from (ours where no source was found)." }) provenance!: string;
  @Field(() => [DimensionScore], { description: "Dimensions with their weights and base scores (as `score`)." }) dimensions!: DimensionScore[];
  @Field(() => [PolicyLevel], { description: "Level thresholds, best first." }) levels!: PolicyLevel[];
  @Field(() => [PolicyRule], { description: "Every rule, downgrades first." }) rules!: PolicyRule[];
}

@ObjectType({ description: "How many subjects of one kind and district had one grade in a snapshot." })
export class GradeCount {
  @Field(() => String, { description: "ORGANIZATION or PERSON." }) kind!: string;
  @Field(() => String, { description: "District." }) district!: string;
  @Field(() => String, { description: "Level (organisations), colour (persons), or INCOMPLETE." }) grade!: string;
  @Field(() => Int, { description: "Number of subjects." }) count!: number;
}

@ObjectType({ description: "A population-wide evaluation snapshot (全市信用评价分布) for dashboards." })
export class EvaluationSnapshot {
  @Field(() => ID, { description: "Snapshot id." }) id!: string;
  @Field(() => String, { description: "When it started (UTC, ISO 8601)." }) startedAt!: string;
  @Field(() => String, { nullable: true, description: "When it finished; null while running." }) finishedAt!: string | null;
  @Field(() => String, { description: "Policy version it applied." }) policyVersion!: string;
  @Field(() => DateScalar, { description: "The date evaluated as of." }) asOf!: string;
  @Field(() => Int, { description: "Subjects evaluated." }) subjects!: number;
  @Field(() => [GradeCount], { description: "Distribution by kind, district and grade." }) distribution!: GradeCount[];
}
