/**
 * `Subject` as the incentives subgraph sees it: the department facts the evaluation reads and the
 * 个人诚信码 registration, all `@external` and handed over by the gateway (`@requires`), so
 * eligibility follows the same live evaluation as `Subject.evaluation`.
 */
import { Directive, Field, ID, ObjectType } from "type-graphql";
import { SUBJECT_ID_DESCRIPTION } from "../../shared/record.type.js";
import { CodeRegistrationStatus } from "../credit/codes/code.type.js";
import {
  CommitmentFacts,
  HealthProfileFacts,
  ListEntryFacts,
  MarketProfileFacts,
  PublicResourcesProfileFacts,
  REQUIRED_FIELDS,
  TaxProfileFacts,
  TransportProfileFacts,
} from "../evaluation/profile.type.js";

const ext = "@external";

@Directive(ext)
@ObjectType("CreditCode")
export class CreditCodeFacts {
  @Field(() => CodeRegistrationStatus) status!: string;
}

/** The `@requires` selection of eligibility: the evaluation's facts and the registration. */
export const ELIGIBILITY_FIELDS = `${REQUIRED_FIELDS} creditCode { status }`;

@Directive('@key(fields: "id")')
@ObjectType("Subject", { description: `A credit subject, as the 信易+ incentives see it. Its id: ${SUBJECT_ID_DESCRIPTION}` })
export class IncentivesSubject {
  @Field(() => ID, { description: SUBJECT_ID_DESCRIPTION }) id!: string;
  // The evaluation's facts (declared with the evaluation's types; see its profile.type.ts), and the registration.
  @Directive(ext) @Field(() => [ListEntryFacts]) listEntries!: ListEntryFacts[];
  @Directive(ext) @Field(() => [CommitmentFacts]) commitments!: CommitmentFacts[];
  @Directive(ext) @Field(() => TaxProfileFacts, { nullable: true }) tax!: TaxProfileFacts | null;
  @Directive(ext) @Field(() => HealthProfileFacts, { nullable: true }) health!: HealthProfileFacts | null;
  @Directive(ext) @Field(() => TransportProfileFacts, { nullable: true }) transport!: TransportProfileFacts | null;
  @Directive(ext) @Field(() => PublicResourcesProfileFacts, { nullable: true }) publicResources!: PublicResourcesProfileFacts | null;
  @Directive(ext) @Field(() => MarketProfileFacts, { nullable: true }) market!: MarketProfileFacts | null;
  @Directive(ext) @Field(() => CreditCodeFacts) creditCode!: CreditCodeFacts | null;
}
