/**
 * The applications a department reviews (`repairQueue`): those for its own records, by status,
 * oldest first, a page at a time. Only `dept:<name>` (or admin) opens it, and only that
 * department's applications come back — the web app's review page reads nothing else.
 */
import { Arg, Ctx, Directive, Field, Int, ObjectType, Query, Resolver } from "type-graphql";
import { RECORD_DEPARTMENTS } from "../../../shared/departments.js";
import { checkPageSize, PageInfo } from "../../../shared/pagination.js";
import { deptScope, requiresAnyScope, Scopes } from "../../../shared/scopes.js";
import type { CreditContext } from "../context.js";
import { RepairStatus } from "../directory/credit-record.type.js";
import { RepairApplication } from "./repair.type.js";
import { toApplication } from "./repair.resolver.js";

const DEPARTMENTS = RECORD_DEPARTMENTS.filter((d) => d !== "credit");

@ObjectType({ description: "A page of credit repair applications, oldest first." })
export class RepairApplicationConnection {
  @Field(() => [RepairApplication], { description: "The applications of this page." })
  nodes!: RepairApplication[];

  @Field(() => PageInfo, { description: "Where this page ends." })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Applications matching, over all pages." })
  totalCount!: number;
}

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
  ): Promise<RepairApplicationConnection> {
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
    const nodes = rows.slice(0, limit);
    const last = nodes[nodes.length - 1];
    return {
      nodes: await Promise.all(nodes.map((row) => toApplication(ctx, row))),
      totalCount: Number(count.n),
      pageInfo: { endCursor: last ? ctx.cursors.encode("repairQueue", JSON.stringify([last.applied_on, last.id])) : null, hasNextPage: rows.length > limit },
    };
  }
}
