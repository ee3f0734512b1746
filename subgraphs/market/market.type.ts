/** The market supervision administration's GraphQL types: `Subject.market` and its records. Fields only, no logic. */
import { Field, InputType, Int, ObjectType } from "type-graphql";
import { DateScalar } from "../../shared/scalars.js";
import { defineValueSet, type ValueOf } from "../../shared/value-set.js";
import { DepartmentRecord, recordCategories, recordInputs } from "../../shared/record.type.js";

/** Its categories and their labels are the department definition's (shared/departments.ts). */
export const MarketRecordCategory = recordCategories("market");
export type MarketRecordCategory = ValueOf<typeof MarketRecordCategory>;

export const AbnormalOperationsCause = defineValueSet("AbnormalOperationsCause", "Statutory cause of an abnormal operations listing (列入经营异常名录事由).", {
  NO_ANNUAL_REPORT: "Annual report not published within the prescribed period (未按规定期限公示年度报告).",
  NO_DISCLOSURE: "Required company information not published within the ordered period (未在责令期限内公示有关企业信息).",
  FALSE_INFORMATION: "Published information concealed facts or was falsified (公示信息隐瞒真实情况、弄虚作假).",
  UNREACHABLE: "Unreachable at the registered domicile or place of business (通过登记的住所或者经营场所无法联系).",
});
export type AbnormalOperationsCause = ValueOf<typeof AbnormalOperationsCause>;

@ObjectType({ description: "A market supervision record (市场监管信用记录): a penalty decision or a list entry, with its publicity window." })
export class MarketRecord extends DepartmentRecord {
  @Field(() => MarketRecordCategory, { description: "Kind of record (记录类别)." })
  category!: MarketRecordCategory;

  @Field(() => AbnormalOperationsCause, {
    nullable: true,
    description: "Cause of the abnormal operations listing (列入经营异常名录事由); set exactly when the category is ABNORMAL_OPERATIONS.",
  })
  abnormalCause!: AbnormalOperationsCause | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: "A listing removed from the 经营异常名录: the day its cause was fixed (纠正日期); null for any other record.",
  })
  causeFixedOn!: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "A listing on the 经营异常名录: days on the list, to its removal or to today while listed (under the 2015 rules 3 years on the list moved an enterprise to the serious-violation list: shown, not applied); null for any other record.",
  })
  listedDays!: number | null;
}

@ObjectType({ description: "A subject's market supervision profile (市场监管信用档案) from the market supervision administration (市市场监管局)." })
export class MarketProfile {
  @Field(() => [MarketRecord], { description: "Administrative penalty decisions (行政处罚), newest first." })
  penalties!: MarketRecord[];

  @Field(() => [MarketRecord], { description: "Abnormal operations listings (经营异常名录记录), current and past, newest first." })
  abnormalOperations!: MarketRecord[];

  @Field(() => Boolean, { description: "Whether the subject is on the abnormal operations list today (在经营异常名录中): an ACTIVE listing." })
  onAbnormalOperationsList!: boolean;

  @Field(() => Boolean, { description: "Whether the subject is on the serious illegal and dishonest list today (在严重违法失信名单中): an ACTIVE listing." })
  seriousViolation!: boolean;

  @Field(() => Int, { description: "Number of consumer complaints received (消费投诉件数)." })
  complaints!: number;

  @Field(() => Int, { description: "Number of consumer complaints upheld (投诉成立件数)." })
  upheldComplaints!: number;

  @Field(() => [MarketRecord], { description: "All market supervision records, newest first." })
  records!: MarketRecord[];
}

/** The common input fields and `category`; the abnormal operations cause is the market's own. */
const inputs = recordInputs("market", { category: "Kind of record.", correctedCategory: "Corrected kind of record." });

@InputType({ description: "A market supervision record to record (penalty decision or list entry)." })
export class RecordMarketRecordInput extends inputs.RecordInput {
  @Field(() => AbnormalOperationsCause, {
    nullable: true,
    description: "Cause of the abnormal operations listing (列入经营异常名录事由): required for ABNORMAL_OPERATIONS, absent otherwise.",
  })
  abnormalCause?: AbnormalOperationsCause | null;
}

@InputType({ description: "Corrections to a market supervision record (更正); omitted fields stay as they are." })
export class CorrectMarketRecordInput extends inputs.CorrectInput {
  @Field(() => AbnormalOperationsCause, {
    nullable: true,
    description:
      "Corrected cause of the abnormal operations listing; the corrected record must have one exactly when it is ABNORMAL_OPERATIONS (changing the category away clears it).",
  })
  abnormalCause?: AbnormalOperationsCause | null;
}
