/**
 * The applications a department reviews (`repairQueue`): those for its own records, by status,
 * oldest first, a page at a time. Only `dept:<name>` (or admin) opens it, and only that
 * department's applications come back — the web app's review page reads nothing else.
 * And what an applicant may apply for (`repairableRecords`): the records of the subject its token
 * acts for (claim subjects), each with the earliest date an application opens.
 */
import { Arg, Ctx, Directive, Field, Float, ID, Int, ObjectType, Query, Resolver } from "type-graphql";
import { RECORD_DEPARTMENTS } from "../../../shared/departments.js";
import { checkPageSize, connectionOf, type Page, pageOf } from "../../../shared/pagination.js";
import { repairRuleOf } from "../../../shared/rules/rule-sets.js";
import { DateScalar } from "../../../shared/scalars.js";
import { deptScope, requiresAnyScope, Scopes } from "../../../shared/scopes.js";
import type { CreditContext } from "../context.js";
import { RepairStatus } from "../directory/credit-record.type.js";
import { readSubjectRecords } from "../reports/subject-records.js";
import { ownSubject, toApplication } from "./repair.resolver.js";
import { RepairApplication } from "./repair.type.js";

const DEPARTMENTS = RECORD_DEPARTMENTS.filter((d) => d !== "credit");

export const RepairApplicationConnection = connectionOf(RepairApplication, {
  description: "A page of credit repair applications, oldest first.",
  nodes: "The applications of this page.",
  totalCount: "Applications matching, over all pages.",
});

@Resolver()
export class RepairQueueResolver {
  @Directive(requiresAnyScope(...DEPARTMENTS.map(deptScope), Scopes.ADMIN))
  @Query(() => RepairApplicationConnection, {
    description: "The repair applications for the caller's own department's records (its dept:<name> scopes; admin: all), oldest first.",
  })
  async repairQueue(
    @Arg("status", () => RepairStatus, { nullable: true, description: "Only applications in this status (default: all)." }) status: RepairStatus | undefined,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 0–100 (default 20)." }) first: number | undefined,
    @Arg("after", () => String, { nullable: true, description: "Cursor after which the page starts (`pageInfo.endCursor`)." }) after: string | undefined,
    @Ctx() ctx: CreditContext,
  ): Promise<Page<RepairApplication>> {
    const limit = checkPageSize(first, ctx.caller);
    const admin = ctx.caller.scopes.includes(Scopes.ADMIN);
    const mine = admin ? DEPARTMENTS : DEPARTMENTS.filter((d) => ctx.caller.scopes.includes(deptScope(d)));
    // Ordered by application date then id: the cursor holds both.
    let query = ctx.db.selectFrom("repairs").where("department", "in", mine);
    if (status) query = query.where("status", "=", status);
    const position = after != null ? (JSON.parse(ctx.cursors.decode("repairQueue", after)) as [string, string]) : undefined;
    const page = position
      ? query.where((eb) => eb.or([eb("applied_on", ">", position[0]), eb.and([eb("applied_on", "=", position[0]), eb("id", ">", position[1])])]))
      : query;
    const [rows, count] = await Promise.all([
      page
        .selectAll()
        .orderBy("applied_on")
        .orderBy("id")
        .limit(limit + 1)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    ]);
    const result = pageOf(rows, limit, (last) => ctx.cursors.encode("repairQueue", JSON.stringify([last.applied_on, last.id])));
    return { nodes: await Promise.all(result.rows.map((row) => toApplication(ctx, row))), totalCount: Number(count.n), pageInfo: result.pageInfo };
  }
}

@ObjectType({ description: "A record of the applicant's own subject, as an application for its repair needs it." })
export class RepairableRecord {
  @Field(() => ID, { description: "Record id (applyForCreditRepair's recordId)." })
  id!: string;

  @Field(() => String, { description: "The department that keeps it." })
  department!: string;

  @Field(() => String, { description: "Decision document number (决定书文号)." })
  documentNo!: string;

  @Field(() => String, { description: "Category, the department's enum value." })
  category!: string;

  @Field(() => String, { description: "GENERAL or SERIOUS." })
  severity!: string;

  @Field(() => String, { description: "ACTIVE, REPAIRED, REMOVED or EXPIRED: only an ACTIVE record can be repaired." })
  status!: string;

  @Field(() => DateScalar, { description: "Decision date." })
  decidedOn!: string;

  @Field(() => Float, { nullable: true, description: "Amount in yuan, when there is one (a fine needs its receipt)." })
  amount!: number | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      "The first day an application may be filed (its rule set's minimum period); null when it can never be repaired early, or is a listing its department removes.",
  })
  earliestApplicationOn!: string | null;

  @Field(() => String, { description: "The rule's legal basis (or: ours)." })
  rule!: string;
}

@Resolver()
export class RepairableRecordsResolver {
  @Directive(requiresAnyScope(Scopes.REPAIR_APPLY, deptScope("credit"), Scopes.ADMIN))
  @Query(() => [RepairableRecord], {
    description:
      "The records of a subject the token acts for (claim subjects; the credit office: any), each with the earliest date its repair may be applied for.",
  })
  async repairableRecords(
    @Arg("subjectId", () => ID, { description: "The subject." }) subjectId: string,
    @Ctx() ctx: CreditContext,
  ): Promise<RepairableRecord[]> {
    const id = ownSubject(ctx, subjectId);
    const { records } = await readSubjectRecords(ctx.gateway, id, { actingFor: ctx.caller.sub, purpose: "信用修复申请", what: "Records cannot be read" });
    return records.map((r) => {
      const rule = repairRuleOf({ ...r, fineYuan: r.amount });
      return {
        id: r.id,
        department: r.department,
        documentNo: r.documentNo,
        category: r.category,
        severity: r.severity,
        status: r.status,
        decidedOn: r.decidedOn,
        amount: r.amount,
        earliestApplicationOn: rule.neverEarly || rule.listed ? null : rule.earliestDate,
        rule: `${rule.basis}（${rule.source.document}）`,
      };
    });
  }
}
