/**
 * Merchant codes (亮信): `setMerchantCode` — an organisation shows or hides its public page, with
 * its own token (`self:write`, claim `self` naming it) or through the credit office (`dept:credit`)
 * on its request — and the public `merchantCode` the gateway's /merchant/<USCC> page asks. Thin:
 * args → repo / view → result.
 */
import { Arg, Ctx, Directive, ID, Mutation, Query, Resolver } from "type-graphql";
import { createError, createValidationError, ErrorCodes } from "../../../shared/errors.js";
import { parseSubjectId } from "../../../shared/ids.js";
import { deptScope, requiresAnyScope, Scopes } from "../../../shared/scopes.js";
import type { CreditContext } from "../context.js";
import { findMerchantCode, setMerchantCode } from "./merchant.repo.js";
import { MerchantCode, MerchantCodeSetting } from "./merchant.type.js";
import { forgetMerchantView, merchantView } from "./merchant-view.js";

const SET = requiresAnyScope(Scopes.SELF_WRITE, deptScope("credit"), Scopes.ADMIN);

/** Whether the caller holds a scope that acts for any organisation (the credit office, admins), not only for itself. */
const actsForOthers = (ctx: CreditContext) => ctx.caller.scopes.includes(deptScope("credit")) || ctx.caller.scopes.includes(Scopes.ADMIN);

@Resolver()
export class MerchantCodeResolver {
  @Directive(SET)
  @Mutation(() => MerchantCodeSetting, {
    description:
      "Shows or hides an organisation's public merchant code page (亮信: /merchant/<USCC>, its name, level band and red/black list status). By the organisation itself (self:write, its token's self claim naming it) or by the credit office (dept:credit) on its request. Audited with before/after. Organisations only.",
  })
  async setMerchantCode(
    @Arg("subjectId", () => ID, { description: "The organisation's 统一社会信用代码." }) subjectId: string,
    @Arg("display", () => Boolean, { description: "true: show the public page; false: hide it (the page answers 404 at once)." }) display: boolean,
    @Ctx() ctx: CreditContext,
  ): Promise<MerchantCodeSetting> {
    const parsed = parseSubjectId(subjectId);
    if (!parsed.ok) throw createValidationError([{ field: "subjectId", message: parsed.problem.message }]);
    const id = parsed.value.id;
    // A subject's own token changes only its own choice: refused before anything is looked up.
    if (!actsForOthers(ctx) && ctx.caller.self !== id) throw createError(ErrorCodes.FORBIDDEN, "A self:write token changes only its own subject's settings");
    // The same answer for every person ID, known or not.
    if (parsed.value.kind !== "ORGANIZATION")
      throw createValidationError([{ field: "subjectId", message: "merchant codes are for organisations (统一社会信用代码)" }]);
    if (!(await ctx.loaders.subject.load(id))) throw createError(ErrorCodes.NOT_FOUND, "No organisation subjectId in the directory");
    const row = await setMerchantCode(ctx.db, ctx.scope, id, display);
    forgetMerchantView(id);
    return { subjectId: id, displayed: row.status === "DISPLAYED", changedAt: row.changed_at, url: `${ctx.config!.publicUrl}/merchant/${id}` };
  }

  @Query(() => MerchantCode, {
    nullable: true,
    description:
      "Public (no token): the merchant code page of an organisation that shows it — name, level band, red/black lists in force. null for everything else (not shown, unknown, malformed, a person): one answer, no oracle.",
  })
  async merchantCode(
    @Arg("subjectId", () => ID, { description: "The organisation's 统一社会信用代码 (canonical: upper case)." }) subjectId: string,
    @Ctx() ctx: CreditContext,
  ): Promise<MerchantCode | null> {
    // Only a canonical USCC can be shown; anything else is read like a USCC that is not (same query, same null).
    const parsed = parseSubjectId(subjectId);
    const id = parsed.ok && parsed.value.kind === "ORGANIZATION" && parsed.value.id === subjectId ? subjectId : "";
    const choice = await findMerchantCode(ctx.db, id);
    if (choice?.status !== "DISPLAYED") return null;
    return merchantView(ctx.gateway, ctx.config!.gatewayUrl, id, ctx.caller.sub);
  }
}
