/**
 * `notifications(subjectId)`: a subject's notices and how their delivery went, for the credit
 * office and the subject itself (`self:read`, its own only); `registerNoticeContact`: an
 * organisation's webhook and consents, by the credit office or the organisation itself
 * (`self:write`). Thin: args → repo → result.
 */
import { Arg, Ctx, Directive, ID, Info, Int, Mutation, Query, Resolver } from "type-graphql";
import { isIP } from "node:net";
import type { GraphQLResolveInfo } from "graphql";
import { createError, createValidationError, ErrorCodes } from "../../../shared/errors.js";
import { parseSubjectId } from "../../../shared/ids.js";
import { checkPageSize, pageOf, selectsField } from "../../../shared/pagination.js";
import { deptScope, requiresAnyScope, Scopes } from "../../../shared/scopes.js";
import { CodeConsent } from "../codes/code.type.js";
import { LOOPBACK_HOSTS } from "../../../shared/config.js";
import type { CreditContext } from "../context.js";
import { listNotices, type NoticePosition, registerContact } from "./notice.repo.js";
import { NoticeConnection, NoticeContact } from "./notice.type.js";

const READ = requiresAnyScope(deptScope("credit"), Scopes.ADMIN, Scopes.SELF_READ);
const WRITE = requiresAnyScope(deptScope("credit"), Scopes.ADMIN, Scopes.SELF_WRITE);
/** The consents a contact may give: the notice kinds'. */
const CONTACT_CONSENTS: readonly CodeConsent[] = [CodeConsent.NOTICE_REPAIR, CodeConsent.NOTICE_GRADE];

/**
 * The subject an argument names, canonical; a caller acting only as itself (self:read / self:write,
 * not the credit office or an admin) gets FORBIDDEN for any other — before anything is looked up.
 */
function subjectOf(ctx: CreditContext, subjectId: string): { id: string; kind: "ORGANIZATION" | "PERSON" } {
  const parsed = parseSubjectId(subjectId);
  if (!parsed.ok) throw createValidationError([{ field: "subjectId", message: parsed.problem.message }]);
  const forOthers = ctx.caller.scopes.includes(deptScope("credit")) || ctx.caller.scopes.includes(Scopes.ADMIN);
  if (!forOthers && ctx.caller.self !== parsed.value.id)
    throw createError(ErrorCodes.FORBIDDEN, "A self token reads and changes only its own subject's notices");
  return parsed.value;
}

/**
 * A webhook URL: https to a named host, at most 500 characters. Outside production, http to this
 * machine too (a receiver beside the platform). In production no address literal and no loopback
 * name: the worker must not be pointed at the platform's own network (a firm's webhook names its host).
 */
export function webhookProblem(url: string, production: boolean): string | undefined {
  if (url.length > 500) return "must be at most 500 characters";
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || parsed.username || parsed.password || parsed.hash) return "must be an https URL without credentials or fragment";
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (production && (isIP(host) !== 0 || LOOPBACK_HOSTS.has(parsed.hostname) || parsed.protocol !== "https:"))
    return "must be https to a host name (no IP address, no localhost)";
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && LOOPBACK_HOSTS.has(parsed.hostname)))
    return "must be https (http only on 127.0.0.1, ::1 or localhost, outside production)";
  return undefined;
}

@Resolver()
export class NoticeResolver {
  @Directive(READ)
  @Query(() => NoticeConnection, {
    description:
      "A subject's notices (主动告知, 到期提醒), newest first: each with its text, when it was queued, its delivery status, tries and last outcome — also those never sent for want of consent, and why. For the credit office, and for the subject itself (self:read). The same empty page for a subject with no notices and one not in the directory.",
  })
  async notifications(
    @Arg("subjectId", () => ID, { description: "The subject (统一社会信用代码 or 居民身份证号码)." }) subjectId: string,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 0–100 (default 20)." }) first: number | undefined,
    @Arg("after", () => String, { nullable: true, description: "Cursor after which the page starts (`pageInfo.endCursor`)." }) after: string | undefined,
    @Ctx() ctx: CreditContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<NoticeConnection> {
    const { id } = subjectOf(ctx, subjectId);
    const limit = checkPageSize(first, ctx.caller);
    // The position is bound to the subject: a cursor of one subject's list is refused on another's.
    const list = `notifications:${id}`;
    const position = after != null ? (JSON.parse(ctx.cursors.decode(list, after)) as NoticePosition) : undefined;
    const { rows, total } = await listNotices(ctx.db, { subjectId: id, after: position, limit, count: selectsField(info, "totalCount") });
    const page = pageOf(rows, limit, (last) => ctx.cursors.encode(list, JSON.stringify([last.created_at, last.id])));
    return {
      nodes: page.rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        subjectId: r.subject_id,
        department: r.department,
        recordId: r.record_id,
        dueOn: r.due_on,
        createdAt: r.created_at,
        textZh: r.text_zh,
        textEn: r.text_en,
        status: r.status,
        tries: r.tries,
        lastOutcome: r.last_outcome,
        deliveredAt: r.delivered_at,
      })),
      totalCount: total,
      pageInfo: page.pageInfo,
    };
  }

  @Directive(WRITE)
  @Mutation(() => NoticeContact, {
    description:
      "Registers (or replaces) where an organisation receives its notices — its webhook — and which kinds it consents to (NOTICE_REPAIR, NOTICE_GRADE; none: nothing is sent). By the credit office, or the organisation itself (self:write). Answers the webhook's new signing secret, once. Audited (without the secret). Persons receive theirs through the 诚信码 channel, by the consents of their 个人诚信码 registration.",
  })
  async registerNoticeContact(
    @Arg("subjectId", () => ID, { description: "The organisation's 统一社会信用代码." }) subjectId: string,
    @Arg("webhookUrl", () => String, { description: "Where notices are POSTed: https (http only on this machine), at most 500 characters." })
    webhookUrl: string,
    @Arg("consents", () => [CodeConsent], { description: "The kinds of notice consented to: NOTICE_REPAIR, NOTICE_GRADE." }) consents: CodeConsent[],
    @Ctx() ctx: CreditContext,
  ): Promise<NoticeContact> {
    const { id, kind } = subjectOf(ctx, subjectId);
    const problems: { field: string; message: string }[] = [];
    const urlProblem = webhookProblem(webhookUrl, ctx.config?.nodeEnv === "production");
    if (urlProblem) problems.push({ field: "webhookUrl", message: urlProblem });
    const wrong = consents.filter((c) => !CONTACT_CONSENTS.includes(c));
    if (wrong.length > 0) problems.push({ field: "consents", message: `only ${CONTACT_CONSENTS.join(", ")}, not ${wrong.join(", ")}` });
    // The same answer for every person ID, known or not.
    if (kind !== "ORGANIZATION")
      problems.push({ field: "subjectId", message: "notice contacts are for organisations (persons: the 个人诚信码 registration's consents)" });
    if (problems.length > 0) throw createValidationError(problems);
    if (!(await ctx.loaders.subject.load(id))) throw createError(ErrorCodes.NOT_FOUND, "No organisation subjectId in the directory");
    const row = await registerContact(ctx.db, ctx.scope, { subjectId: id, webhookUrl, consents: [...new Set(consents)] });
    return {
      subjectId: row.subject_id,
      webhookUrl: row.webhook_url,
      consents: row.consents ? (row.consents.split(",") as CodeConsent[]) : [],
      registeredAt: row.registered_at,
      secret: row.secret,
    };
  }
}
