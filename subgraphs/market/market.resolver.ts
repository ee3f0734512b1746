/** `Subject.market` and the market supervision frontend's mutations. Thin: args → validation → repo → result. */
import type { Selectable } from "kysely";
import { Arg, Ctx, Directive, ID, Mutation, Resolver } from "type-graphql";
import { recordResolver } from "../../shared/records/department.js";
import { correctRecord, recordRecord } from "../../shared/records/writes.js";
import { toRecordFields } from "../../shared/records/fields.js";
import { writeRecordsOf } from "../../shared/scopes.js";
import { createValidationError } from "../../shared/errors.js";
import { DateScalar, todayInChina } from "../../shared/scalars.js";
import { listedDays, removeFromAbnormalOperations } from "./abnormal-list.js";
import type { MarketContext } from "./context.js";
import type { MarketRecordTable } from "./db.js";
import { findMarketRecord } from "./market.repo.js";
import {
  AbnormalOperationsCause,
  CorrectMarketRecordInput,
  MarketProfile,
  MarketRecord,
  MarketRecordCategory,
  RecordMarketRecordInput,
} from "./market.type.js";

const CAUSES: readonly string[] = Object.values(AbnormalOperationsCause);

/**
 * The cause rule of 《经营异常名录管理办法》: an abnormal operations listing states one of the four
 * statutory causes; no other record has one. Returns the problem, or null when the pair is valid.
 * Shared by the mutations and the import (app.ts).
 */
export function checkAbnormalCause(category: string, cause: string | null | undefined): string | null {
  if (category === MarketRecordCategory.ABNORMAL_OPERATIONS) {
    if (cause === null || cause === undefined) return "is required when the category is ABNORMAL_OPERATIONS";
    if (!CAUSES.includes(cause)) return `must be one of ${CAUSES.join(", ")}, got "${cause}"`;
    return null;
  }
  return cause === null || cause === undefined ? null : `must be absent unless the category is ABNORMAL_OPERATIONS (category is ${category})`;
}

function assertAbnormalCause(category: string, cause: string | null | undefined): void {
  const problem = checkAbnormalCause(category, cause);
  if (problem) throw createValidationError([{ field: "abnormalCause", message: problem }]);
}

export const toMarketRecord = (r: Selectable<MarketRecordTable>, today?: string): MarketRecord => ({
  ...toRecordFields(r, today),
  abnormalCause: r.abnormal_cause,
  causeFixedOn: r.cause_fixed_on ?? null,
  listedDays: listedDays(r, today),
});

const MarketRecords = recordResolver({
  name: "market",
  profile: MarketProfile,
  record: MarketRecord,
  recordInput: RecordMarketRecordInput,
  correctInput: CorrectMarketRecordInput,
  toRecord: (r: Selectable<MarketRecordTable>) => toMarketRecord(r),
  describe: {
    subject: "A credit subject, as the market supervision administration sees it.",
    profile: "Market supervision profile from the market supervision administration (市市场监管局); null only when market supervision is unavailable.",
    record:
      "Records a market supervision record (penalty or list entry); its publicity end date follows from its rule set (decision date, category, severity, a low fine). An abnormal operations listing needs its cause and is public until removed.",
    recordInput: "The record to add.",
    correct: "Corrects an active market supervision record (更正); the publicity end date follows.",
    correctInput: "The corrections.",
    close:
      "Removes a market supervision record on a legal basis (court decision, decision revoked); it stops counting and is never a repair — repairs go through applyForCreditRepair, removal from the 经营异常名录 once fixed through removeFromAbnormalOperations.",
    closedOn: "Date of the repair or removal; not in the future.",
  },
  write: {
    record(ctx: MarketContext, input) {
      assertAbnormalCause(input.category, input.abnormalCause);
      return recordRecord(ctx.records, input, { abnormal_cause: input.abnormalCause ?? null });
    },
    async correct(ctx: MarketContext, id, input) {
      const current = await findMarketRecord(ctx.db, id);
      // An unknown record: correctRecord answers NOT_FOUND.
      if (!current) return correctRecord(ctx.records, id, input);
      const category = input.category ?? current.category;
      const cause =
        input.abnormalCause !== undefined ? input.abnormalCause : category === MarketRecordCategory.ABNORMAL_OPERATIONS ? current.abnormal_cause : null;
      assertAbnormalCause(category, cause);
      return correctRecord(ctx.records, id, input, { abnormal_cause: cause });
    },
  },
  async resolveProfile(subjectId: string, ctx: MarketContext): Promise<MarketProfile> {
    const [rows, complaints] = await Promise.all([ctx.loaders.records.load(subjectId), ctx.loaders.complaints.load(subjectId)]);
    const today = todayInChina();
    const records = rows.map((r) => toMarketRecord(r, today));
    const active = (category: MarketRecordCategory) => records.some((r) => r.category === category && r.status === "ACTIVE");
    return {
      penalties: records.filter((r) => r.category === MarketRecordCategory.ADMINISTRATIVE_PENALTY),
      abnormalOperations: records.filter((r) => r.category === MarketRecordCategory.ABNORMAL_OPERATIONS),
      onAbnormalOperationsList: active(MarketRecordCategory.ABNORMAL_OPERATIONS),
      seriousViolation: active(MarketRecordCategory.SERIOUS_VIOLATION),
      complaints: complaints.length,
      upheldComplaints: complaints.filter((c) => c.upheld === 1).length,
      records,
    };
  },
});

/** The market supervision resolver: its records' and, of its own, the removal from the 经营异常名录. */
@Resolver(() => MarketRecords.subject)
export class MarketResolver extends MarketRecords {
  @Directive(writeRecordsOf("market"))
  @Mutation(() => MarketRecord, {
    description:
      "Removes a listing from the 经营异常名录 (移出) once its cause is fixed: REMOVED today, its publicity ending today, no longer counting; the change (before and after) is audited. Only an ACTIVE ABNORMAL_OPERATIONS record (CONFLICT otherwise).",
  })
  async removeFromAbnormalOperations(
    @Arg("id", () => ID, { description: "The listing (an ABNORMAL_OPERATIONS record)." }) id: string,
    @Arg("causeFixedOn", () => DateScalar, { description: "The day the cause was fixed (纠正日期): not before the listing, not in the future." })
    causeFixedOn: string,
    @Arg("basis", () => String, { description: "移出依据: how the cause was fixed, e.g. the annual report published, 1–200 characters." }) basis: string,
    @Ctx() ctx: MarketContext,
  ): Promise<MarketRecord> {
    return toMarketRecord(await removeFromAbnormalOperations(ctx.records, id, causeFixedOn, basis));
  }
}
