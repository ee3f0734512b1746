/** Root fields on the directory and the credit office's records on a subject. Thin: args → repo → result. */
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, ID, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { Caller } from "../../../shared/caller.js";
import { maskPersonName, maskPhone } from "../../../shared/masking.js";
import { canReadPii, mayReadUnmasked, READ_DIRECTORY, readRecordsOf } from "../../../shared/scopes.js";
import { assertSubjectId } from "../../../shared/ids.js";
import { checkPageSize, type Page, pageOf, selectsField } from "../../../shared/pagination.js";
import { createError, ErrorCodes } from "../../../shared/errors.js";
import { todayInChina } from "../../../shared/scalars.js";
import type { CreditContext } from "../context.js";
import { toCommitment } from "./commitment.resolver.js";
import { Commitment, CreditRepair, ListEntry } from "./credit-record.type.js";
import { toListEntry } from "./list-entry.type.js";
import type { SubjectRow } from "../db.js";
import { countSubjects, loadSubjectPage } from "./subject.repo.js";
import { Subject, SubjectConnection, SubjectFilter } from "./subject.type.js";

/** A directory row as the caller may see it: persons' names and phones masked without pii:read, unless it is the caller's own (self:read). */
export function toSubject(row: SubjectRow, caller: Caller): Subject {
  const mask = row.kind === "PERSON" && !mayReadUnmasked(caller, row.id);
  return {
    id: row.id,
    kind: row.kind,
    organizationType: row.organization_type,
    name: mask ? maskPersonName(row.name) : row.name,
    phone: row.phone && mask ? maskPhone(row.phone) : row.phone,
    district: row.district,
    functionalZone: row.functional_zone,
    industry: row.industry,
    registeredOn: row.registered_on,
  };
}

@Resolver(() => Subject)
export class SubjectResolver {
  @Directive(READ_DIRECTORY)
  @Query(() => Subject, { nullable: true, description: "One subject by 统一社会信用代码 or 居民身份证号码; null when the directory does not know it." })
  async subject(
    @Arg("id", () => ID, { description: "18-character USCC or ID number; checked digit by digit." }) id: string,
    @Ctx() ctx: CreditContext,
  ): Promise<Subject | null> {
    const row = await ctx.loaders.subject.load(assertSubjectId("id", id).id);
    return row && toSubject(row, ctx.caller);
  }

  @Directive(READ_DIRECTORY)
  @Query(() => SubjectConnection, { description: "Subjects of the directory, a page at a time, ordered by id." })
  async subjects(
    @Arg("first", () => Int, { nullable: true, description: "Page size, 0–100 (default 20); the platform's own services up to 5000." }) first:
      | number
      | undefined,
    @Arg("after", () => String, { nullable: true, description: "Cursor after which the page starts (`pageInfo.endCursor`)." }) after: string | undefined,
    @Arg("filter", () => SubjectFilter, { nullable: true, description: "Conditions on the subjects." }) filter: SubjectFilter | undefined,
    @Ctx() ctx: CreditContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<Subject>> {
    const limit = checkPageSize(first, ctx.caller);
    if (filter?.namePrefix !== undefined && (filter.namePrefix.trim() === "" || filter.namePrefix.length > 50)) {
      throw createError(ErrorCodes.BAD_USER_INPUT, "filter.namePrefix must have 1–50 characters");
    }
    const namePrefix = filter?.namePrefix?.trim();
    // Without pii:read a name search must not confirm a person's name: it matches organisations only.
    const personsHidden = Boolean(namePrefix) && !canReadPii(ctx.caller);
    if (personsHidden && filter?.kind === "PERSON") return { nodes: [], totalCount: 0, pageInfo: { endCursor: null, hasNextPage: false } };
    const kind = personsHidden ? "ORGANIZATION" : filter?.kind;
    const query = { kind, district: filter?.district, namePrefix };
    const [rows, totalCount] = await Promise.all([
      loadSubjectPage(ctx.db, { ...query, afterId: after != null ? ctx.cursors.decode("subjects", after) : undefined, limit }),
      selectsField(info, "totalCount") ? countSubjects(ctx.db, query) : 0,
    ]);
    const page = pageOf(rows, limit, (last) => ctx.cursors.encode("subjects", last.id));
    for (const row of rows) ctx.loaders.subject.prime(row.id, row);
    return { nodes: page.rows.map((row) => toSubject(row, ctx.caller)), totalCount, pageInfo: page.pageInfo };
  }

  @Directive(readRecordsOf("credit"))
  @FieldResolver(() => [ListEntry], {
    description: "Red and black list entries (红黑名单), newest first, each with its status today (EXPIRED from its end of term on).",
  })
  async listEntries(@Root() subject: Subject, @Ctx() ctx: CreditContext): Promise<ListEntry[]> {
    const today = todayInChina();
    return (await ctx.loaders.listEntries.load(subject.id)).map((r) => toListEntry(r, today));
  }

  @Directive(readRecordsOf("credit"))
  @FieldResolver(() => [Commitment], {
    description: "Credit commitments (信用承诺) and their fulfilment, newest first; an open one past its due date reads as overdue.",
  })
  async commitments(@Root() subject: Subject, @Ctx() ctx: CreditContext): Promise<Commitment[]> {
    const rows = await ctx.loaders.commitments.load(subject.id);
    const today = todayInChina();
    return rows.map((r) => toCommitment(r, today));
  }

  @Directive(readRecordsOf("credit"))
  @FieldResolver(() => [CreditRepair], { description: "Credit repairs (信用修复) applied for, newest first." })
  async repairs(@Root() subject: Subject, @Ctx() ctx: CreditContext): Promise<CreditRepair[]> {
    const rows = await ctx.loaders.repairs.load(subject.id);
    return rows.map((r) => ({
      id: r.id,
      department: r.department,
      recordId: r.record_id,
      appliedOn: r.applied_on,
      decidedOn: r.decided_on,
      status: r.status,
    }));
  }
}
