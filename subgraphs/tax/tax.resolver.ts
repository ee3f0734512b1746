/** `Subject.tax` and the tax frontend's mutations. Thin: args → validation → repo → result. */
import type { Selectable } from "kysely";
import { Arg, Ctx, Directive, Mutation, Resolver } from "type-graphql";
import { recordResolver } from "../../shared/records/department.js";
import { toRecordFields } from "../../shared/records/fields.js";
import { writeRecordsOf } from "../../shared/scopes.js";
import { createError, createValidationError, ErrorCodes } from "../../shared/errors.js";
import { fenToYuan, yuanToFen } from "../../shared/money.js";
import { todayInChina } from "../../shared/scalars.js";
import type { TaxContext } from "./context.js";
import type { TaxArrearsTable, TaxViolationTable } from "./db.js";
import { recordPayment } from "./tax.repo.js";
import { CorrectTaxViolationInput, RecordArrearsPaymentInput, RecordTaxViolationInput, TaxArrears, TaxProfile, TaxViolation } from "./tax.type.js";

const toArrears = (r: Selectable<TaxArrearsTable>): TaxArrears => ({
  id: r.id,
  subjectId: r.subject_id,
  taxType: r.tax_type,
  amount: fenToYuan(r.amount_fen),
  paid: fenToYuan(r.paid_fen),
  outstanding: fenToYuan(r.amount_fen - r.paid_fen),
  dueOn: r.due_on,
  settledOn: r.settled_on,
});

const toViolation = (r: Selectable<TaxViolationTable>, today?: string): TaxViolation => toRecordFields(r, today);

const TaxRecords = recordResolver({
  name: "tax",
  profile: TaxProfile,
  record: TaxViolation,
  recordInput: RecordTaxViolationInput,
  correctInput: CorrectTaxViolationInput,
  toRecord: (r: Selectable<TaxViolationTable>) => toViolation(r),
  describe: {
    subject: "A credit subject, as the tax bureau sees it.",
    profile: "Tax credit profile from the tax bureau (市税务局); null only when the tax bureau is unavailable.",
    record: "Records a tax violation decision; its publicity end date follows from its severity.",
    recordInput: "The violation to record.",
    correct: "Corrects an active tax violation record (更正); the publicity end date follows.",
    correctInput: "The corrected fields; omitted ones stay.",
    close:
      "Removes a tax violation record on a legal basis (court decision, decision revoked); it stops counting and is never a repair — repairs go through applyForCreditRepair.",
    closedOn: "Date of the removal; not in the future.",
  },
  async resolveProfile(subjectId: string, ctx: TaxContext): Promise<TaxProfile> {
    const [ratings, arrears, rows] = await Promise.all([
      ctx.loaders.ratings.load(subjectId),
      ctx.loaders.arrears.load(subjectId),
      ctx.loaders.records.load(subjectId),
    ]);
    const today = todayInChina();
    const records = rows.map((v) => toViolation(v, today));
    const ratingList = ratings.map((r) => ({ year: r.year, level: r.level, score: r.score, directJudgement: r.direct_judgement === 1 }));
    const arrearsList = arrears.map(toArrears);
    return {
      latestRating: ratingList[0] ?? null,
      ratings: ratingList,
      arrears: arrearsList,
      outstandingArrears: arrearsList.reduce((sum, a) => sum + Math.round(a.outstanding * 100), 0) / 100,
      records,
      violations: records,
    };
  },
});

/** The tax bureau's resolver: its records' and, of its own, arrears payments. */
@Resolver(() => TaxRecords.subject)
export class TaxResolver extends TaxRecords {
  @Directive(writeRecordsOf("tax"))
  @Mutation(() => TaxArrears, { description: "Records a payment against arrears; settles them when paid in full. Overpayment is refused." })
  async recordArrearsPayment(
    @Arg("input", () => RecordArrearsPaymentInput, { description: "The payment to record." }) input: RecordArrearsPaymentInput,
    @Ctx() ctx: TaxContext,
  ): Promise<TaxArrears> {
    const problems: { field: string; message: string }[] = [];
    const money = yuanToFen(input.amount, { positive: true });
    if ("problem" in money) problems.push({ field: "amount", message: money.problem });
    if (input.paidOn > todayInChina()) problems.push({ field: "paidOn", message: `${input.paidOn} is in the future` });
    if (problems.length > 0 || "problem" in money) throw createValidationError(problems);
    const outcome = await recordPayment(ctx.db, ctx.records.scope, input.arrearsId, money.fen, input.paidOn);
    if (outcome.ok) return toArrears(outcome.arrears);
    if (outcome.reason === "NOT_FOUND") throw createError(ErrorCodes.NOT_FOUND, `No arrears record "${input.arrearsId}"`);
    if (outcome.reason === "BEFORE_DUE")
      throw createValidationError([{ field: "paidOn", message: `${input.paidOn} is before the tax fell due on ${outcome.dueOn}` }]);
    throw createError(ErrorCodes.CONFLICT, `Payment of ${input.amount} exceeds the outstanding ${fenToYuan(outcome.outstandingFen ?? 0)} yuan`, {
      outstanding: fenToYuan(outcome.outstandingFen ?? 0),
    });
  }
}
