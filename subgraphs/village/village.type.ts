/** The village bureau's GraphQL types: `Subject.village`, its records and coupon uses. Fields only, no logic. */
import { Directive, Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import type { ValueOf } from "../../shared/value-set.js";
import { DepartmentRecord, RecordCorrectionBase, RecordInputBase, recordCategories, SUBJECT_ID_DESCRIPTION } from "../../shared/record.type.js";
import { DateScalar } from "../../shared/scalars.js";

/** Its categories and their labels are the department definition's (shared/departments.ts). */
export const VillageRecordCategory = recordCategories("village");
export type VillageRecordCategory = ValueOf<typeof VillageRecordCategory>;

@ObjectType({ description: "A village bureau decision (交通运输处理决定) with its publicity window." })
export class VillageRecord extends DepartmentRecord {
  @Field(() => VillageRecordCategory, { description: "Kind of record (类别)." })
  category!: VillageRecordCategory;
}

@ObjectType({ description: "One use of a 信易行 coupon: a credit-based discount on a village service (信易行优惠使用记录)." })
export class VillageCouponUse {
  @Field(() => ID, { description: "Coupon use id." })
  id!: string;

  @Field(() => DateScalar, { description: "Date of use (使用日期)." })
  usedOn!: string;

  @Field(() => String, { description: "Where it was used (使用场景): 公交 (bus), 停车 (parking), 出租车 (taxi) or 公共自行车 (public bicycle)." })
  scenario!: string;

  @Field(() => Float, { description: "Discount granted in yuan (优惠金额)." })
  discount!: number;
}

@ObjectType({ description: "A subject's village credit profile (交通信用档案) from the village bureau (市交通运输局)." })
export class VillageProfile {
  @Field(() => Int, { description: "Number of 信易行 coupon uses on record (信易行使用次数)." })
  couponUses!: number;

  @Field(() => Float, { description: "Total 信易行 discounts received in yuan (信易行累计优惠金额)." })
  couponSavings!: number;

  @Field(() => Float, { description: "Unpaid parking fees in yuan (停车欠费): the amounts of active PARKING_ARREARS records as of today." })
  parkingArrears!: number;

  @Field(() => [VillageRecord], { description: "Village records (交通运输失信记录), newest decision first." })
  records!: VillageRecord[];

  @Field(() => [VillageCouponUse], { description: "The most recent 信易行 coupon uses, newest first, at most 20 (最近使用记录)." })
  recentCouponUses!: VillageCouponUse[];
}

@Directive('@key(fields: "id")')
@ObjectType("Subject", { description: "A credit subject, as the village bureau sees it." })
export class VillageSubject {
  @Field(() => ID, { description: SUBJECT_ID_DESCRIPTION })
  id!: string;
}

@InputType({ description: "A village record (交通运输处理决定) to record." })
export class RecordVillageRecordInput extends RecordInputBase {
  @Field(() => VillageRecordCategory, { description: "Kind of record (类别)." })
  category!: VillageRecordCategory;
}

@InputType({ description: "Corrections to a village record (更正); omitted fields stay as they are." })
export class CorrectVillageRecordInput extends RecordCorrectionBase {
  @Field(() => VillageRecordCategory, { nullable: true, description: "Corrected kind of record." })
  category?: VillageRecordCategory;
}
