/** Credit commitments (信用承诺) as a process: what a department records, and how it resolves one. */
import { Field, ID, InputType } from "type-graphql";
import { DateScalar } from "../../../shared/scalars.js";
import { defineValueSet, type ValueOf } from "../../../shared/value-set.js";

export const CommitmentSource = defineValueSet("CommitmentSource", "Where a credit commitment was made.", {
  APPROVAL:
    "审批承诺: made in an approval (告知承诺制, 信易批), recorded by the department that approved and resolved by it (or the credit office) as fulfilled or breached",
  REPAIR: "信用修复承诺: an approved credit repair's commitment letter; kept when its term ends unbroken, broken by a new violation of the same kind",
});
export type CommitmentSource = ValueOf<typeof CommitmentSource>;

export const CommitmentOutcome = defineValueSet("CommitmentOutcome", "How a department resolves an open commitment.", {
  FULFILLED: "已履约: the subject did what it promised",
  BREACHED: "违诺: the subject did not (or what it promised was untrue); needs evidence",
});
export type CommitmentOutcome = ValueOf<typeof CommitmentOutcome>;

/** Limits of the text a department gives (OURS): a matter is a title, a commitment letter a page. */
export const COMMITMENT_LIMITS = { matter: 100, content: 2000, evidence: 500, years: 10 } as const;

@InputType({ description: "A credit commitment a subject made in an approval (告知承诺制), as the approving department records it." })
export class RecordCommitmentInput {
  @Field(() => ID, { description: "The subject who committed: 统一社会信用代码 or 居民身份证号码; must be in the directory." })
  subjectId!: string;

  @Field(() => String, { description: `The approval item (承诺事项), 1–${COMMITMENT_LIMITS.matter} characters, e.g. 告知承诺制办理食品经营许可.` })
  matter!: string;

  @Field(() => String, { description: `What the subject promised (承诺内容), as its commitment letter says, 1–${COMMITMENT_LIMITS.content} characters.` })
  content!: string;

  @Field(() => DateScalar, { description: "The day the commitment was made (承诺日期); not in the future." })
  committedOn!: string;

  @Field(() => DateScalar, {
    description: `The day by which it must be fulfilled (履约期限): after committedOn, at most ${COMMITMENT_LIMITS.years} years after it.`,
  })
  dueOn!: string;
}
