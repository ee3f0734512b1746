/**
 * A record department, made once for all of them from what is its own. Its definition in
 * shared/departments.ts names its record table, categories, `Subject` field and record type; the
 * department gives its migrations, its other per-subject lists and how a subject's profile is made
 * from its rows. The kernel makes the rest: the per-request context, the resolver (`Subject.<field>`
 * and the three mutations), the federated schema and what `npm run import` reads.
 */
import type DataLoader from "dataloader";
import type { Kysely, Migration, Selectable } from "kysely";
import { type ClassType, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from "type-graphql";
import type { Caller } from "../caller.js";
import { PROFILE_DEPARTMENTS, type ProfileDepartment, type ProfileDepartmentName, type RecordsDefinition } from "../departments.js";
import type { WriteScope } from "../record-changes.js";
import { SUBJECT_ID_DESCRIPTION } from "../record.type.js";
import { readRecordsOf } from "../scopes.js";
import { buildFederatedSchema, type DepartmentDefinition, type DepartmentServices } from "../subgraph.js";
import { recordContext } from "./context.js";
import type { ExtraColumn, ImportSpec } from "./import-spec.js";
import { type MutationDescriptions, type RecordMutationsSpec, recordMutations } from "./mutations.js";
import { loadRecords } from "./reads.js";
import type { RecordColumns } from "./table.js";
import type { RecordInput } from "./validation.js";
import type { RecordCorrection, RecordStore } from "./writes.js";

type RecordTableOf<N extends ProfileDepartmentName> = Extract<ProfileDepartment, { name: N }>["records"]["table"];

/** The database of record department `N`: its record table (as its definition names it) beside its own tables. */
export type RecordDatabase<N extends ProfileDepartmentName> = { [T in RecordTableOf<N>]: RecordColumns };

/** A row of the record table of database `DB` of department `N`. */
type RecordRowOf<N extends ProfileDepartmentName, DB> = DB extends { [T in RecordTableOf<N>]: infer R extends RecordColumns } ? Selectable<R> : never;

/** What department `name` publishes on `Subject` (shared/departments.ts). */
function recordsOf(name: ProfileDepartmentName): RecordsDefinition & { field: string } {
  const department = PROFILE_DEPARTMENTS.find((d) => d.name === name);
  if (!department) throw new Error(`${name} adds no records to Subject`);
  return { ...department.records, field: department.profileField };
}

/** The per-request context of record department `name`: its records and its own per-subject lists (`bySubject`), fresh per request. */
export function departmentContext<N extends ProfileDepartmentName, DB extends RecordDatabase<N>, Lists extends Record<string, DataLoader<string, unknown[]>>>(
  name: N,
  lists: (db: Kysely<DB>) => Lists,
) {
  const { table, categories } = recordsOf(name);
  return recordContext<DB, RecordRowOf<N, DB>, Lists>({
    department: name,
    table,
    categories: Object.keys(categories.values),
    loadRecords: (db, ids) => loadRecords(db, table, ids),
    lists,
  });
}

/** A context holding the department's record store. */
type Store<Row extends RecordColumns> = { records: RecordStore<Row> };

/** What a record department's resolver adds to its mutations' spec (mutations.ts): its profile's. */
export interface ProfileSpec<C, P extends object> {
  name: ProfileDepartmentName;
  /** Its `Subject` field's type. */
  profile: ClassType<P>;
  /** A subject's profile, made from the request's loaders: an answer for every subject (zeros and empty lists for one it holds nothing on). */
  resolveProfile: (subjectId: string, ctx: C) => Promise<P>;
  /** The descriptions, word for word as the schema shows them: the mutations', its `Subject` type's and its field's. */
  describe: MutationDescriptions & { subject: string; profile: string };
}

/**
 * A record department's resolver: `Subject.<field>` behind the department's read scopes and its
 * three mutations. A department with mutations of its own extends it (`@Resolver(() => X.subject)`).
 */
export function recordResolver<
  Row extends RecordColumns,
  Out extends object,
  In extends RecordInput,
  Fix extends RecordCorrection,
  C extends Store<Row>,
  P extends object,
>(spec: Omit<RecordMutationsSpec<Row, Out, In, Fix, C>, "department" | "type" | "describe"> & ProfileSpec<C, P>) {
  const { field, recordType } = recordsOf(spec.name);

  // The department answers for every subject, so a null field downstream means "unavailable", never "clean".
  @Directive('@key(fields: "id")')
  @ObjectType("Subject", { description: spec.describe.subject })
  class Subject {
    @Field(() => ID, { description: SUBJECT_ID_DESCRIPTION })
    id!: string;
  }

  @Resolver(() => Subject)
  class DepartmentResolver extends recordMutations({ ...spec, department: spec.name, type: recordType }) {
    /** Its `Subject` type, only reachable through `_entities`. */
    static readonly subject = Subject;

    @Directive(readRecordsOf(spec.name))
    @FieldResolver(() => spec.profile, { name: field, nullable: true, description: spec.describe.profile })
    profile(@Root() subject: Subject, @Ctx() ctx: C): Promise<P> {
      return spec.resolveProfile(subject.id, ctx);
    }
  }
  return DepartmentResolver;
}

/** What a record department gives the kernel besides its definition's data. */
export interface RecordDepartmentSpec<DB, Ctx extends Record<string, unknown>> {
  name: ProfileDepartmentName;
  migrations: Record<string, Migration>;
  createContext: (db: Kysely<DB>, caller: Caller, services: DepartmentServices, scope: WriteScope) => Ctx;
  /** Its resolver ({@link recordResolver}, or a class extending it). */
  resolver: { subject: ClassType<object>; new (): { profile(subject: { id: string }, ctx: Ctx): Promise<unknown> } };
  /** Extra columns of its record table, as `npm run import` reads them. */
  extraColumns?: Record<string, ExtraColumn>;
}

/** A record department's definition (subgraphs/registry.ts): served by `buildDepartmentApp`, its profile field called directly by the bench. */
export function recordDepartment<DB, Ctx extends Record<string, unknown>>(
  spec: RecordDepartmentSpec<DB, Ctx>,
): DepartmentDefinition<DB, Ctx> & { importSpec: ImportSpec } {
  const { table, categories } = recordsOf(spec.name);
  const { resolver } = spec;
  return {
    name: spec.name,
    migrations: spec.migrations,
    buildSchema: () =>
      buildFederatedSchema<Ctx>({ resolvers: [resolver], orphanedTypes: [resolver.subject], references: { Subject: (reference) => ({ id: reference.id }) } }),
    createContext: spec.createContext,
    resolveProfile: (subject, ctx) => new resolver().profile(subject, ctx),
    importSpec: { table, categories: Object.keys(categories.values), extraColumns: spec.extraColumns },
  };
}
