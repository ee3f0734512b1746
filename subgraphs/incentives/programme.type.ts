/** The 信易+ programme metrics from the ledger (the credit office adds its figures to the same entity). */
import { Directive, Field, Float, InputType, Int, ObjectType } from "type-graphql";
import { requiresAnyScope, Scopes } from "../../shared/scopes.js";
import { DateScalar } from "../../shared/scalars.js";
import { District } from "../credit/directory/subject.type.js";

const METRICS = requiresAnyScope(Scopes.METRICS_READ, Scopes.ADMIN);

@InputType({ description: "Which part of the programme to count; every field optional." })
export class ProgrammeMetricsFilter {
  @Field(() => District, { nullable: true, description: "Only subjects of this district." })
  district?: District;

  @Field(() => DateScalar, { nullable: true, description: "First day counted (inclusive)." })
  from?: string;

  @Field(() => DateScalar, { nullable: true, description: "Last day counted (inclusive)." })
  to?: string;

  @Field(() => String, { nullable: true, description: "Only this scenario (code, e.g. XING); ledger figures only." })
  scenario?: string;
}

@ObjectType({ description: "Benefit uses and amount of one group (a scenario, a district, a month, an offer)." })
export class UseCount {
  @Field(() => String, { description: "The group: scenario code, district, month (YYYY-MM) or offer id." })
  key!: string;

  @Field(() => Int, { description: "Benefit uses, reversals deducted." })
  uses!: number;

  @Field(() => Float, { description: "Amount of those uses in yuan, reversals deducted." })
  amount!: number;
}

@Directive('@key(fields: "id")')
@ObjectType("ProgrammeMetrics", { description: "信易+ programme metrics (dashboards; metrics:read). Reversals are deducted everywhere." })
export class ProgrammeMetrics {
  @Field(() => String, { description: "The filter in canonical form (district|from|to|scenario, * for any)." })
  id!: string;

  @Directive(METRICS)
  @Field(() => Int, {
    description:
      "Benefit uses (USE entries) of every subject — persons and organisations, every offer kind — recorded in the period, reversals deducted. Not the article's 普惠人次 (persons only, since 2021-03): that is personBenefitUses.",
  })
  benefitUses!: number;

  @Directive(METRICS)
  @Field(() => Int, {
    description:
      "普惠人次 as the 2024 article counts it (约5万余人次, 个人诚信码 holders since 2021-03): persons' benefit uses (USE entries of PERSON subjects, every scenario — their 信易贷 loans and 信易行 coupons included, as the article lists those scenarios for code holders — reversals deducted) from the programme's start 2021-03-01 (or the filter's later `from`) to `to`; district and scenario filter as elsewhere.",
  })
  personBenefitUses!: number;

  @Directive(METRICS)
  @Field(() => Float, {
    description:
      "减免费用 as the 2024 article counts it (600万元, 个人诚信码 holders since 2021-03): yuan of fees waived for persons — discounts and coupons used (DISCOUNT and COUPON offers), refundable deposits waived NOT included, loans not included — from 2021-03-01 (or the filter's later `from`) to `to`, reversals deducted.",
  })
  personFeesWaived!: number;

  @Directive(METRICS)
  @Field(() => Int, { description: "普惠人数: distinct subjects with at least one unreversed benefit use in the period." })
  beneficiaries!: number;

  @Directive(METRICS)
  @Field(() => Float, {
    description:
      "Yuan waived by benefit uses of every subject — discounts, coupons used and refundable deposits waived (DISCOUNT, COUPON, DEPOSIT_WAIVER offers) — in the period. Not the article's 减免费用 (fees, for persons, since 2021-03): that is personFeesWaived.",
  })
  amountWaived!: number;

  @Directive(METRICS)
  @Field(() => Float, { description: "Of amountWaived: deposits waived (DEPOSIT_WAIVER offers), in yuan." })
  depositsWaived!: number;

  @Directive(METRICS)
  @Field(() => Int, { description: "Coupons issued (ISSUE entries of COUPON offers) in the period (article: 信易行 3.3万张)." })
  couponsIssued!: number;

  @Directive(METRICS)
  @Field(() => Int, { description: "Coupons used (USE entries of COUPON offers) in the period." })
  couponsUsed!: number;

  @Directive(METRICS)
  @Field(() => Float, { description: "Face value in yuan of the coupons used (article: 15.61万元)." })
  couponValue!: number;

  @Directive(METRICS)
  @Field(() => Int, { description: "信易贷 loans granted (USE entries of LOAN offers) in the period." })
  loansGranted!: number;

  @Directive(METRICS)
  @Field(() => Float, { description: "Amount of those loans in yuan." })
  loanAmount!: number;

  @Directive(METRICS)
  @Field(() => [UseCount], { description: "Benefit uses by scenario (every scenario, zeros included)." })
  byScenario!: UseCount[];

  @Directive(METRICS)
  @Field(() => [UseCount], { description: "Benefit uses by district (every district, zeros included)." })
  byDistrict!: UseCount[];

  @Directive(METRICS)
  @Field(() => [UseCount], { description: "Benefit uses by month (YYYY-MM), months with uses only, oldest first." })
  byMonth!: UseCount[];

  @Directive(METRICS)
  @Field(() => [UseCount], { description: "The ten offers used most (key: offer id)." })
  topOffers!: UseCount[];
}
