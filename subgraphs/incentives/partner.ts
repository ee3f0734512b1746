/**
 * What partners may ask, and how the answer is found: a partner's token names its offers (claim
 * `offers`); the live eligibility is read through the gateway as the incentives service, acting
 * for the partner (audited so), since a root field cannot `@requires` and a partner must never
 * hold `profile:read`. Only the yes/no leaves this file.
 */
import type { Caller } from "../../shared/caller.js";
import { createError, ErrorCodes } from "../../shared/errors.js";
import type { ParsedSubjectId } from "../../shared/ids.js";
import { Scopes } from "../../shared/scopes.js";
import type { Offer } from "./catalogue.js";
import type { IncentivesContext } from "./context.js";

/** The offer a partner names, if its token is bound to it (admins: any). */
export function boundOffer(ctx: IncentivesContext, offerId: string): Offer {
  const offer = ctx.catalogue.offers.find((o) => o.id === offerId);
  if (!offer) throw createError(ErrorCodes.NOT_FOUND, `No offer "${offerId}" in the catalogue`);
  if (!isAdmin(ctx.caller) && !(ctx.caller.offers ?? []).includes(offer.id)) {
    throw createError(ErrorCodes.FORBIDDEN, `This token is not bound to offer "${offer.id}" (its offers claim)`);
  }
  return offer;
}

const isAdmin = (caller: Caller) => caller.scopes.includes(Scopes.ADMIN);

/**
 * The largest amount one redemption may record, in fen: the catalogue's `amountFen.max` (a service
 * none, a coupon its face value). One partner cannot spend a shared budget in a single call. The
 * whole rule, minimum too, is applied again by the ledger (catalogue.ts `amountProblem`).
 */
export const maxAmountFen = (offer: Offer): number => offer.amountFen.max;

const QUERY = `query IncentiveEligibility($id: ID!, $offer: ID!) {
  subject(id: $id) { district creditCode { consents } eligibleIncentives(includeIneligible: true, offerIds: [$offer]) { status } }
}`;

interface Answer {
  subject: { district: string; creditCode: { consents: string[] } | null; eligibleIncentives: { status: string }[] | null } | null;
}

/** `mayRecord`: a person consented to partners recording their benefits (INCENTIVE_REDEEM); organisations always. */
type Verdict = { eligible: boolean; district: string | null; mayRecord: boolean };

/** Reads in flight: identical concurrent questions (a partner's burst for one subject) share one read. */
const inFlight = new Map<string, Promise<Verdict>>();

/**
 * Whether the subject may use the offer now, and its district: eligible only when the live
 * evaluation says ELIGIBLE. An unknown subject, an unregistered person, an incomplete evaluation
 * and an ineligible subject are all "no". Throws only when the gateway itself cannot answer.
 * Nothing is cached: a question asked while the same one is in flight joins it, no later answer is reused.
 */
export function readEligibility(ctx: IncentivesContext, subject: ParsedSubjectId, offer: Offer): Promise<Verdict> {
  const key = JSON.stringify([ctx.caller.sub, ctx.caller.purpose ?? null, subject.id, offer.id]);
  let verdict = inFlight.get(key);
  if (!verdict) {
    verdict = read(ctx, subject, offer).finally(() => inFlight.delete(key));
    inFlight.set(key, verdict);
  }
  return verdict;
}

async function read(ctx: IncentivesContext, { id: subjectId, kind }: ParsedSubjectId, offer: Offer): Promise<Verdict> {
  if (!ctx.gateway) throw createError(ErrorCodes.DOWNSTREAM_SERVICE_ERROR, "No gateway configured for the incentives service", { department: "gateway" });
  const purpose = `信易+资格核验 ${offer.id}（合作方 ${ctx.caller.sub}）：${ctx.caller.purpose ?? "未说明"}`;
  const answer = await ctx.gateway<Answer>(QUERY, { id: subjectId, offer: offer.id }, { actingFor: ctx.caller.sub, purpose });
  const subject = answer.data?.subject;
  if (!subject && answer.errors?.some((e) => e.extensions?.code === "AUDIT_UNAVAILABLE" || e.extensions?.code === "RATE_LIMITED")) {
    throw createError(ErrorCodes.DOWNSTREAM_SERVICE_ERROR, "The gateway cannot answer now; retry later", { department: "gateway" });
  }
  const eligible = subject?.eligibleIncentives?.[0]?.status === "ELIGIBLE";
  const mayRecord = kind !== "PERSON" || (subject?.creditCode?.consents ?? []).includes("INCENTIVE_REDEEM");
  return { eligible, district: subject?.district ?? null, mayRecord };
}
