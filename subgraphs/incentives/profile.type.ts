/**
 * `Subject` as the incentives subgraph sees it: the department facts the evaluation reads and the
 * 个人诚信码 registration, all `@external` and handed over by the gateway (`@requires`), so
 * eligibility follows the same live evaluation as `Subject.evaluation`.
 */
import { Directive, Field, ID, ObjectType } from "type-graphql";
import { SUBJECT_ID_DESCRIPTION } from "../../shared/record.type.js";
import { CodeRegistrationStatus } from "../credit/codes/code.type.js";
import { codeFact, declareFacts, externalObject, SUBJECT_FACTS, selectionOf } from "../evaluation/profile.type.js";

/** The evaluation's facts (declared once, in the evaluation's profile.type.ts) and the registration. */
const ELIGIBILITY_FACTS = { ...SUBJECT_FACTS, creditCode: externalObject("CreditCode", { status: codeFact(CodeRegistrationStatus) }) };

/** The `@requires` selection of eligibility: the evaluation's facts and the registration. */
export const ELIGIBILITY_FIELDS = selectionOf(ELIGIBILITY_FACTS).slice(2, -2);

@Directive('@key(fields: "id")')
@ObjectType("Subject", { description: `A credit subject, as the 信易+ incentives see it. Its id: ${SUBJECT_ID_DESCRIPTION}` })
export class IncentivesSubject {
  @Field(() => ID, { description: SUBJECT_ID_DESCRIPTION }) id!: string;
}
declareFacts(IncentivesSubject, ELIGIBILITY_FACTS);
