/**
 * A record department's three mutations (`record<Type>`, `correct<Type>`, `close<Type>`), made once
 * for all of them: a type-graphql base resolver its own resolver extends. What differs between
 * departments is data (names, descriptions) and, where a department has fields of its own, the write.
 */
import { Arg, type ClassType, Ctx, Directive, ID, Mutation, Resolver } from "type-graphql";
import { DateScalar } from "../scalars.js";
import { writeRecordsOf } from "../scopes.js";
import type { RecordColumns } from "./table.js";
import type { RecordInput } from "./validation.js";
import { closeRecord, correctRecord, type RecordCorrection, type RecordStore, recordRecord } from "./writes.js";

const LEGAL_BASIS_DESCRIPTION = "撤销依据: the legal basis of the removal, 1–200 characters — a court decision or the decision revoked.";

/** The mutations' descriptions and their arguments'. */
export interface MutationDescriptions {
  record: string;
  recordInput: string;
  correct: string;
  correctInput: string;
  close: string;
  closedOn: string;
}

export interface RecordMutationsSpec<
  Row extends RecordColumns,
  Out extends object,
  In extends RecordInput,
  Fix extends RecordCorrection,
  Ctx extends { records: RecordStore<Row> },
> {
  /** The department whose write scope the mutations require. */
  department: string;
  /** The record's GraphQL type name: the mutations are `record<type>`, `correct<type>`, `close<type>`. */
  type: string;
  record: ClassType<Out>;
  recordInput: ClassType<In>;
  correctInput: ClassType<Fix>;
  /** A stored row as the GraphQL record. */
  toRecord: (row: Row) => Out;
  /** The descriptions, word for word as the schema shows them. */
  describe: MutationDescriptions;
  /** The department's own write, where it has fields of its own (default: the kernel's). */
  write?: {
    record?: (ctx: Ctx, input: In) => Promise<Row>;
    correct?: (ctx: Ctx, id: string, input: Fix) => Promise<Row>;
  };
}

export function recordMutations<
  Row extends RecordColumns,
  Out extends object,
  In extends RecordInput,
  Fix extends RecordCorrection,
  C extends { records: RecordStore<Row> },
>(spec: RecordMutationsSpec<Row, Out, In, Fix, C>) {
  const write = {
    record: spec.write?.record ?? ((ctx: C, input: In) => recordRecord(ctx.records, input)),
    correct: spec.write?.correct ?? ((ctx: C, id: string, input: Fix) => correctRecord(ctx.records, id, input)),
  };
  const { describe } = spec;

  @Resolver()
  abstract class RecordMutations {
    @Directive(writeRecordsOf(spec.department))
    @Mutation(() => spec.record, { name: `record${spec.type}`, description: describe.record })
    async recordMutation(@Arg("input", () => spec.recordInput, { description: describe.recordInput }) input: In, @Ctx() ctx: C): Promise<Out> {
      return spec.toRecord(await write.record(ctx, input));
    }

    @Directive(writeRecordsOf(spec.department))
    @Mutation(() => spec.record, { name: `correct${spec.type}`, description: describe.correct })
    async correctMutation(
      @Arg("id", () => ID, { description: "The record to correct." }) id: string,
      @Arg("input", () => spec.correctInput, { description: describe.correctInput }) input: Fix,
      @Ctx() ctx: C,
    ): Promise<Out> {
      return spec.toRecord(await write.correct(ctx, id, input));
    }

    @Directive(writeRecordsOf(spec.department))
    @Mutation(() => spec.record, { name: `close${spec.type}`, description: describe.close })
    async closeMutation(
      @Arg("id", () => ID, { description: "The record to close." }) id: string,
      @Arg("closedOn", () => DateScalar, { description: describe.closedOn }) closedOn: string,
      @Arg("legalBasis", () => String, { description: LEGAL_BASIS_DESCRIPTION }) legalBasis: string,
      @Ctx() ctx: C,
    ): Promise<Out> {
      return spec.toRecord(await closeRecord(ctx.records, id, closedOn, legalBasis));
    }
  }
  return RecordMutations;
}
