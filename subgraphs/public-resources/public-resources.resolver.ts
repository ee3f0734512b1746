/** `Subject.publicResources` and the trading office frontend's mutations. Thin: args → validation → repo → result. */
import type { Selectable } from "kysely";
import { createValidationError } from "../../shared/errors.js";
import { fenToYuan } from "../../shared/money.js";
import { recordResolver } from "../../shared/records/department.js";
import { correctRecord, recordRecord } from "../../shared/records/writes.js";
import { toRecordFields } from "../../shared/records/fields.js";
import { todayInChina } from "../../shared/scalars.js";
import type { PublicResourcesContext } from "./context.js";
import type { TradingBidTable, TradingRecordTable } from "./db.js";
import { checkPoints, computePointsValidUntil, computeWarningStatus, WARNING_THRESHOLD_POINTS } from "./policy.js";
import { CorrectTradingRecordInput, PublicResourcesProfile, RecordTradingRecordInput, type TradingBid, TradingRecord } from "./public-resources.type.js";

/** Bids listed on a profile (`recentBids`). */
const RECENT_BIDS = 20;

const toBid = (r: Selectable<TradingBidTable>): TradingBid => ({
  id: r.id,
  projectNo: r.project_no,
  projectName: r.project_name,
  bidOn: r.bid_on,
  amount: fenToYuan(r.amount_fen),
  awarded: r.awarded === 1,
});

const toTradingRecord = (r: Selectable<TradingRecordTable>, today?: string): TradingRecord => ({
  ...toRecordFields(r, today),
  points: r.points,
  pointsValidUntil: computePointsValidUntil(r.decided_on),
});

function assertPoints(points: unknown): void {
  const problem = checkPoints(points);
  if (problem) throw createValidationError([{ field: "points", message: problem }]);
}

export const PublicResourcesResolver = recordResolver({
  name: "public-resources",
  profile: PublicResourcesProfile,
  record: TradingRecord,
  recordInput: RecordTradingRecordInput,
  correctInput: CorrectTradingRecordInput,
  toRecord: (r: Selectable<TradingRecordTable>) => toTradingRecord(r),
  describe: {
    subject: "A credit subject, as the public resources trading office sees it.",
    profile: "Public resources trading profile from the trading office (市公管办); null only when the trading office is unavailable.",
    record: "Records a bad-behaviour decision with its points (不良行为记分); its publicity end date follows from its severity.",
    recordInput: "The record to add.",
    correct: "Corrects an active bad-behaviour record (更正), its points included; the publicity end date follows.",
    correctInput: "The corrected fields.",
    close:
      "Removes a bad-behaviour record on a legal basis (court decision, decision revoked); its points stop counting. Never a repair: repairs go through applyForCreditRepair.",
    closedOn: "Date of the removal; not in the future.",
  },
  write: {
    record(ctx: PublicResourcesContext, input) {
      assertPoints(input.points);
      const { points, ...fields } = input;
      return recordRecord(ctx.records, fields, { points });
    },
    correct(ctx: PublicResourcesContext, id, input) {
      const { points, ...fields } = input;
      if (points !== undefined && points !== null) assertPoints(points);
      return correctRecord(ctx.records, id, fields, points === undefined || points === null ? {} : { points });
    },
  },
  async resolveProfile(subjectId: string, ctx: PublicResourcesContext): Promise<PublicResourcesProfile> {
    const [bids, records] = await Promise.all([ctx.loaders.bids.load(subjectId), ctx.loaders.records.load(subjectId)]);
    const today = todayInChina();
    const won = bids.filter((b) => b.awarded === 1);
    const warning = computeWarningStatus(records, today);
    return {
      bids: bids.length,
      awards: won.length,
      awardedAmount: fenToYuan(won.reduce((sum, b) => sum + b.amount_fen, 0)),
      recentBids: bids.slice(0, RECENT_BIDS).map(toBid),
      activePoints: warning.activePoints,
      onWarningList: warning.onWarningList,
      warningThreshold: WARNING_THRESHOLD_POINTS,
      records: records.map((r) => toTradingRecord(r, today)),
    };
  },
});
