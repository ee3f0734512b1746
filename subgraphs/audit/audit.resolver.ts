/** `Query.auditLog`, readable with audit:read. There is no mutation: entries cannot be changed through any API. */
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Directive, ID, Info, Int, Query, Resolver } from "type-graphql";
import { beijingDayStartUtc } from "../../shared/beijing-time.js";
import { createValidationError } from "../../shared/errors.js";
import { checkPageSize, type Page, pageOf, selectsField } from "../../shared/pagination.js";
import { DateScalar } from "../../shared/scalars.js";
import { requiresAnyScope, Scopes } from "../../shared/scopes.js";
import { loadAuditPage } from "../../shared/audit-store/audit-store.js";
import { AuditEntryConnection, type AuditEntry } from "./audit.type.js";
import type { AuditContext } from "./context.js";

const list = (text: string, separator: string) => (text ? text.split(separator) : []);

@Resolver()
export class AuditResolver {
  @Directive(requiresAnyScope(Scopes.AUDIT_READ, Scopes.ADMIN))
  @Query(() => AuditEntryConnection, { description: "The audit log, newest first." })
  async auditLog(
    @Arg("first", () => Int, { nullable: true, description: "Page size, 0–100 (default 20)." }) first: number | undefined,
    @Arg("after", () => String, { nullable: true, description: "Cursor after which the page starts." }) after: string | undefined,
    @Arg("subjectId", () => ID, { nullable: true, description: "Only entries that touched this subject." }) subjectId: string | undefined,
    @Arg("caller", () => String, { nullable: true, description: "Only entries of this caller (token subject)." }) caller: string | undefined,
    @Arg("recordId", () => ID, { nullable: true, description: "Only entries that wrote this record: its history of writes and corrections." }) recordId:
      | string
      | undefined,
    @Arg("from", () => DateScalar, { nullable: true, description: "Only entries on or after this day, in Beijing time (from its 00:00 UTC+8)." }) from:
      | string
      | undefined,
    @Arg("to", () => DateScalar, { nullable: true, description: "Only entries on or before this day, in Beijing time (to its end, UTC+8)." }) to:
      | string
      | undefined,
    @Ctx() ctx: AuditContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<AuditEntry>> {
    const limit = checkPageSize(first);
    if (from && to && from > to) throw createValidationError([{ field: "from", message: `${from} is after ${to}` }]);
    const { rows, total } = await loadAuditPage(ctx.db, {
      subjectId,
      sub: caller,
      recordId,
      fromAt: from ? beijingDayStartUtc(from) : undefined,
      beforeAt: to ? beijingDayStartUtc(to, 1) : undefined,
      beforeId: after != null ? ctx.cursors.decode("auditLog", after) : undefined,
      limit,
      count: selectsField(info, "totalCount"),
    });
    const page = pageOf(rows, limit, (last) => ctx.cursors.encode("auditLog", last.id));
    const nodes: AuditEntry[] = page.rows.map((r) => ({
      id: r.id,
      at: r.at,
      caller: r.sub,
      scopes: list(r.scopes, " "),
      purpose: r.purpose,
      actingFor: r.acting_for,
      clientIp: r.client_ip,
      operationName: r.operation_name,
      operationType: r.operation_type,
      fields: list(r.fields, ","),
      subjectIds: r.subjectIds,
      outcome: r.outcome,
      errorCodes: list(r.error_codes, ","),
      follows: r.follows,
      changes: r.changes.map((c) => ({
        department: c.department,
        recordId: c.record_id,
        subjectId: c.subject_id,
        action: c.action,
        before: c.before,
        after: c.after,
      })),
    }));
    return {
      nodes,
      totalCount: total,
      pageInfo: page.pageInfo,
    };
  }
}
