/**
 * The department facts the policy reads, declared once: one table of facts gives the `@external`
 * GraphQL types (the departments resolve them; the gateway hands them over through `@requires`),
 * the `@requires` selection and the TypeScript type the scoring reads. Every department with a
 * `Subject` field (shared/departments.ts) is read the same way — `<field> { records { … } }` — so a
 * new department is read without a line here, and so are the facts a department publishes beyond
 * its records (shared/departments.ts `facts`, made into fields by shared/facts.ts); what the
 * policy's coded rules read beyond records (tax ratings, trading points) is the `EXTRA` table. Types, names and nullability match their owners; no
 * descriptions: the owner documents its fields, so every composition shows the owner's text.
 * The incentives declare the same facts (their eligibility follows the same evaluation).
 */
import { Directive, Field, ID, ObjectType } from "type-graphql";
import { PROFILE_DEPARTMENTS, type ProfileDepartmentName, type ProfileField } from "../../shared/departments.js";
import {
  codeFact,
  day,
  declareFacts as declareOn,
  externalObject,
  type Facts,
  id,
  int,
  listOf,
  nullable,
  publishedFactFields,
  type Shape,
  selectionOf,
  type ValueOfFact,
} from "../../shared/facts.js";
import { recordCategories, SeverityEnum, SUBJECT_ID_DESCRIPTION } from "../../shared/record.type.js";
import { CommitmentFulfilment, CreditList, ListEntryStatus, ListRemovalReason } from "../credit/directory/credit-record.type.js";
import { District } from "../credit/directory/subject.type.js";
import { TaxCreditLevel } from "../tax/tax.type.js";

export { codeFact, externalObject, selectionOf } from "../../shared/facts.js";

const recordFields = (department: ProfileDepartmentName) => ({
  id,
  category: codeFact(recordCategories(department)),
  severity: codeFact(SeverityEnum),
  decidedOn: day,
  publicityEndsOn: day,
  closedOn: nullable(day),
});
type RecordBase = Shape<ReturnType<typeof recordFields>>;

/**
 * What the policy's coded rules read of some departments beyond their records, by department. A
 * department's published facts (shared/departments.ts `facts`) are read without a line here.
 */
const EXTRA = {
  tax: { profile: { ratings: listOf(externalObject("TaxRating", { year: int, level: codeFact(TaxCreditLevel) })) }, record: {} },
  "public-resources": { profile: { warningThreshold: int }, record: { points: int, pointsValidUntil: day } },
} satisfies Partial<Record<ProfileDepartmentName, { profile: Facts; record: Facts }>>;
const extras: ReadonlyMap<string, { profile: Facts; record: Facts }> = new Map(Object.entries(EXTRA));

/** One department record as the policy reads it (points only on public-resources trading records). */
export type RecordFacts = RecordBase & Partial<Shape<(typeof EXTRA)["public-resources"]["record"]>>;
/** A department's profile as the policy reads it. */
export type DepartmentFacts = { records: RecordFacts[] } & Partial<Shape<typeof EXTRA.tax.profile & (typeof EXTRA)["public-resources"]["profile"]>>;

const departmentFacts = PROFILE_DEPARTMENTS.map((d) => {
  const extra = extras.get(d.name);
  const records = listOf(externalObject(d.records.recordType, { ...recordFields(d.name), ...extra?.record }));
  return [d.profileField, nullable(externalObject(d.records.profileType, { ...extra?.profile, ...publishedFactFields(d.name), records }))] as const;
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

/**
 * Every fact of `Subject` the policy reads: the credit office's lists, commitments and the subject's
 * district (whose departments it needs: shared/departments.ts `needsDepartment`), each department's profile.
 */
export const SUBJECT_FACTS: Facts = { district: codeFact(District), listEntries, commitments, ...Object.fromEntries(departmentFacts) };

/**
 * The federated profile the gateway hands over (`@requires`); an absent or null department field
 * means unavailable.
 */
export type ProfileFacts = {
  id: string;
  district?: string | null;
  listEntries?: ValueOfFact<typeof listEntries> | null;
  commitments?: ValueOfFact<typeof commitments> | null;
} & {
  [F in ProfileField]?: DepartmentFacts | null;
};

/** Exactly the department fields the policy reads (the `@requires` selection). */
export const REQUIRED_FIELDS = selectionOf(SUBJECT_FACTS).slice(2, -2);

/** Declares every fact (by default the policy's) on a `Subject` class as an `@external` field. */
export const declareFacts = (subject: { prototype: object }, facts: Facts = SUBJECT_FACTS): void => declareOn(subject, facts);

@Directive('@key(fields: "id")')
@ObjectType("Subject", { description: "A credit subject, as the evaluation sees it." })
export class EvaluationSubject {
  @Field(() => ID, { description: SUBJECT_ID_DESCRIPTION }) id!: string;
}
declareFacts(EvaluationSubject);
