/** The transport bureau's GraphQL types: `Subject.transport`, its records and coupon uses. Fields only, no logic. */
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { ValueOf } from "../../shared/value-set.js";
import { DepartmentRecord, recordCategories, recordInputs } from "../../shared/record.type.js";
import { DateScalar } from "../../shared/scalars.js";

/** Its categories and their labels are the department definition's (shared/departments.ts). */
export const TransportRecordCategory = recordCategories("transport");
export type TransportRecordCategory = ValueOf<typeof TransportRecordCategory>;

@ObjectType({ description: "A transport bureau decision (交通运输处理决定) with its publicity window." })
export class TransportRecord extends DepartmentRecord {
  @Field(() => TransportRecordCategory, { description: "Kind of record (类别)." })
  category!: TransportRecordCategory;
}

@ObjectType({ description: "One use of a 信易行 coupon: a credit-based discount on a transport service (信易行优惠使用记录)." })
export class CouponUse {
  @Field(() => ID, { description: "Coupon use id." })
  id!: string;

  @Field(() => DateScalar, { description: "Date of use (使用日期)." })
  usedOn!: string;

  @Field(() => String, { description: "Where it was used (使用场景): 公交 (bus), 停车 (parking), 出租车 (taxi) or 公共自行车 (public bicycle)." })
  scenario!: string;

  @Field(() => Float, { description: "Discount granted in yuan (优惠金额)." })
  discount!: number;
}

@ObjectType({ description: "A subject's transport credit profile (交通信用档案) from the transport bureau (市交通运输局)." })
export class TransportProfile {
  @Field(() => Int, { description: "Number of 信易行 coupon uses on record (信易行使用次数)." })
  couponUses!: number;

  @Field(() => Float, { description: "Total 信易行 discounts received in yuan (信易行累计优惠金额)." })
  couponSavings!: number;

  @Field(() => Float, { description: "Unpaid parking fees in yuan (停车欠费): the amounts of active PARKING_ARREARS records as of today." })
  parkingArrears!: number;

  @Field(() => [TransportRecord], { description: "Transport records (交通运输失信记录), newest decision first." })
  records!: TransportRecord[];

  @Field(() => [CouponUse], { description: "The most recent 信易行 coupon uses, newest first, at most 20 (最近使用记录)." })
  recentCouponUses!: CouponUse[];
}

/** `RecordTransportRecordInput` and `CorrectTransportRecordInput`. */
export const { RecordInput: RecordTransportRecordInput, CorrectInput: CorrectTransportRecordInput } = recordInputs("transport", {
  record: "A transport record (交通运输处理决定) to record.",
  correct: "Corrections to a transport record (更正); omitted fields stay as they are.",
  category: "Kind of record (类别).",
  correctedCategory: "Corrected kind of record.",
});
