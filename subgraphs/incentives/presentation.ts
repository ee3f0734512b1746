/**
 * A partner's side of the 个人诚信码 (shared/presentation.ts): a presented code read back to the
 * person it names, and its uses counted — the first use fixes its offer and partner; it serves one
 * check and one redemption, before it expires. Each use is one guarded statement (an insert, or an
 * UPDATE … WHERE the use is still open), so two partners or two requests racing with the same
 * code cannot both use it. A redemption's use carries its idempotency key: the same redemption
 * retried, even while the first is in flight, is the same use (the ledger then replays it).
 */
import type { Kysely } from "kysely";
import { createError, ErrorCodes } from "../../shared/errors.js";
import { parseSubjectId, parseUscc, type ParsedSubjectId } from "../../shared/ids.js";
import { personIdCandidates } from "../../shared/masking.js";
import { codeKey, readPresentation } from "../../shared/presentation.js";
import type { IncentivesContext } from "./context.js";
import type { IncentivesDB } from "./db.js";

export type PresentationUse = "checks" | "redemptions";

const refused = (reason: string) => createError(ErrorCodes.PRESENTATION_REFUSED, `Presented 个人诚信码 refused: ${reason}`);

/** Counts one use of presentation `id` for this offer and partner; false when it is used up or bound elsewhere. */
export async function usePresentation(
  db: Kysely<IncentivesDB>,
  use: { id: string; offerId: string; partner: string; kind: PresentationUse; expiresAt: Date; key?: string },
): Promise<boolean> {
  const key = use.kind === "redemptions" ? (use.key ?? null) : null;
  const inserted = await db
    .insertInto("presentation_uses")
    .values({
      id: use.id,
      offer_id: use.offerId,
      partner: use.partner,
      checks: use.kind === "checks" ? 1 : 0,
      redemptions: use.kind === "redemptions" ? 1 : 0,
      redemption_key: key,
      expires_at: use.expiresAt.toISOString(),
    })
    .onConflict((oc) => oc.column("id").doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  const updated = await db
    .updateTable("presentation_uses")
    .set(use.kind === "checks" ? { checks: 1 } : { redemptions: 1, redemption_key: key })
    .where("id", "=", use.id)
    .where("offer_id", "=", use.offerId)
    .where("partner", "=", use.partner)
    // Open, or (a redemption) the same one again: its idempotency key decides what is written.
    .where((eb) => (key === null ? eb(use.kind, "<", 1) : eb.or([eb(use.kind, "<", 1), eb("redemption_key", "=", key)])))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Whether usePresentation would count this use now: a read, so a used-up code is refused before anything costly. */
async function presentationUsable(
  db: Kysely<IncentivesDB>,
  use: { id: string; offerId: string; partner: string; kind: PresentationUse; key?: string },
): Promise<boolean> {
  const row = await db.selectFrom("presentation_uses").selectAll().where("id", "=", use.id).executeTakeFirst();
  if (!row) return true;
  if (row.offer_id !== use.offerId || row.partner !== use.partner) return false;
  return Number(row[use.kind]) < 1 || (use.kind === "redemptions" && use.key !== undefined && row.redemption_key === use.key);
}

/**
 * The refusal of a person named by ID number, whoever calls: one message and code for every ID —
 * registered, unknown, lower-case x, full-width, spaced — so it tells nothing of who exists.
 */
const presentationRequired = (field: string) =>
  createError(
    ErrorCodes.PRESENTATION_REQUIRED,
    `${field}subjectId names a person: a partner checks or redeems for a person only by the 个人诚信码 they present — scan their 诚信码 and pass its token as ${field}presentation`,
  );

/**
 * Whether a subjectId is to be read as a person's ID number: anything the masking reads as one
 * (18 digits however written: full-width, grouped, a lower-case x, in text) unless it is a valid
 * USCC that is not also a valid person ID (the gateway's masking keeps the same ones public).
 */
function namesAPerson(value: string): boolean {
  const parsed = parseSubjectId(value);
  if (parsed.ok) return parsed.value.kind === "PERSON";
  return personIdCandidates(value).length > 0;
}

/**
 * The subject a partner's call names: an organisation by its public USCC (`subjectId`), a person
 * only by the code they present (`presentation`), with `use()` to count this use of the code (a
 * no-op for an organisation). Exactly one of the two.
 *
 * A person's ID number is refused (PRESENTATION_REQUIRED) before anything is read, for every
 * caller of these fields — partners, and `admin` too: a check or a redemption for a person is
 * bound to the person showing their code at that moment, with their consent. Nobody else needs a
 * bare-ID path here: analysts (`profile:read`) read `Subject.eligibleIncentives`, audited and
 * masked without `pii:read`; platform services (`service:*`) hold only `profile:read` (shared/scopes.ts
 * SERVICE_SCOPES) and never call these fields; the seeder writes the ledger directly.
 */
export async function subjectOfCall(
  ctx: IncentivesContext,
  call: {
    subjectId?: string | null;
    presentation?: string | null;
    offerId: string;
    kind: PresentationUse;
    field: string;
    /** A redemption's idempotency key: the same redemption retried (even concurrently) is one use. */
    key?: string;
  },
): Promise<{ subject: ParsedSubjectId; usable(): Promise<void>; use(db?: Kysely<IncentivesDB>): Promise<void> }> {
  if (call.subjectId != null && namesAPerson(call.subjectId)) throw presentationRequired(call.field);
  if ((call.subjectId == null) === (call.presentation == null)) {
    throw createError(
      ErrorCodes.BAD_USER_INPUT,
      `${call.field}: give exactly one of subjectId (an organisation's USCC) and presentation (a person's presented 诚信码)`,
    );
  }
  if (call.subjectId != null) {
    const parsed = parseUscc(call.subjectId);
    if (!parsed.ok) throw createError(ErrorCodes.BAD_USER_INPUT, `Invalid ${call.field}subjectId "${call.subjectId}": ${parsed.problem.message}`);
    return { subject: parsed.value, usable: async () => undefined, use: async () => undefined };
  }
  const config = ctx.config!;
  const read = await readPresentation(call.presentation!, codeKey(config.codes.keyFile, config.dataDir).publicKeyPem, config.gatewaySecret);
  if (!read.ok) throw refused(read.reason);
  const person = parseSubjectId(read.presentation.subjectId);
  if (!person.ok) throw refused("it names no valid subject");
  const { id, expiresAt } = read.presentation;
  const use = { id, offerId: call.offerId, partner: ctx.caller.sub, kind: call.kind, expiresAt, key: call.key };
  const usedUp = () =>
    refused(`it was already used for ${call.kind === "checks" ? "a check" : "a redemption"}, or for another offer or partner: ask for a fresh code`);
  return {
    subject: person.value,
    async usable() {
      if (!(await presentationUsable(ctx.db, use))) throw usedUp();
    },
    async use(db = ctx.db) {
      if (!(await usePresentation(db, use))) throw usedUp();
    },
  };
}
