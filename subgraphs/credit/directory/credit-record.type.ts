/** The credit office's own records on a subject: list entries, commitments, repairs. */
import { Field, ID, ObjectType } from "type-graphql";
import { CREDIT_LIST, COMMITMENT_FULFILMENT, chineseOf, LIST_COLOR, LIST_ENTRY_STATUS, LIST_REMOVAL_REASON } from "../../../shared/labels.js";
import { defineValueSet, type ValueOf } from "../../../shared/value-set.js";
import { DateScalar } from "../../../shared/scalars.js";
import { CommitmentSource } from "./commitment.type.js";

/** What a person reads for each list (reports, printable pages): the enum's descriptions start with it. */
export const CREDIT_LIST_LABELS = chineseOf(CREDIT_LIST);

export const CreditList = defineValueSet("CreditList", "Red (honour) and black (dishonesty) lists the credit office records.", {
  DISHONEST_JUDGMENT_DEBTOR: `${CREDIT_LIST_LABELS.DISHONEST_JUDGMENT_DEBTOR} (black; kept by the courts)`,
  SERIOUS_DISHONESTY: `${CREDIT_LIST_LABELS.SERIOUS_DISHONESTY} (black; kept by the competent authority)`,
  MORAL_MODEL: `${CREDIT_LIST_LABELS.MORAL_MODEL} (red)`,
  LABOR_MODEL: `${CREDIT_LIST_LABELS.LABOR_MODEL} (red)`,
  VOLUNTEER_5A: `${CREDIT_LIST_LABELS.VOLUNTEER_5A} (red)`,
  INTEGRITY_MODEL_ENTERPRISE: `${CREDIT_LIST_LABELS.INTEGRITY_MODEL_ENTERPRISE} (red)`,
});
export type CreditList = ValueOf<typeof CreditList>;

export const ListColor = defineValueSet("ListColor", "Red list (红名单, honours) or black list (黑名单, dishonesty).", chineseOf(LIST_COLOR));
export type ListColor = ValueOf<typeof ListColor>;

/** What a person reads for each list entry status: the enum's value descriptions are these labels. */
export const LIST_ENTRY_STATUS_LABELS = chineseOf(LIST_ENTRY_STATUS);

export const ListEntryStatus = defineValueSet(
  "ListEntryStatus",
  "Whether a list entry is in force (有效), removed after performance or repair (移出), or past its term (到期).",
  LIST_ENTRY_STATUS_LABELS,
);
export type ListEntryStatus = ValueOf<typeof ListEntryStatus>;

export const ListRemovalReason = defineValueSet(
  "ListRemovalReason",
  "Why the credit office removed a list entry (移出原因): its term ended, it was lifted (a court's or the authority's decision), or it was listed in error.",
  chineseOf(LIST_REMOVAL_REASON),
);
export type ListRemovalReason = ValueOf<typeof ListRemovalReason>;

export const CommitmentFulfilment = defineValueSet(
  "CommitmentFulfilment",
  "Fulfilment (履约) of a credit commitment: not yet due, kept (已履约), or broken (违诺).",
  chineseOf(COMMITMENT_FULFILMENT),
);
export type CommitmentFulfilment = ValueOf<typeof CommitmentFulfilment>;

export const RepairStatus = defineValueSet("RepairStatus", "Outcome of a credit repair application (信用修复申请).", {
  PENDING: "待审核",
  APPROVING: "已通过，修复办理中: approved, its department's repair under way (or to be retried)",
  APPROVED: "已通过",
  REJECTED: "未通过",
  REINSTATING: "恢复办理中: the commitment was broken, its department's reinstatement under way (or to be retried)",
  REINSTATED: "已恢复: the repair commitment was broken and the record counts again",
});
export type RepairStatus = ValueOf<typeof RepairStatus>;

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

  @Field(() => ListEntryStatus, { description: "In force, removed or expired: EXPIRED from its end of term (届满日期) on, by itself." })
  status!: ListEntryStatus;

  @Field(() => ID, { description: "The listed subject (统一社会信用代码 or 居民身份证号码)." })
  subjectId!: string;

  @Field(() => String, { nullable: true, description: "Legal basis (依据): the regulation and its article; null on entries from before list management." })
  legalBasis!: string | null;

  @Field(() => String, { nullable: true, description: "Number of the listing decision (文号); null on entries from before list management." })
  documentNumber!: string | null;

  @Field(() => String, { nullable: true, description: "Why the term is what it is (the list's term rule; OURS where the platform set it)." })
  termBasis!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Date the credit office removed the entry (移出日期); null unless REMOVED." })
  removedOn!: string | null;

  @Field(() => ListRemovalReason, { nullable: true, description: "Why it was removed; null unless REMOVED." })
  removalReason!: ListRemovalReason | null;

  @Field(() => String, { nullable: true, description: "Basis of the removal (移出依据), e.g. the court's decision lifting it; null unless REMOVED." })
  removalBasis!: string | null;
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

  @Field(() => ID, { description: "The subject who committed." })
  subjectId!: string;

  @Field(() => CommitmentSource, { description: "Made in an approval (APPROVAL) or an approved repair's commitment letter (REPAIR)." })
  source!: CommitmentSource;

  @Field(() => String, {
    nullable: true,
    description: "The department that recorded it (and resolves it); null for commitments kept before commitments were recorded by departments.",
  })
  department!: string | null;

  @Field(() => String, { nullable: true, description: "What the subject promised (承诺内容), as its commitment letter says; null where none was recorded." })
  content!: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: "The day it was resolved as fulfilled or breached (核查日期); a breach counts in the evaluation from this day.",
  })
  resolvedOn!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "What the resolution rests on (核查依据), e.g. the inspection that found the promise broken; always given for a breach.",
  })
  evidence!: string | null;

  @Field(() => Boolean, {
    description:
      "逾期未核查: an APPROVAL commitment still PENDING after its due date (computed when read, China time). It counts in the evaluation neither as kept nor as broken until its department resolves it.",
  })
  overdue!: boolean;
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
