/** The credit office's own records on a subject: list entries, commitments, repairs. */
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar } from "../../shared/scalars.js";

export enum CreditList {
  DISHONEST_JUDGMENT_DEBTOR = "DISHONEST_JUDGMENT_DEBTOR",
  SERIOUS_DISHONESTY = "SERIOUS_DISHONESTY",
  MORAL_MODEL = "MORAL_MODEL",
  LABOR_MODEL = "LABOR_MODEL",
  VOLUNTEER_5A = "VOLUNTEER_5A",
  INTEGRITY_MODEL_ENTERPRISE = "INTEGRITY_MODEL_ENTERPRISE",
}
registerEnumType(CreditList, {
  name: "CreditList",
  description: "Red (honour) and black (dishonesty) lists the credit office records.",
  valuesConfig: {
    DISHONEST_JUDGMENT_DEBTOR: { description: "失信被执行人 (black; kept by the courts)" },
    SERIOUS_DISHONESTY: { description: "严重失信主体名单 (black; kept by the competent authority)" },
    MORAL_MODEL: { description: "道德模范 (red)" },
    LABOR_MODEL: { description: "劳动模范 (red)" },
    VOLUNTEER_5A: { description: "5A志愿者 (red)" },
    INTEGRITY_MODEL_ENTERPRISE: { description: "诚信示范企业 (red)" },
  },
});

export enum ListColor {
  RED = "RED",
  BLACK = "BLACK",
}
registerEnumType(ListColor, { name: "ListColor", description: "Red list (红名单, honours) or black list (黑名单, dishonesty)." });

export enum ListEntryStatus {
  ACTIVE = "ACTIVE",
  REMOVED = "REMOVED",
  EXPIRED = "EXPIRED",
}
registerEnumType(ListEntryStatus, {
  name: "ListEntryStatus",
  description: "Whether a list entry is in force (有效), removed after performance or repair (移出), or past its term (到期).",
});

export enum CommitmentFulfilment {
  PENDING = "PENDING",
  FULFILLED = "FULFILLED",
  BREACHED = "BREACHED",
}
registerEnumType(CommitmentFulfilment, {
  name: "CommitmentFulfilment",
  description: "Fulfilment (履约) of a credit commitment: not yet due, kept (已履约), or broken (违诺).",
});

export enum RepairStatus {
  PENDING = "PENDING",
  APPROVED = "APPROVED",
  REJECTED = "REJECTED",
}
registerEnumType(RepairStatus, { name: "RepairStatus", description: "Outcome of a credit repair application (信用修复申请)." });

@ObjectType({ description: "An entry of a subject on a red or black list (红黑名单)." })
export class ListEntry {
  @Field(() => ID, { description: "Record id." })
  id!: string;

  @Field(() => CreditList, { description: "Which list." })
  list!: CreditList;

  @Field(() => ListColor, { description: "Red or black list." })
  color!: ListColor;

  @Field(() => String, { description: "Authority that listed the subject (认定单位)." })
  authority!: string;

  @Field(() => String, { description: "Ground for the listing (列入事由)." })
  reason!: string;

  @Field(() => DateScalar, { description: "Date of listing (列入日期)." })
  listedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: "End of the listing term (届满日期); null when it lasts until performance." })
  expiresOn!: string | null;

  @Field(() => ListEntryStatus, { description: "In force, removed or expired." })
  status!: ListEntryStatus;
}

@ObjectType({ description: "A credit commitment (信用承诺) a subject made, and whether it kept it." })
export class Commitment {
  @Field(() => ID, { description: "Record id." })
  id!: string;

  @Field(() => String, { description: "What was promised (承诺事项), e.g. a permit granted on commitment (告知承诺制)." })
  matter!: string;

  @Field(() => DateScalar, { description: "Date of the commitment (承诺日期)." })
  committedOn!: string;

  @Field(() => DateScalar, { description: "Date by which it must be fulfilled (履约期限)." })
  dueOn!: string;

  @Field(() => CommitmentFulfilment, { description: "Pending, fulfilled or breached." })
  fulfilment!: CommitmentFulfilment;

  @Field(() => DateScalar, { nullable: true, description: "Date it was fulfilled (履约日期), when it was." })
  fulfilledOn!: string | null;
}

@ObjectType({ description: "A credit repair (信用修复) application for one of the subject's records in any department." })
export class CreditRepair {
  @Field(() => ID, { description: "Repair id." })
  id!: string;

  @Field(() => String, { description: "Department that owns the repaired record (e.g. tax)." })
  department!: string;

  @Field(() => ID, { description: "Id of the repaired record in that department." })
  recordId!: string;

  @Field(() => DateScalar, { description: "Date of application (申请日期)." })
  appliedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: "Date of decision (决定日期), once decided." })
  decidedOn!: string | null;

  @Field(() => RepairStatus, { description: "Pending, approved or rejected." })
  status!: RepairStatus;
}
