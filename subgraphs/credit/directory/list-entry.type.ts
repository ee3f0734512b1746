/** List management (名单管理) as GraphQL: the credit office's new entry, and a stored entry as the API shows it. */
import { Field, ID, InputType } from "type-graphql";
import { DateScalar } from "../../../shared/scalars.js";
import type { ListEntryRow } from "../db.js";
import { CreditList, type ListEntry } from "./credit-record.type.js";
import { listEntryStatus } from "./list-entry.rules.js";

@InputType({ description: "A subject put on a red or black list (列入名单) by the credit office, with the listing decision's particulars." })
export class AddListEntryInput {
  @Field(() => ID, { description: "The subject's 统一社会信用代码 or 居民身份证号码; must be in the directory." })
  subjectId!: string;

  @Field(() => CreditList, { description: "Which list." })
  list!: CreditList;

  @Field(() => String, { description: "Authority that decided the listing (认定单位), 1–100 characters, e.g. 湖州市中级人民法院." })
  authority!: string;

  @Field(() => String, { description: "Ground for the listing (列入事由), 1–200 characters." })
  reason!: string;

  @Field(() => String, { description: "Legal basis (依据), 1–200 characters: the law, regulation or policy and its article." })
  legalBasis!: string;

  @Field(() => String, { description: "Number of the listing decision (文号), 1–64 characters; stored in canonical form (full-width folded, spaces removed)." })
  documentNumber!: string;

  @Field(() => DateScalar, { description: "Date of listing (列入日期); not in the future." })
  listedOn!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      "End of the term (届满日期), after listedOn and within the list's longest term; omitted: the list's default term (see termBasis of the entry).",
  })
  expiresOn?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "No fixed term: the entry lasts until the subject performs (失信被执行人 who can pay and refuses, SPC rule Art. 1(1)); only where the list allows it.",
  })
  untilPerformance?: boolean | null;
}

/** A stored entry as the API shows it: its status on `today` (expired by itself at the end of its term). */
export const toListEntry = (r: ListEntryRow, today?: string): ListEntry => ({
  id: r.id,
  subjectId: r.subject_id,
  list: r.list,
  color: r.list_color,
  authority: r.authority,
  reason: r.reason,
  listedOn: r.listed_on,
  expiresOn: r.expires_on,
  status: listEntryStatus(r, today),
  legalBasis: r.legal_basis,
  documentNumber: r.document_number,
  termBasis: r.term_basis,
  removedOn: r.removed_on,
  removalReason: r.removal_reason,
  removalBasis: r.removal_basis,
});
