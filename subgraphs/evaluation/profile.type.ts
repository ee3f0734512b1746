/**
 * The department facts the policy reads, declared once: one table of facts gives the `@external`
 * GraphQL types (the departments resolve them; the gateway hands them over through `@requires`),
 * the `@requires` selection and the TypeScript type the scoring reads. Every department with a
 * `Subject` field (shared/departments.ts) is read the same way — `<field> { records { … } }` — so a
 * new department is read without a line here; what the policy reads beyond records (tax ratings,
 * trading points) is the `EXTRA` table. Types, names and nullability match their owners; no
 * descriptions: the owner documents its fields, so every composition shows the owner's text.
 * The incentives declare the same facts (their eligibility follows the same evaluation).
 */
import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { PROFILE_DEPARTMENTS, type ProfileDepartmentName, type ProfileField } from "../../shared/departments.js";
import { recordCategories, SeverityEnum, SUBJECT_ID_DESCRIPTION } from "../../shared/record.type.js";
import { DateScalar } from "../../shared/scalars.js";
import { CommitmentFulfilment, CreditList, ListEntryStatus, ListRemovalReason } from "../credit/directory/credit-record.type.js";
import { TaxCreditLevel } from "../tax/tax.type.js";
import { HouseholdCodeColour } from "../village/village.type.js";

/** A GraphQL type as type-graphql takes it: a class, a scalar or a registered enum. */
type TypeValue = object;

/** One fact: its GraphQL type, its selection (for objects) and, as a phantom, its TypeScript type. */
interface Fact<T> {
  readonly type: () => TypeValue;
  readonly nullable: boolean;
  readonly list: boolean;
  readonly selection: string;
  readonly value?: T;
}
type Facts = Readonly<Record<string, Fact<unknown>>>;
type ValueOfFact<F> = F extends Fact<infer T> ? T : never;
/** The TypeScript type of an object of facts; nullable facts may be absent (the Rust planner leaves null leaves out). */
export type Shape<Fs extends Facts> = { [K in keyof Fs as null extends ValueOfFact<Fs[K]> ? never : K]: ValueOfFact<Fs[K]> } & {
  [K in keyof Fs as null extends ValueOfFact<Fs[K]> ? K : never]?: ValueOfFact<Fs[K]>;
};

const leaf = <T>(type: () => TypeValue): Fact<T> => ({ type, nullable: false, list: false, selection: "" });
const nullable = <T>(fact: Fact<T>): Fact<T | null> => ({ type: fact.type, list: fact.list, selection: fact.selection, nullable: true });
const listOf = <T>(fact: Fact<T>): Fact<T[]> => ({ type: fact.type, nullable: fact.nullable, selection: fact.selection, list: true });
const id = leaf<string>(() => ID);
const int = leaf<number>(() => Int);
const day = leaf<string>(() => DateScalar);
export const codeFact = (values: object) => leaf<string>(() => values);

/** An `@external` object type of facts, and its selection. */
export function externalObject<Fs extends Facts>(name: string, fields: Fs): Fact<Shape<Fs>> {
  class ExternalFacts {}
  for (const [field, fact] of Object.entries(fields)) {
    Field(() => (fact.list ? [fact.type()] : fact.type()), { nullable: fact.nullable })(ExternalFacts.prototype, field);
  }
  Directive("@external")(ExternalFacts);
  ObjectType(name)(ExternalFacts);
  return { type: () => ExternalFacts, nullable: false, list: false, selection: selectionOf(fields) };
}

/** The selection of some facts: `{ a b { c } }`. */
export const selectionOf = (fields: Facts): string =>
  `{ ${Object.entries(fields)
    .map(([field, fact]) => (fact.selection ? `${field} ${fact.selection}` : field))
    .join(" ")} }`;

const recordFields = (department: ProfileDepartmentName) => ({
  id,
  category: codeFact(recordCategories(department)),
  severity: codeFact(SeverityEnum),
  decidedOn: day,
  publicityEndsOn: day,
  closedOn: nullable(day),
});
type RecordBase = Shape<ReturnType<typeof recordFields>>;

/** What the policy reads of some departments beyond their records, by department. */
const EXTRA = {
  tax: { profile: { ratings: listOf(externalObject("TaxRating", { year: int, level: codeFact(TaxCreditLevel) })) }, record: {} },
  "public-resources": { profile: { warningThreshold: int }, record: { points: int, pointsValidUntil: day } },
  village: {
    profile: {
      household: nullable(externalObject("Household", { code: externalObject("HouseholdCode", { colour: codeFact(HouseholdCodeColour), points: int }) })),
    },
    record: {},
  },
} satisfies Partial<Record<ProfileDepartmentName, { profile: Facts; record: Facts }>>;
const extras: ReadonlyMap<string, { profile: Facts; record: Facts }> = new Map(Object.entries(EXTRA));

/** One department record as the policy reads it (points only on public-resources trading records). */
export type RecordFacts = RecordBase & Partial<Shape<(typeof EXTRA)["public-resources"]["record"]>>;
/** A department's profile as the policy reads it. */
export type DepartmentFacts = { records: RecordFacts[] } & Partial<
  Shape<typeof EXTRA.tax.profile & (typeof EXTRA)["public-resources"]["profile"] & typeof EXTRA.village.profile>
>;

const departmentFacts = PROFILE_DEPARTMENTS.map((d) => {
  const extra = extras.get(d.name);
  const records = listOf(externalObject(d.records.recordType, { ...recordFields(d.name), ...extra?.record }));
  return [d.profileField, nullable(externalObject(d.records.profileType, { ...extra?.profile, records }))] as const;
});

const listEntries = listOf(
  externalObject("ListEntry", {
    id,
    list: codeFact(CreditList),
    status: codeFact(ListEntryStatus),
    listedOn: day,
    expiresOn: nullable(day),
    removedOn: nullable(day),
    removalReason: nullable(codeFact(ListRemovalReason)),
  }),
);
const commitments = listOf(
  externalObject("Commitment", { id, fulfilment: codeFact(CommitmentFulfilment), dueOn: day, fulfilledOn: nullable(day), resolvedOn: nullable(day) }),
);

/** Every fact of `Subject` the policy reads: the credit office's lists and commitments, each department's profile. */
export const SUBJECT_FACTS: Facts = { listEntries, commitments, ...Object.fromEntries(departmentFacts) };

/**
 * The federated profile the gateway hands over (`@requires`); an absent or null department field
 * means unavailable.
 */
export type ProfileFacts = {
  id: string;
  listEntries?: ValueOfFact<typeof listEntries> | null;
  commitments?: ValueOfFact<typeof commitments> | null;
} & {
  [F in ProfileField]?: DepartmentFacts | null;
};

/** Exactly the department fields the policy reads (the `@requires` selection). */
export const REQUIRED_FIELDS = selectionOf(SUBJECT_FACTS).slice(2, -2);

/** Declares every fact on a `Subject` class as an `@external` field. */
export function declareFacts(subject: { prototype: object }, facts: Facts = SUBJECT_FACTS): void {
  for (const [field, fact] of Object.entries(facts)) {
    Directive("@external")(subject.prototype, field);
    Field(() => (fact.list ? [fact.type()] : fact.type()), { nullable: fact.nullable })(subject.prototype, field);
  }
}

@Directive('@key(fields: "id")')
@ObjectType("Subject", { description: "A credit subject, as the evaluation sees it." })
export class EvaluationSubject {
  @Field(() => ID, { description: SUBJECT_ID_DESCRIPTION }) id!: string;
}
declareFacts(EvaluationSubject);
