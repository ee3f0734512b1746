/**
 * Merchant codes (爱山商圈 "主动亮信、扫码查信"): an organisation's choice to show its public page, and
 * that page's content — its name, level band and current red/black list status, nothing else.
 */
import { Field, ID, ObjectType } from "type-graphql";
import { CreditList, ListColor } from "../directory/credit-record.type.js";

@ObjectType({ description: "An organisation's choice to show its public merchant code (亮信), as the credit office holds it." })
export class MerchantCodeSetting {
  @Field(() => ID, { description: "The organisation's 统一社会信用代码." })
  subjectId!: string;

  @Field(() => Boolean, { description: "Whether its public page (/merchant/<USCC>) is shown." })
  displayed!: boolean;

  @Field(() => String, { description: "When the choice was last changed (ISO 8601)." })
  changedAt!: string;

  @Field(() => String, { description: "The public page's address (XINYI_PUBLIC_URL/merchant/<USCC>): the QR code's content." })
  url!: string;
}

@ObjectType({ description: "A red or black list an organisation is on today (in force), as its public merchant page shows it." })
export class MerchantListStatus {
  @Field(() => CreditList, { description: "Which list." })
  list!: CreditList;

  @Field(() => ListColor, { description: "Red (honour) or black (dishonesty) list." })
  color!: ListColor;
}

@ObjectType({
  description:
    "What the public merchant page of an organisation that chose to show it says: its name, its public credit level band and the red/black lists it is on today. Nothing else (no records, score, reasons or IDs).",
})
export class MerchantCode {
  @Field(() => String, { description: "The organisation's registered name." })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: "Public credit level band (公共信用评价等级): EXCELLENT, GOOD, FAIR or POOR; null while the live evaluation is incomplete.",
  })
  level!: string | null;

  @Field(() => [MerchantListStatus], { description: "The red and black lists it is on today (entries in force); empty when none." })
  lists!: MerchantListStatus[];

  @Field(() => String, { description: "When this was read from the live evaluation (ISO 8601); cached for at most MERCHANT_CACHE_SECONDS (60)." })
  asOf!: string;
}
