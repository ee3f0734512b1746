/** GraphQL types every department's records share: severity, status, the common record fields. */
import { Directive, Field, Float, ID, InputType, ObjectType } from "type-graphql";
import { chineseOf, RECORD_STATUS, SEVERITY } from "./labels.js";
import { PROFILE_DEPARTMENTS, type ProfileDepartment, type ProfileDepartmentName } from "./departments.js";
import type { RecordStatus, Severity } from "./publicity.js";
import type { RuleSource } from "./rules/rule-sets.js";
import { defineValueSet } from "./value-set.js";
import { DateScalar } from "./scalars.js";

/** How every subgraph describes `Subject.id`: the same text, so every composition shows it. */
export const SUBJECT_ID_DESCRIPTION = "统一社会信用代码 (organisations) or 居民身份证号码 (persons), 18 characters.";

/** What a person reads for each severity (reports, printable pages): the enum's descriptions start with it. */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = chineseOf(SEVERITY);

/** Severity of a record; sets the publicity period (the union is `Severity` in publicity.ts). */
export const SeverityEnum = defineValueSet<Severity>("Severity", "Severity of a record: general (一般失信) or serious (严重失信); sets the publicity period.", {
  GENERAL: `${SEVERITY_LABELS.GENERAL}: publicity as its rule set says (3 years under NDRC Order No. 58, 1 year under 527号)`,
  SERIOUS: `${SEVERITY_LABELS.SERIOUS}: publicity 3 years`,
});

/** What a person reads for each record status. */
export const RECORD_STATUS_LABELS: Readonly<Record<RecordStatus, string>> = chineseOf(RECORD_STATUS);

/** Status of a record today (the union is `RecordStatus` in publicity.ts). */
export const RecordStatusEnum = defineValueSet<RecordStatus>(
  "RecordStatus",
  "ACTIVE: counts and is shown; REPAIRED (已修复), REMOVED (已撤销) or EXPIRED (公示期满): kept but no longer counts.",
  {
    ACTIVE: "counts and is shown",
    REPAIRED: `${RECORD_STATUS_LABELS.REPAIRED}: closed by an approved credit repair application`,
    REMOVED: `${RECORD_STATUS_LABELS.REMOVED}: removed on a legal basis (court decision, decision revoked); never a repair`,
    EXPIRED: `${RECORD_STATUS_LABELS.EXPIRED}: its publicity has ended (marked by itself, from the publicity end date)`,
  },
);

/** The rule set a record's publicity and repair follow, with its legal source (every record department shows it). */
@Directive("@shareable")
@ObjectType({
  description: "The dated rule set (公示与修复规则集) a record's publicity and repair follow, chosen by its decision date, with its legal source.",
})
export class PublicityRule implements RuleSource {
  @Field(() => String, { description: "Rule set id, e.g. NDRC-58-2023 (Query.repairRules lists every set)." })
  ruleSet!: string;

  @Field(() => String, { description: "What the rule set is (名称)." })
  title!: string;

  @Field(() => String, { description: "Its legal source: document number (文号) or name." })
  document!: string;

  @Field(() => String, { nullable: true, description: "Article(s) of the source (条款), where read; null where not." })
  article!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "The source's date in force (施行日期); null where the source does not give it." })
  inForceFrom!: string | null;

  @Field(() => String, { nullable: true, description: "What in the set is ours, not read from its source, and why; null for none." })
  ours!: string | null;
}

/** The category codes of a record department, as its definition lists them. */
export type CategoryOf<N extends ProfileDepartmentName> = keyof Extract<ProfileDepartment, { name: N }>["records"]["categories"]["values"] & string;

const categorySets = new Map<string, unknown>();

/**
 * A record department's category enum, registered once from its definition (shared/departments.ts):
 * the department's own types and every subgraph that declares its records `@external` share it.
 */
export function recordCategories<N extends ProfileDepartmentName>(name: N): { readonly [K in CategoryOf<N>]: K } {
  if (!categorySets.has(name)) {
    const { categories } = PROFILE_DEPARTMENTS.find((d) => d.name === name)!.records;
    const descriptions = Object.fromEntries(Object.entries(categories.values).map(([code, [, en]]) => [code, en]));
    categorySets.set(name, defineValueSet(categories.name, categories.description, descriptions));
  }
  return categorySets.get(name) as { readonly [K in CategoryOf<N>]: K }; // built above from exactly these codes
}

/**
 * The fields every department record shows. Each department extends it with its own `category`
 * enum (and extra fields), e.g. `class TaxViolation extends DepartmentRecord`.
 */
@ObjectType()
export abstract class DepartmentRecord {
  @Field(() => ID, { description: "Record id." })
  id!: string;

  @Field(() => ID, { description: "The subject the record is about (its USCC or ID number): what the audit log records a read of it under." })
  subjectId!: string;

  @Field(() => String, { description: "Decision document number (决定书文号); unique within the department." })
  documentNo!: string;

  @Field(() => SeverityEnum, { description: "General (一般) or serious (严重); sets the publicity period." })
  severity!: Severity;

  @Field(() => Float, { nullable: true, description: "Amount involved, owed or fined in yuan (金额), when there is one." })
  amount!: number | null;

  @Field(() => String, { description: "What happened (事实描述)." })
  description!: string;

  @Field(() => DateScalar, { description: "Decision date (决定日期)." })
  decidedOn!: string;

  @Field(() => DateScalar, {
    description:
      "End of publicity (公示截止日期) under its rule set (publicityRule): decision date plus the set's period for its severity; 9999-12-31 for a listing (经营异常名录) still listed, which is public until removed.",
  })
  publicityEndsOn!: string;

  @Field(() => PublicityRule, { description: "The dated rule set its publicity and repair follow (chosen by its decision date), with its legal source." })
  publicityRule!: PublicityRule;

  @Field(() => RecordStatusEnum, { description: "Active, repaired or expired today; repaired and expired records stop counting." })
  status!: RecordStatus;

  @Field(() => DateScalar, { nullable: true, description: "Date the record was closed: repaired (修复日期) or removed on a legal basis." })
  closedOn!: string | null;

  @Field(() => String, { nullable: true, description: "Why it was closed: the legal basis of a removal, or the repair application that closed it." })
  closureBasis!: string | null;

  @Field(() => Boolean, { description: "Decided by simple procedure (简易程序: a warning or small fine on the spot); left out of special credit reports." })
  simpleProcedure!: boolean;
}

/** (Not emitted itself: type-graphql 2 emits only reachable types.) The fields a department frontend gives for a new record; each department adds `category`. */
@InputType()
export abstract class RecordInputBase {
  @Field(() => ID, { description: "The subject's USCC or ID number; the subject must be in the credit office's directory." })
  subjectId!: string;

  @Field(() => String, { description: "Decision document number (决定书文号), 1–64 characters, new to the department." })
  documentNo!: string;

  @Field(() => SeverityEnum, { description: "General or serious." })
  severity!: Severity;

  @Field(() => Float, { nullable: true, description: "Amount in yuan, ≥ 0 with at most 2 decimals." })
  amount?: number;

  @Field(() => String, { description: "What happened, 1–500 characters." })
  description!: string;

  @Field(() => DateScalar, { description: "Decision date; not in the future." })
  decidedOn!: string;

  @Field(() => Boolean, { nullable: true, description: "Decided by simple procedure (简易程序); default false." })
  simpleProcedure?: boolean;
}

/** What a correction may change; each department adds an optional `category`. */
@InputType()
export abstract class RecordCorrectionBase {
  @Field(() => SeverityEnum, { nullable: true, description: "Corrected severity." })
  severity?: Severity;

  @Field(() => Float, { nullable: true, description: "Corrected amount in yuan." })
  amount?: number;

  @Field(() => String, { nullable: true, description: "Corrected description." })
  description?: string;

  @Field(() => DateScalar, { nullable: true, description: "Corrected decision date (the publicity end date follows)." })
  decidedOn?: string;
}

/** The texts of a record department's two input types, word for word as its schema shows them. */
export interface RecordInputTexts {
  /** `Record<Type>Input`'s and `Correct<Type>Input`'s descriptions; omitted, the classes are bases (not emitted) the department extends with fields of its own under those names. */
  record?: string;
  correct?: string;
  /** Its `category` field's, and the correction's optional `category`'s. */
  category: string;
  correctedCategory: string;
}

/**
 * A record department's two input types (type-graphql's generic types): `Record<Type>Input`, the
 * common fields and its `category` enum, and `Correct<Type>Input`, the correctable fields and an
 * optional `category`, `<Type>` being its definition's record type (shared/departments.ts).
 */
export function recordInputs<N extends ProfileDepartmentName>(name: N, texts: RecordInputTexts) {
  const Category = recordCategories(name);
  const records = PROFILE_DEPARTMENTS.find((d) => d.name === name)?.records;
  if (!records) throw new Error(`${name} keeps no records`);
  const { recordType } = records;
  const named = (prefix: string, description: string | undefined) =>
    description === undefined ? InputType() : InputType(`${prefix}${recordType}Input`, { description });

  @named("Record", texts.record)
  class RecordInput extends RecordInputBase {
    @Field(() => Category, { description: texts.category })
    category!: CategoryOf<N>;
  }

  @named("Correct", texts.correct)
  class CorrectInput extends RecordCorrectionBase {
    @Field(() => Category, { nullable: true, description: texts.correctedCategory })
    category?: CategoryOf<N>;
  }
  return { RecordInput, CorrectInput };
}
