/**
 * Facts a subgraph reads of `Subject` through `@requires`, declared as data: one table of facts
 * gives the `@external` GraphQL types (their owners resolve them; the gateway hands them over),
 * the `@requires` selection and the TypeScript type the reader gets. Types, names and nullability
 * match their owners; no descriptions: the owner documents its fields. The evaluation and the
 * incentives declare their facts with these (subgraphs/evaluation/profile.type.ts).
 *
 * A department's published facts (shared/departments.ts `facts`: a code beyond its records, e.g.
 * 长兴's household 文明诚信码) are made from their definition here — their fields, their enum
 * (`factCodes`, which the department's own types use too) and how a value is read (`readFact`) —
 * so a new department's fact needs no line in the evaluation or the incentives.
 */
import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import type { DepartmentFact } from "./departments.js";
import { DEPARTMENT_FACTS, factNamed } from "./departments.js";
import { DateScalar } from "./scalars.js";
import { defineValueSet } from "./value-set.js";

/** A GraphQL type as type-graphql takes it: a class, a scalar or a registered enum. */
type TypeValue = object;

/** One fact: its GraphQL type, its selection (for objects) and, as a phantom, its TypeScript type. */
export interface Fact<T> {
  readonly type: () => TypeValue;
  readonly nullable: boolean;
  readonly list: boolean;
  readonly selection: string;
  readonly value?: T;
}
export type Facts = Readonly<Record<string, Fact<unknown>>>;
export type ValueOfFact<F> = F extends Fact<infer T> ? T : never;
/** The TypeScript type of an object of facts; nullable facts may be absent (the Rust planner leaves null leaves out). */
export type Shape<Fs extends Facts> = { [K in keyof Fs as null extends ValueOfFact<Fs[K]> ? never : K]: ValueOfFact<Fs[K]> } & {
  [K in keyof Fs as null extends ValueOfFact<Fs[K]> ? K : never]?: ValueOfFact<Fs[K]>;
};

const leaf = <T>(type: () => TypeValue): Fact<T> => ({ type, nullable: false, list: false, selection: "" });
export const nullable = <T>(fact: Fact<T>): Fact<T | null> => ({ type: fact.type, list: fact.list, selection: fact.selection, nullable: true });
export const listOf = <T>(fact: Fact<T>): Fact<T[]> => ({ type: fact.type, nullable: fact.nullable, selection: fact.selection, list: true });
export const id = leaf<string>(() => ID);
export const int = leaf<number>(() => Int);
export const day = leaf<string>(() => DateScalar);
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

/** Declares every fact on a `Subject` class as an `@external` field. */
export function declareFacts(subject: { prototype: object }, facts: Facts): void {
  for (const [field, fact] of Object.entries(facts)) {
    Directive("@external")(subject.prototype, field);
    Field(() => (fact.list ? [fact.type()] : fact.type()), { nullable: fact.nullable })(subject.prototype, field);
  }
}

const codeSets = new Map<string, Record<string, string>>();

/** A published fact's code enum, by its key (one per process: the department's types and the evaluation's share it). */
export function factCodes(key: string): { readonly [code: string]: string } {
  const fact = factNamed(key);
  if (!fact) throw new Error(`no department publishes the fact ${key} (shared/departments.ts)`);
  const { name, description, values } = fact.code;
  let set = codeSets.get(name);
  if (!set) {
    set = defineValueSet(name, description, Object.fromEntries(Object.entries(values).map(([code, { en }]) => [code, en])));
    codeSets.set(name, set);
  }
  return set;
}

/** The facts one step of a path holds: the facts ending here, the paths going on. */
function factFields(facts: readonly DepartmentFact[], depth: number): Facts {
  const fields: Record<string, Fact<unknown>> = {};
  for (const fact of facts) {
    if (depth === fact.path.length) {
      fields[fact.code.field] = codeFact(factCodes(fact.key));
      if (fact.detail) fields[fact.detail.field] = int;
      continue;
    }
    const { field, type, nullable: optional } = fact.path[depth];
    if (fields[field]) continue;
    const below = facts.filter((f) => f.path.length > depth && f.path[depth].field === field);
    const object = externalObject(type, factFields(below, depth + 1));
    fields[field] = optional ? nullable(object) : object;
  }
  return fields;
}

/** The fields a department's published facts add to its profile's `@external` type. */
export const publishedFactFields = (department: string): Facts =>
  factFields(
    DEPARTMENT_FACTS.filter((f) => f.department === department),
    0,
  );

/** A published fact's value on a subject: its code and detail, or null when the subject has none. */
export interface FactValue {
  code: string;
  detail: number | null;
}

const child = (at: unknown, field: string): unknown => (typeof at === "object" && at !== null ? Reflect.get(at, field) : undefined);

/** Reads a published fact from its department's part of a profile (`profile[fact.profileField]`). */
export function readFact(part: unknown, fact: DepartmentFact): FactValue | null {
  const holder = fact.path.reduce((at, step) => child(at, step.field), part);
  const code = child(holder, fact.code.field);
  if (typeof code !== "string") return null;
  const detail = fact.detail ? child(holder, fact.detail.field) : null;
  return { code, detail: typeof detail === "number" ? detail : null };
}

/** A fact's code as a person reads it (蓝码 / BLUE), the code itself for one not declared. */
export const codeLabel = (fact: DepartmentFact, code: string, lang: "zh" | "en"): string => (lang === "zh" ? (fact.code.values[code]?.zh ?? code) : code);

/** The value's text: `绿码，12分` / `GREEN, 12 points`. */
export function factValueText(fact: DepartmentFact, value: FactValue, lang: "zh" | "en"): string {
  const detail = value.detail === null || !fact.detail ? "" : lang === "zh" ? `，${value.detail}${fact.detail.zh}` : `, ${value.detail} ${fact.detail.en}`;
  return `${codeLabel(fact, value.code, lang)}${detail}`;
}
