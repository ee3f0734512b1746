/** The 信易+ catalogue, eligibility answers and the redemption ledger, as GraphQL types. */
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { defineValueSet, type ValueOf } from "../../shared/value-set.js";

export const EligibilityStatus = defineValueSet("EligibilityStatus", "Whether a subject may use an offer now.", {
  ELIGIBLE: "可享受: every condition is met",
  NOT_ELIGIBLE: "不可享受: a condition is not met",
  UNKNOWN: "暂无法判断: a department did not answer; nothing is granted",
});
export type EligibilityStatus = ValueOf<typeof EligibilityStatus>;

export const ConditionOutcome = defineValueSet("ConditionOutcome", "The outcome of one condition of an offer.", {
  MET: "满足",
  NOT_MET: "不满足",
  UNKNOWN: "未知: its department did not answer",
});
export type ConditionOutcome = ValueOf<typeof ConditionOutcome>;

export const RedemptionAction = defineValueSet("RedemptionAction", "What a ledger entry records.", {
  USE: "享受一次优惠 (a benefit used: 普惠人次)",
  ISSUE: "发放一张优惠券 (a coupon handed out, e.g. 信易行)",
});
export type RedemptionAction = ValueOf<typeof RedemptionAction>;

@ObjectType({ description: "How much of an offer may be used per period (quota); numbers are ours, see the catalogue's provenance." })
export class OfferQuota {
  @Field(() => Int, { nullable: true, description: "Ledger entries allowed per period." })
  count!: number | null;

  @Field(() => Float, { nullable: true, description: "Amount allowed per period, in yuan." })
  budget!: number | null;

  @Field(() => String, { description: "MONTH, YEAR or TOTAL." })
  period!: string;
}

@ObjectType({ description: "Who may use an offer." })
export class OfferRules {
  @Field(() => [String], { description: "PERSON and/or ORGANIZATION." })
  subjectKinds!: string[];

  @Field(() => String, { nullable: true, description: "Organisations' minimum public credit level (EXCELLENT, GOOD, FAIR)." })
  minLevel!: string | null;

  @Field(() => String, { nullable: true, description: "Persons' minimum 个人诚信码 colour (BLUE, GREEN, YELLOW)." })
  minColour!: string | null;

  @Field(() => [String], { description: "Lists of which an active entry is required (any one)." })
  requiredLists!: string[];

  @Field(() => [String], { description: "Lists whose active entry excludes." })
  excludedLists!: string[];

  @Field(() => [String], {
    description:
      "Department facts required: TAX_LEVEL_A, NO_ACTIVE_HEALTH_DEFAULT, NOT_ON_TRADING_WARNING, NO_BREACHED_COMMITMENT, or a fact a department publishes with the values allowed (village.householdCode:BLUE|GREEN).",
  })
  facts!: string[];

  @Field(() => Boolean, { description: "Whether a person must hold an active 个人诚信码 registration (consent)." })
  consent!: boolean;
}

@ObjectType({ description: "A concrete 信易+ benefit a partner runs (守信激励措施)." })
export class IncentiveOffer {
  @Field(() => ID, { description: "Offer id, e.g. xing-bus-coupon." })
  id!: string;

  @Field(() => String, { description: "Scenario code, e.g. XING (信易行)." })
  scenario!: string;

  @Field(() => String, { description: "Name in Chinese." })
  name!: string;

  @Field(() => String, { description: "Name in English." })
  en!: string;

  @Field(() => String, { description: "The benefit as the 2019 work plan words it." })
  benefit!: string;

  @Field(() => String, { description: "SERVICE, DISCOUNT, DEPOSIT_WAIVER, LOAN or COUPON." })
  kind!: string;

  @Field(() => Float, { nullable: true, description: "Value of one use in yuan (coupon face value, typical amount waived or lent); ours." })
  value!: number | null;

  @Field(() => OfferQuota, { nullable: true, description: "Quota per period; null: unlimited." })
  quota!: OfferQuota | null;

  @Field(() => OfferRules, { description: "Who may use it." })
  rules!: OfferRules;
}

@ObjectType({ description: "One of the twelve 信易+ scenario types (or OTHER), with its offers." })
export class IncentiveScenario {
  @Field(() => String, { description: "Code: PI, DAI, ZU, XING, YOU, YI, GOU, ZHU, ZHAO, YUE, GUAN, PING or OTHER." })
  code!: string;

  @Field(() => String, { description: "Name, e.g. 信易批." })
  name!: string;

  @Field(() => String, { description: "Name in English." })
  en!: string;

  @Field(() => String, { description: "What the work plan says of it." })
  summary!: string;

  @Field(() => String, { description: "Where in the work plan." })
  source!: string;
}

@ObjectType({ description: "A project of the 2019 work plan's annex (湖州市“信易+”创新应用项目清单)." })
export class AnnexProject {
  @Field(() => Int, { description: "序号 in the annex, 1–35." })
  number!: number;

  @Field(() => String, { description: "项目名称." })
  name!: string;

  @Field(() => String, { description: "项目内容." })
  content!: string;

  @Field(() => String, { description: "推进计划." })
  schedule!: string;

  @Field(() => String, { description: "牵头单位." })
  leadUnit!: string;

  @Field(() => String, { description: "配合单位." })
  partners!: string;

  @Field(() => String, { description: "完成时限." })
  deadline!: string;

  @Field(() => String, { description: "The scenario its name or content names; OTHER when none of the twelve." })
  scenario!: string;

  @Field(() => String, { nullable: true, description: "For OTHER projects, their own label (e.g. 信易办, 拥军贷)." })
  label!: string | null;

  @Field(() => [ID], { description: "Ids of the offers it runs." })
  offerIds!: string[];
}

@ObjectType({ description: "The 信易+ catalogue: versioned data, public." })
export class IncentiveCatalogue {
  @Field(() => String, { description: "Catalogue version." })
  version!: string;

  @Field(() => String, { description: "What it is." })
  description!: string;

  @Field(() => String, { description: "Where its contents come from; which numbers are ours." })
  provenance!: string;

  @Field(() => [IncentiveScenario], { description: "The twelve scenario types, then OTHER." })
  scenarios!: IncentiveScenario[];

  @Field(() => [IncentiveOffer], { description: "Every offer." })
  offers!: IncentiveOffer[];

  @Field(() => [AnnexProject], { description: "The 35 annex projects." })
  projects!: AnnexProject[];
}

@ObjectType({ description: "One condition of an offer for one subject, and whether it is met." })
export class EligibilityCondition {
  @Field(() => String, { description: "KIND, CONSENT, EXCLUDED_LIST, REQUIRED_LIST, FACT, LEVEL or COLOUR." })
  condition!: string;

  @Field(() => ConditionOutcome, { description: "Met, not met, or unknown." })
  outcome!: ConditionOutcome;

  @Field(() => String, { description: "The department whose data decides it (evaluation: the live evaluation)." })
  department!: string;

  @Field(() => String, { description: "The condition in Chinese, with the subject's value." })
  zh!: string;

  @Field(() => String, { description: "The condition in English." })
  en!: string;
}

@ObjectType({ description: "An offer and whether the subject may use it now, with every condition." })
export class EligibleIncentive {
  @Field(() => IncentiveOffer, { description: "The offer." })
  offer!: IncentiveOffer;

  @Field(() => EligibilityStatus, { description: "ELIGIBLE, NOT_ELIGIBLE or UNKNOWN." })
  status!: EligibilityStatus;

  @Field(() => [EligibilityCondition], { description: "Every condition and its outcome." })
  conditions!: EligibilityCondition[];

  @Field(() => [String], { description: "Departments that did not answer (when UNKNOWN)." })
  missingDepartments!: string[];
}

@ObjectType({ description: "A partner's eligibility answer: yes or no, nothing about the subject's records, score, level or colour." })
export class EligibilityCheck {
  @Field(() => ID, { description: "Check id, for the partner's records and the audit." })
  checkId!: string;

  @Field(() => ID, { description: "The offer checked." })
  offerId!: string;

  @Field(() => Boolean, { description: "Whether the subject may use the offer now. No for an unknown, unregistered or ineligible subject alike." })
  eligible!: boolean;

  @Field(() => String, { description: "When (ISO 8601)." })
  checkedAt!: string;
}

@ObjectType({ description: "A ledger entry (核销记录): a benefit used or a coupon issued, or its reversal." })
export class Redemption {
  @Field(() => ID, { description: "Entry id." })
  id!: string;

  @Field(() => ID, { description: "The subject who used the benefit (its USCC or ID number): what the audit log records a read of it under." })
  subjectId!: string;

  @Field(() => ID, { description: "The offer." })
  offerId!: string;

  @Field(() => String, { description: "The offer's scenario code." })
  scenario!: string;

  @Field(() => RedemptionAction, { description: "USE or ISSUE." })
  action!: RedemptionAction;

  @Field(() => Float, { description: "Amount in yuan; negative for a reversal." })
  amount!: number;

  @Field(() => String, { description: "Where it happened (a counter, an app)." })
  channel!: string;

  @Field(() => ID, { nullable: true, description: "For a reversal, the entry it corrects." })
  reverses!: string | null;

  @Field(() => String, { description: "When it was recorded (ISO 8601)." })
  recordedAt!: string;

  @Field(() => Boolean, { description: "True when this answer repeats an earlier request with the same idempotency key (nothing new was written)." })
  replayed!: boolean;
}

@InputType({ description: "A benefit a partner records." })
export class RedeemIncentiveInput {
  @Field(() => ID, {
    nullable: true,
    description: "An organisation's USCC (public). A person is named by the code they present (presentation), not by ID number.",
  })
  subjectId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The token of the 个人诚信码 the person shows (issueCodePresentation); the same code serves one check and one redemption, for one offer, within 5 minutes.",
  })
  presentation?: string | null;

  @Field(() => ID, { description: "The offer; the partner's token must name it." })
  offerId!: string;

  @Field(() => Float, { description: "Amount in yuan (waived, discounted, lent), ≥ 0 with at most 2 decimals." })
  amount!: number;

  @Field(() => String, { description: "Where (1–40 characters), e.g. 公交刷卡." })
  channel!: string;

  @Field(() => String, { description: "The partner's key for this redemption (8–100 of A–Z a–z 0–9 _ -): the same key returns the first result." })
  idempotencyKey!: string;

  @Field(() => RedemptionAction, { nullable: true, description: "USE (default) or ISSUE (a coupon handed out)." })
  action?: RedemptionAction;
}
