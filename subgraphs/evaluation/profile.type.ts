/**
 * The department fields the policy reads, as this subgraph sees them: `@external` (the departments
 * resolve them; the gateway hands them over through `@requires`). Only the fields the policy
 * needs are declared; types, names and nullability match their owners.
 */
import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { SeverityEnum } from "../../shared/record.type.js";
import { DateScalar } from "../../shared/scalars.js";
import { CommitmentFulfilment, CreditList, ListEntryStatus } from "../credit/credit-record.type.js";
import { HealthRecordCategory } from "../health/health.type.js";
import { MarketRecordCategory } from "../market/market.type.js";
import { TradingRecordCategory } from "../public-resources/public-resources.type.js";
import { TaxCreditLevel, TaxViolationCategory } from "../tax/tax.type.js";
import { TransportRecordCategory } from "../transport/transport.type.js";

const ext = "@external";

@Directive(ext)
@ObjectType("ListEntry", { description: "A red or black list entry (credit office)." })
export class ListEntryFacts {
  @Field(() => ID, { description: "Record id." }) id!: string;
  @Field(() => CreditList, { description: "Which list." }) list!: string;
  @Field(() => ListEntryStatus, { description: "In force, removed or expired." }) status!: string;
  @Field(() => DateScalar, { description: "Date of listing." }) listedOn!: string;
  @Field(() => DateScalar, { nullable: true, description: "End of the listing term." }) expiresOn!: string | null;
}

@Directive(ext)
@ObjectType("Commitment", { description: "A credit commitment (credit office)." })
export class CommitmentFacts {
  @Field(() => ID, { description: "Record id." }) id!: string;
  @Field(() => CommitmentFulfilment, { description: "Pending, fulfilled or breached." }) fulfilment!: string;
  @Field(() => DateScalar, { description: "Due date." }) dueOn!: string;
  @Field(() => DateScalar, { nullable: true, description: "Date fulfilled." }) fulfilledOn!: string | null;
}

@Directive(ext)
@ObjectType("TaxRating", { description: "A yearly tax credit rating (tax bureau)." })
export class TaxRatingFacts {
  @Field(() => Int, { description: "Rated year." }) year!: number;
  @Field(() => TaxCreditLevel, { description: "Level A/B/M/C/D." }) level!: string;
}

function recordFacts<C extends object>(name: string, category: C, description: string) {
  @Directive(ext)
  @ObjectType(name, { description })
  class RecordFactsType {
    @Field(() => ID, { description: "Record id." }) id!: string;
    @Field(() => category, { description: "Category." }) category!: string;
    @Field(() => SeverityEnum, { description: "General or serious." }) severity!: string;
    @Field(() => DateScalar, { description: "Decision date." }) decidedOn!: string;
    @Field(() => DateScalar, { description: "End of publicity." }) publicityEndsOn!: string;
    @Field(() => DateScalar, { nullable: true, description: "Date closed as repaired." }) closedOn!: string | null;
  }
  return RecordFactsType;
}

export const TaxViolationFacts = recordFacts("TaxViolation", TaxViolationCategory, "A tax violation (tax bureau).");
export const HealthRecordFacts = recordFacts("HealthRecord", HealthRecordCategory, "A health record (health commission).");
export const TransportRecordFacts = recordFacts("TransportRecord", TransportRecordCategory, "A transport record (transport bureau).");
export const MarketRecordFacts = recordFacts("MarketRecord", MarketRecordCategory, "A market-supervision record.");

@Directive(ext)
@ObjectType("TradingRecord", { description: "A public-resource trading bad-behaviour record." })
export class TradingRecordFacts extends recordFacts("TradingRecordBase", TradingRecordCategory, "unused") {
  @Field(() => Int, { description: "Bad-behaviour points." }) points!: number;
  @Field(() => DateScalar, { description: "Date the points stop counting." }) pointsValidUntil!: string;
}

@Directive(ext)
@ObjectType("TaxProfile", { description: "A subject's tax credit profile (tax bureau)." })
export class TaxProfileFacts {
  @Field(() => [TaxRatingFacts], { description: "Yearly ratings." }) ratings!: TaxRatingFacts[];
  @Field(() => [TaxViolationFacts], { description: "Violation decisions." }) violations!: InstanceType<typeof TaxViolationFacts>[];
}

@Directive(ext)
@ObjectType("HealthProfile", { description: "A subject's health profile." })
export class HealthProfileFacts {
  @Field(() => [HealthRecordFacts], { description: "Health records." }) records!: InstanceType<typeof HealthRecordFacts>[];
}

@Directive(ext)
@ObjectType("TransportProfile", { description: "A subject's transport profile." })
export class TransportProfileFacts {
  @Field(() => [TransportRecordFacts], { description: "Transport records." }) records!: InstanceType<typeof TransportRecordFacts>[];
}

@Directive(ext)
@ObjectType("PublicResourcesProfile", { description: "A subject's public-resource trading profile." })
export class PublicResourcesProfileFacts {
  @Field(() => Int, { description: "Warning-list threshold." }) warningThreshold!: number;
  @Field(() => [TradingRecordFacts], { description: "Bad-behaviour records." }) records!: TradingRecordFacts[];
}

@Directive(ext)
@ObjectType("MarketProfile", { description: "A subject's market-supervision profile." })
export class MarketProfileFacts {
  @Field(() => [MarketRecordFacts], { description: "Market-supervision records." }) records!: InstanceType<typeof MarketRecordFacts>[];
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
  @Field(() => ID, { description: "统一社会信用代码 or 居民身份证号码." }) id!: string;
  @Directive(ext) @Field(() => [ListEntryFacts], { description: "Red and black list entries." }) listEntries!: ListEntryFacts[];
  @Directive(ext) @Field(() => [CommitmentFacts], { description: "Credit commitments." }) commitments!: CommitmentFacts[];
  @Directive(ext) @Field(() => TaxProfileFacts, { nullable: true, description: "Tax profile." }) tax!: TaxProfileFacts | null;
  @Directive(ext) @Field(() => HealthProfileFacts, { nullable: true, description: "Health profile." }) health!: HealthProfileFacts | null;
  @Directive(ext) @Field(() => TransportProfileFacts, { nullable: true, description: "Transport profile." }) transport!: TransportProfileFacts | null;
  @Directive(ext) @Field(() => PublicResourcesProfileFacts, { nullable: true, description: "Public-resource trading profile." }) publicResources!: PublicResourcesProfileFacts | null;
  @Directive(ext) @Field(() => MarketProfileFacts, { nullable: true, description: "Market-supervision profile." }) market!: MarketProfileFacts | null;
}
