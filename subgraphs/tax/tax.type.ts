/** The tax bureau's GraphQL types: `Subject.tax` and its records. Fields only, no logic. */
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { defineValueSet, type ValueOf } from "../../shared/value-set.js";
import { DepartmentRecord, recordCategories, recordInputs } from "../../shared/record.type.js";
import { DateScalar } from "../../shared/scalars.js";

export const TaxCreditLevel = defineValueSet("TaxCreditLevel", "纳税信用等级 (SAT 2014 No. 40, M added 2018; domain.md §3).", {
  A: "score ≥ 90",
  B: "70 ≤ score < 90",
  M: "newly registered, or no business income with score ≥ 70",
  C: "40 ≤ score < 70",
  D: "score < 40, or a direct judgement (直接判级)",
});
export type TaxCreditLevel = ValueOf<typeof TaxCreditLevel>;

/** Its categories and their labels are the department definition's (shared/departments.ts). */
export const TaxViolationCategory = recordCategories("tax");
export type TaxViolationCategory = ValueOf<typeof TaxViolationCategory>;

@ObjectType({ description: "A yearly tax credit rating (年度纳税信用评价), fixed each April for the previous year." })
export class TaxRating {
  @Field(() => Int, { description: "Rated year (评价年度)." })
  year!: number;

  @Field(() => TaxCreditLevel, { description: "Level A/B/M/C/D (纳税信用等级)." })
  level!: TaxCreditLevel;

  @Field(() => Int, { description: "Annual score 0–100 (评价得分)." })
  score!: number;

  @Field(() => Boolean, { description: "Whether D was a direct judgement (直接判级) rather than a score below 40." })
  directJudgement!: boolean;
}

@ObjectType({ description: "Tax owed and not paid by its due date (欠税)." })
export class TaxArrears {
  @Field(() => ID, { description: "Record id." })
  id!: string;

  @Field(() => ID, { description: "The subject that owes it (its USCC or ID number): what the audit log records a read of it under." })
  subjectId!: string;

  @Field(() => String, { description: "Tax type (税种), e.g. 增值税." })
  taxType!: string;

  @Field(() => Float, { description: "Amount owed in yuan (欠税金额)." })
  amount!: number;

  @Field(() => Float, { description: "Amount paid so far in yuan (已缴金额)." })
  paid!: number;

  @Field(() => Float, { description: "Amount still outstanding in yuan (未缴金额)." })
  outstanding!: number;

  @Field(() => DateScalar, { description: "Due date of the tax (缴款期限)." })
  dueOn!: string;

  @Field(() => DateScalar, { nullable: true, description: "Date the arrears were settled in full (结清日期), when they were." })
  settledOn!: string | null;
}

@ObjectType({ description: "A tax violation decision (税收违法处理决定) with its publicity window." })
export class TaxViolation extends DepartmentRecord {
  @Field(() => TaxViolationCategory, { description: "Kind of violation." })
  category!: TaxViolationCategory;
}

@ObjectType({ description: "A subject's tax credit profile (纳税信用档案) from the tax bureau (市税务局)." })
export class TaxProfile {
  @Field(() => TaxRating, { nullable: true, description: "The most recent yearly rating; null when the subject has never been rated." })
  latestRating!: TaxRating | null;

  @Field(() => [TaxRating], { description: "Yearly ratings, newest first." })
  ratings!: TaxRating[];

  @Field(() => [TaxArrears], { description: "Arrears records (欠税), newest due date first." })
  arrears!: TaxArrears[];

  @Field(() => Float, { description: "Total outstanding arrears in yuan." })
  outstandingArrears!: number;

  @Field(() => [TaxViolation], { description: "Violation decisions (税收违法记录), newest decision first: the record list every department names `records`." })
  records!: TaxViolation[];

  @Field(() => [TaxViolation], {
    description: "Violation decisions, newest first.",
    deprecationReason: "Use `records`: the same list, named as every department names it.",
  })
  violations!: TaxViolation[];
}

/** `RecordTaxViolationInput` and `CorrectTaxViolationInput`. */
export const { RecordInput: RecordTaxViolationInput, CorrectInput: CorrectTaxViolationInput } = recordInputs("tax", {
  record: "A tax violation decision to record.",
  correct: "Corrections to a tax violation record; omitted fields stay as they are.",
  category: "Kind of violation.",
  correctedCategory: "Corrected kind of violation.",
});

@InputType({ description: "A payment against an arrears record." })
export class RecordArrearsPaymentInput {
  @Field(() => ID, { description: "The arrears record paid." })
  arrearsId!: string;

  @Field(() => Float, { description: "Amount paid in yuan, > 0, at most 2 decimals, not more than outstanding." })
  amount!: number;

  @Field(() => DateScalar, { description: "Payment date; not in the future." })
  paidOn!: string;
}
