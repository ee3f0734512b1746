/**
 * The department fields the policy reads, as this subgraph sees them: `@external` (the departments
 * resolve them; the gateway hands them over through `@requires`). Only the fields the policy
 * needs are declared; types, names and nullability match their owners. They carry no descriptions:
 * the owner documents its fields, so every composition (ours, Apollo's) shows the owner's text.
 */
import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { SeverityEnum, SUBJECT_ID_DESCRIPTION } from "../../shared/record.type.js";
import { DateScalar } from "../../shared/scalars.js";
import { CommitmentFulfilment, CreditList, ListEntryStatus } from "../credit/directory/credit-record.type.js";
import { HealthRecordCategory } from "../health/health.type.js";
import { MarketRecordCategory } from "../market/market.type.js";
import { TradingRecordCategory } from "../public-resources/public-resources.type.js";
import { TaxCreditLevel, TaxViolationCategory } from "../tax/tax.type.js";
import { TransportRecordCategory } from "../transport/transport.type.js";

const ext = "@external";

@Directive(ext)
@ObjectType("ListEntry")
export class ListEntryFacts {
  @Field(() => ID) id!: string;
  @Field(() => CreditList) list!: string;
  @Field(() => ListEntryStatus) status!: string;
  @Field(() => DateScalar) listedOn!: string;
  @Field(() => DateScalar, { nullable: true }) expiresOn!: string | null;
}

@Directive(ext)
@ObjectType("Commitment")
export class CommitmentFacts {
  @Field(() => ID) id!: string;
  @Field(() => CommitmentFulfilment) fulfilment!: string;
  @Field(() => DateScalar) dueOn!: string;
  @Field(() => DateScalar, { nullable: true }) fulfilledOn!: string | null;
}

@Directive(ext)
@ObjectType("TaxRating")
export class TaxRatingFacts {
  @Field(() => Int) year!: number;
  @Field(() => TaxCreditLevel) level!: string;
}

function recordFacts<C extends object>(name: string, category: C, description: string) {
  @Directive(ext)
  @ObjectType(name, { description })
  class RecordFactsType {
    @Field(() => ID) id!: string;
    @Field(() => category) category!: string;
    @Field(() => SeverityEnum) severity!: string;
    @Field(() => DateScalar) decidedOn!: string;
    @Field(() => DateScalar) publicityEndsOn!: string;
    @Field(() => DateScalar, { nullable: true }) closedOn!: string | null;
  }
  return RecordFactsType;
}

export const TaxViolationFacts = recordFacts("TaxViolation", TaxViolationCategory, "A tax violation (tax bureau).");
export const HealthRecordFacts = recordFacts("HealthRecord", HealthRecordCategory, "A health record (health commission).");
export const TransportRecordFacts = recordFacts("TransportRecord", TransportRecordCategory, "A transport record (transport bureau).");
export const MarketRecordFacts = recordFacts("MarketRecord", MarketRecordCategory, "A market-supervision record.");

@Directive(ext)
@ObjectType("TradingRecord")
export class TradingRecordFacts extends recordFacts("TradingRecordBase", TradingRecordCategory, "unused") {
  @Field(() => Int) points!: number;
  @Field(() => DateScalar) pointsValidUntil!: string;
}

@Directive(ext)
@ObjectType("TaxProfile")
export class TaxProfileFacts {
  @Field(() => [TaxRatingFacts]) ratings!: TaxRatingFacts[];
  @Field(() => [TaxViolationFacts]) violations!: InstanceType<typeof TaxViolationFacts>[];
}

@Directive(ext)
@ObjectType("HealthProfile")
export class HealthProfileFacts {
  @Field(() => [HealthRecordFacts]) records!: InstanceType<typeof HealthRecordFacts>[];
}

@Directive(ext)
@ObjectType("TransportProfile")
export class TransportProfileFacts {
  @Field(() => [TransportRecordFacts]) records!: InstanceType<typeof TransportRecordFacts>[];
}

@Directive(ext)
@ObjectType("PublicResourcesProfile")
export class PublicResourcesProfileFacts {
  @Field(() => Int) warningThreshold!: number;
  @Field(() => [TradingRecordFacts]) records!: TradingRecordFacts[];
}

@Directive(ext)
@ObjectType("MarketProfile")
export class MarketProfileFacts {
  @Field(() => [MarketRecordFacts]) records!: InstanceType<typeof MarketRecordFacts>[];
}

const RECORD = "id category severity decidedOn publicityEndsOn closedOn";
/** Exactly the department fields the policy reads (the `@requires` selection). */
export const REQUIRED_FIELDS = [
  "listEntries { id list status listedOn expiresOn }",
  "commitments { id fulfilment dueOn fulfilledOn }",
  `tax { ratings { year level } violations { ${RECORD} } }`,
  `health { records { ${RECORD} } }`,
  `transport { records { ${RECORD} } }`,
  `publicResources { warningThreshold records { ${RECORD} points pointsValidUntil } }`,
  `market { records { ${RECORD} } }`,
].join(" ");

@Directive('@key(fields: "id")')
@ObjectType("Subject", { description: "A credit subject, as the evaluation sees it." })
export class EvaluationSubject {
  @Field(() => ID, { description: SUBJECT_ID_DESCRIPTION }) id!: string;
  @Directive(ext) @Field(() => [ListEntryFacts]) listEntries!: ListEntryFacts[];
  @Directive(ext) @Field(() => [CommitmentFacts]) commitments!: CommitmentFacts[];
  @Directive(ext) @Field(() => TaxProfileFacts, { nullable: true }) tax!: TaxProfileFacts | null;
  @Directive(ext) @Field(() => HealthProfileFacts, { nullable: true }) health!: HealthProfileFacts | null;
  @Directive(ext) @Field(() => TransportProfileFacts, { nullable: true }) transport!: TransportProfileFacts | null;
  @Directive(ext) @Field(() => PublicResourcesProfileFacts, { nullable: true }) publicResources!: PublicResourcesProfileFacts | null;
  @Directive(ext) @Field(() => MarketProfileFacts, { nullable: true }) market!: MarketProfileFacts | null;
}
