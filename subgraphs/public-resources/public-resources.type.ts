/** The public resources trading office's GraphQL types: `Subject.publicResources` and its records. Fields only, no logic. */
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import type { ValueOf } from "../../shared/value-set.js";
import { DepartmentRecord, recordCategories, recordInputs } from "../../shared/record.type.js";
import { DateScalar } from "../../shared/scalars.js";

/** Its categories and their labels are the department definition's (shared/departments.ts). */
export const TradingRecordCategory = recordCategories("public-resources");
export type TradingRecordCategory = ValueOf<typeof TradingRecordCategory>;

@ObjectType({ description: "A bid in a public procurement or construction tender (投标记录)." })
export class TradingBid {
  @Field(() => ID, { description: "Bid id." })
  id!: string;

  @Field(() => String, { description: "Tender project number (项目编号)." })
  projectNo!: string;

  @Field(() => String, { description: "Tender project name (项目名称)." })
  projectName!: string;

  @Field(() => DateScalar, { description: "Bid date (投标日期)." })
  bidOn!: string;

  @Field(() => Float, { description: "Bid price in yuan (投标报价)." })
  amount!: number;

  @Field(() => Boolean, { description: "Whether the bid won the tender (是否中标)." })
  awarded!: boolean;
}

@ObjectType({ description: "A quantified bad-behaviour record (不良行为量化记分) of the trading office, with its publicity window and points." })
export class TradingRecord extends DepartmentRecord {
  @Field(() => TradingRecordCategory, { description: "Kind of bad behaviour (不良行为类别)." })
  category!: TradingRecordCategory;

  @Field(() => Int, { description: "Bad-behaviour points (不良行为记分), 1–100." })
  points!: number;

  @Field(() => DateScalar, { description: "Date the points stop counting (记分有效期至): decision date + 12 months; they count while it is after today." })
  pointsValidUntil!: string;
}

@ObjectType({ description: "A subject's public resources trading profile (公共资源交易信用档案) from the trading office (市公管办)." })
export class PublicResourcesProfile {
  @Field(() => Int, { description: "Number of bids on record (投标次数)." })
  bids!: number;

  @Field(() => Int, { description: "Number of bids that won (中标次数)." })
  awards!: number;

  @Field(() => Float, { description: "Total price of the winning bids in yuan (中标金额)." })
  awardedAmount!: number;

  @Field(() => [TradingBid], { description: "The most recent bids, newest first; at most 20 (近期投标)." })
  recentBids!: TradingBid[];

  @Field(() => Int, { description: "Points counting today (有效记分): records active today whose points have not expired." })
  activePoints!: number;

  @Field(() => Boolean, { description: "On the bad-behaviour warning list (不良行为警示名录): active points at or above the threshold; restricts bidding." })
  onWarningList!: boolean;

  @Field(() => Int, { description: "Active points at which a bidder goes on the warning list (警示记分线)." })
  warningThreshold!: number;

  @Field(() => [TradingRecord], { description: "Bad-behaviour records (不良行为记录), newest first." })
  records!: TradingRecord[];
}

/** The common input fields and `category`; the points are the trading centre's own. */
const inputs = recordInputs("public-resources", { category: "Kind of bad behaviour.", correctedCategory: "Corrected kind of bad behaviour." });

@InputType({ description: "A quantified bad-behaviour record (不良行为量化记分) to record." })
export class RecordTradingRecordInput extends inputs.RecordInput {
  @Field(() => Int, { description: "Bad-behaviour points (不良行为记分), an integer 1–100." })
  points!: number;
}

@InputType({ description: "Corrections to a bad-behaviour record (更正); omitted fields stay as they are." })
export class CorrectTradingRecordInput extends inputs.CorrectInput {
  @Field(() => Int, { nullable: true, description: "Corrected points (记分), an integer 1–100." })
  points?: number;
}
