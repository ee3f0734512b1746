/** Partners: `checkEligibility`, `redeemIncentive`, `reverseRedemption`. Thin: args → checks → ledger. */
import { Arg, Ctx, Directive, ID, Mutation, Query, Resolver } from "type-graphql";
import { createError, createValidationError, ErrorCodes } from "../../shared/errors.js";
import { fenToYuan, yuanToFen } from "../../shared/money.js";
import { reportChange } from "../../shared/record-changes.js";
import { requiresAnyScope, Scopes } from "../../shared/scopes.js";
import { checkText } from "../../shared/text.js";
import type { IncentivesContext } from "./context.js";
import type { RedemptionRow } from "./db.js";
import { EligibilityCheck, RedeemIncentiveInput, Redemption } from "./incentive.type.js";
import {
  appendRedemption,
  appendReversal,
  findByIdempotencyKey,
  findRedemption,
  quotaError,
  quotaExhausted,
  recordCheck,
  sameRedemption,
} from "./ledger.repo.js";
import { quotaPeriodOf } from "./catalogue.js";
import { todayInChina } from "../../shared/scalars.js";
import { boundOffer, maxAmountFen, readEligibility } from "./partner.js";
import { subjectOfCall } from "./presentation.js";

const CHECK = requiresAnyScope(Scopes.ELIGIBILITY_CHECK, Scopes.ADMIN);
const REDEEM = requiresAnyScope(Scopes.INCENTIVE_REDEEM, Scopes.ADMIN);
const KEY = /^[A-Za-z0-9_-]{8,100}$/;

const toRedemption = (row: RedemptionRow, replayed = false): Redemption => ({
  id: row.id,
  subjectId: row.subject_id,
  offerId: row.offer_id,
  scenario: row.scenario,
  action: row.action,
  amount: fenToYuan(row.amount_fen),
  channel: row.channel,
  reverses: row.reverses,
  recordedAt: row.redeemed_at,
  replayed,
});

const notEligible = () => createError(ErrorCodes.NOT_ELIGIBLE, "The subject may not use this offer now");

@Resolver()
export class PartnerResolver {
  @Directive(CHECK)
  @Query(() => EligibilityCheck, {
    description:
      "A partner's yes/no: may this subject use my offer now? Never records, score, level or colour. Audited with the partner and purpose (X-Purpose).",
  })
  async checkEligibility(
    @Arg("subjectId", () => ID, {
      nullable: true,
      description: "An organisation's USCC (public). A person is checked by the code they present (presentation), not by ID number.",
    })
    subjectId: string | undefined,
    @Arg("offerId", () => ID, { description: "One of the offers the partner's token names." }) offerId: string,
    @Arg("presentation", () => String, {
      nullable: true,
      description: "The token of the 个人诚信码 the person shows (issueCodePresentation): one check and one redemption, for one offer, within 5 minutes.",
    })
    presentation: string | undefined,
    @Ctx() ctx: IncentivesContext,
  ): Promise<EligibilityCheck> {
    const offer = boundOffer(ctx, offerId);
    const named = await subjectOfCall(ctx, { subjectId, presentation, offerId: offer.id, kind: "checks", field: "" });
    await named.use();
    const subject = named.subject;
    const { eligible } = await readEligibility(ctx, subject, offer);
    const check = await recordCheck(ctx.db, { partner: ctx.caller.sub, offerId: offer.id, subjectId: subject.id, eligible, purpose: ctx.caller.purpose });
    return { checkId: check.id, offerId: offer.id, eligible, checkedAt: check.at };
  }

  @Directive(REDEEM)
  @Mutation(() => Redemption, {
    description:
      "Records a benefit used (or a coupon issued) after re-checking eligibility. The same idempotencyKey returns the first result and writes once; quotas are never exceeded (QUOTA_EXHAUSTED).",
  })
  async redeemIncentive(
    @Arg("input", () => RedeemIncentiveInput, { description: "The redemption." }) input: RedeemIncentiveInput,
    @Ctx() ctx: IncentivesContext,
  ) {
    const offer = boundOffer(ctx, input.offerId);
    const action = input.action ?? "USE";
    const named = await subjectOfCall(ctx, { ...input, offerId: offer.id, kind: "redemptions", field: "input.", key: input.idempotencyKey });
    const parsed = { ok: true as const, value: named.subject };
    const amount = yuanToFen(input.amount);
    const most = maxAmountFen(offer);
    const amountProblem = "problem" in amount ? amount.problem : amount.fen > most ? `must be at most ${most / 100} yuan for offer ${offer.id}` : undefined;
    const channel = checkText("input.channel", input.channel, 40);
    const problems = [
      ...(amountProblem ? [{ field: "input.amount", message: amountProblem }] : []),
      ...(channel.problem ? [channel.problem] : []),
      ...(KEY.test(input.idempotencyKey) ? [] : [{ field: "input.idempotencyKey", message: "must be 8–100 of A–Z a–z 0–9 _ -" }]),
      ...(action === "ISSUE" && offer.kind !== "COUPON"
        ? [{ field: "input.action", message: `ISSUE is for COUPON offers; ${offer.id} is ${offer.kind}` }]
        : []),
    ];
    if (problems.length > 0 || "problem" in amount) throw createValidationError(problems);
    const fen = amount.fen;
    const subjectId = parsed.value.id;
    const earlier = await findByIdempotencyKey(ctx.db, ctx.caller.sub, input.idempotencyKey);
    if (earlier) {
      if (!sameRedemption(earlier, { offer_id: offer.id, subject_id: subjectId, amount_fen: fen, action })) {
        throw createError(ErrorCodes.CONFLICT, "This idempotencyKey was used for a different redemption");
      }
      return toRedemption(earlier, true);
    }
    const today = todayInChina();
    // A used-up quota is refused before the (costly) live eligibility read.
    if (offer.quota && (await quotaExhausted(ctx.db, offer, today))) throw quotaError(offer, quotaPeriodOf(offer.quota.period, today));
    // A used-up code is refused before the live read; its use is counted with the entry, in one transaction.
    await named.usable();
    const { eligible, district, mayRecord } = await readEligibility(ctx, parsed.value, offer);
    // The same answer for every "no": unknown, ineligible, or a person who did not consent to records of their benefits.
    if (!eligible || !district || !mayRecord) throw notEligible();
    const { row, replayed } = await appendRedemption(
      ctx.db,
      offer,
      {
        partner: ctx.caller.sub,
        idempotency_key: input.idempotencyKey,
        offer_id: offer.id,
        scenario: offer.scenario,
        offer_kind: offer.kind,
        subject_id: subjectId,
        subject_kind: parsed.value.kind,
        district,
        action,
        amount_fen: fen,
        channel: channel.text,
      },
      named.use,
    );
    if (!replayed) reportChange(ctx.scope, { department: "incentives", recordId: row.id, subjectId, action: "REDEEM", before: null, after: { ...row } });
    return toRedemption(row, replayed);
  }

  @Directive(REDEEM)
  @Mutation(() => Redemption, { description: "Corrects a ledger entry by appending its reversal (never deleting); the quota is given back." })
  async reverseRedemption(
    @Arg("redemptionId", () => ID, { description: "The entry to reverse (the partner's own)." }) redemptionId: string,
    @Arg("reason", () => String, { description: "Why (1–200 characters)." }) reason: string,
    @Ctx() ctx: IncentivesContext,
  ) {
    const why = checkText("reason", reason, 200);
    if (why.problem) throw createValidationError([why.problem]);
    const original = await findRedemption(ctx.db, redemptionId);
    const admin = ctx.caller.scopes.includes(Scopes.ADMIN);
    if (!original || (!admin && original.partner !== ctx.caller.sub)) throw createError(ErrorCodes.NOT_FOUND, `No entry ${redemptionId} of this partner`);
    if (original.sign < 0) throw createError(ErrorCodes.CONFLICT, "A reversal cannot be reversed");
    const offer = admin ? ctx.catalogue.offers.find((o) => o.id === original.offer_id) : boundOffer(ctx, original.offer_id);
    const row = await appendReversal(ctx.db, offer, original, ctx.caller.sub, why.text);
    reportChange(ctx.scope, {
      department: "incentives",
      recordId: row.id,
      subjectId: row.subject_id,
      action: "REVERSE",
      before: { ...original },
      after: { ...row },
    });
    return toRedemption(row);
  }
}
