/** The health department's GraphQL types: `Subject.health` and its records. Fields only, no logic. */
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { ValueOf } from "../../shared/value-set.js";
import { DepartmentRecord, recordCategories, recordInputs } from "../../shared/record.type.js";
import { DateScalar } from "../../shared/scalars.js";

/** Its categories and their labels are the department definition's (shared/departments.ts). */
export const HealthRecordCategory = recordCategories("health");
export type HealthRecordCategory = ValueOf<typeof HealthRecordCategory>;

@ObjectType({ description: "A health or medical-insurance decision (卫生健康、医疗保障处理决定) with its publicity window." })
export class HealthRecord extends DepartmentRecord {
  @Field(() => HealthRecordCategory, { description: "Kind of record (失信行为类别)." })
  category!: HealthRecordCategory;
}

@ObjectType({ description: "A pay-after-treatment visit (医后付就诊, 信易医): treated first, the bill paid by its due date." })
export class HealthVisit {
  @Field(() => ID, { description: "Visit id." })
  id!: string;

  @Field(() => String, { description: "Hospital visited (就诊医院)." })
  hospital!: string;

  @Field(() => DateScalar, { description: "Visit date (就诊日期)." })
  visitedOn!: string;

  @Field(() => Float, { description: "Bill amount in yuan (医疗费用)." })
  amount!: number;

  @Field(() => DateScalar, { description: "Date the bill is due (缴费期限)." })
  dueOn!: string;

  @Field(() => DateScalar, { nullable: true, description: "Date the bill was paid (缴费日期); null while it is unpaid." })
  paidOn!: string | null;
}

@ObjectType({ description: "A subject's health credit profile (卫生健康信用档案) from the health commission and medical-insurance bureau (市卫健委/医保局)." })
export class HealthProfile {
  @Field(() => Int, { description: "Number of pay-after-treatment visits (医后付就诊次数), all of them." })
  payAfterVisits!: number;

  @Field(() => Float, { description: "Total of unpaid pay-after-treatment bills in yuan (未缴医疗费用), due or not yet due." })
  outstandingBills!: number;

  @Field(() => Int, { description: "Number of pay-after-treatment bills unpaid past their due date today (逾期未缴笔数)." })
  overdueBills!: number;

  @Field(() => [HealthVisit], { description: "Pay-after-treatment visits (医后付就诊记录), newest first; at most the 20 most recent." })
  visits!: HealthVisit[];

  @Field(() => [HealthRecord], { description: "Health and medical-insurance records (失信记录), newest decision first." })
  records!: HealthRecord[];
}

/** `RecordHealthRecordInput` and `CorrectHealthRecordInput`. */
export const { RecordInput: RecordHealthRecordInput, CorrectInput: CorrectHealthRecordInput } = recordInputs("health", {
  record: "A health or medical-insurance decision to record (新增失信记录).",
  correct: "Corrections to a health record (更正); omitted fields stay as they are.",
  category: "Kind of record (失信行为类别).",
  correctedCategory: "Corrected kind of record (失信行为类别).",
});
