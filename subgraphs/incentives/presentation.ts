/**
 * A partner's side of the 个人诚信码 (shared/presentation.ts): a presented code read back to the
 * person it names, and its uses counted — the first use fixes its offer and partner; it serves one
 * check and one redemption, before it expires. Each use is one guarded statement (an insert, or an
 * UPDATE … WHERE the use is still open), so two partners or two requests racing with the same
 * code cannot both use it.
 */
import type { Kysely } from "kysely";
import { createError, ErrorCodes } from "../../shared/errors.js";
import { parseSubjectId, type ParsedSubjectId } from "../../shared/ids.js";
import { codeKey, readPresentation } from "../../shared/presentation.js";
import type { IncentivesContext } from "./context.js";
import type { IncentivesDB } from "./db.js";

export type PresentationUse = "checks" | "redemptions";

const refused = (reason: string) => createError(ErrorCodes.PRESENTATION_REFUSED, `Presented 个人诚信码 refused: ${reason}`);

/** Counts one use of presentation `id` for this offer and partner; false when it is used up or bound elsewhere. */
export async function usePresentation(
  db: Kysely<IncentivesDB>,
  use: { id: string; offerId: string; partner: string; kind: PresentationUse; expiresAt: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto("presentation_uses")
    .values({
      id: use.id,
      offer_id: use.offerId,
      partner: use.partner,
      checks: use.kind === "checks" ? 1 : 0,
      redemptions: use.kind === "redemptions" ? 1 : 0,
      expires_at: use.expiresAt.toISOString(),
    })
    .onConflict((oc) => oc.column("id").doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  const updated = await db
    .updateTable("presentation_uses")
    .set((eb) => ({ [use.kind]: eb(use.kind, "+", 1) }))
    .where("id", "=", use.id)
    .where("offer_id", "=", use.offerId)
    .where("partner", "=", use.partner)
    .where(use.kind, "<", 1)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/**
 * The subject a partner's call names: an organisation by its public USCC (`subjectId`), a person
 * by the code they present (`presentation`), with `use()` to count this use of the code (a no-op
 * for a subjectId). Exactly one of the two. A bare person ID is still accepted from a partner
 * (within the gateway's person-ID budget) until partners have moved to presented codes.
 */
export async function subjectOfCall(
  ctx: IncentivesContext,
  call: { subjectId?: string | null; presentation?: string | null; offerId: string; kind: PresentationUse; field: string },
): Promise<{ subject: ParsedSubjectId; use(): Promise<void> }> {
  if ((call.subjectId == null) === (call.presentation == null)) {
    throw createError(
      ErrorCodes.BAD_USER_INPUT,
      `${call.field}: give exactly one of subjectId (an organisation's USCC) and presentation (a person's presented 诚信码)`,
    );
  }
  if (call.subjectId != null) {
    const parsed = parseSubjectId(call.subjectId);
    if (!parsed.ok) throw createError(ErrorCodes.BAD_USER_INPUT, `Invalid ${call.field}subjectId "${call.subjectId}": ${parsed.problem.message}`);
    return { subject: parsed.value, use: async () => undefined };
  }
  const config = ctx.config!;
  const read = await readPresentation(call.presentation!, codeKey(config.codes.keyFile, config.dataDir).publicKeyPem, config.gatewaySecret);
  if (!read.ok) throw refused(read.reason);
  const person = parseSubjectId(read.presentation.subjectId);
  if (!person.ok) throw refused("it names no valid subject");
  const { id, expiresAt } = read.presentation;
  return {
    subject: person.value,
    async use() {
      const fresh = await usePresentation(ctx.db, { id, offerId: call.offerId, partner: ctx.caller.sub, kind: call.kind, expiresAt });
      if (!fresh)
        throw refused(`it was already used for ${call.kind === "checks" ? "a check" : "a redemption"}, or for another offer or partner: ask for a fresh code`);
    },
  };
}
