/** `Subject.transport` and the transport frontend's mutations: the bureau's profile of a subject, made from its rows. */
import type { Selectable } from "kysely";
import { fenToYuan } from "../../shared/money.js";
import { recordResolver } from "../../shared/records/department.js";
import { toRecordFields } from "../../shared/records/fields.js";
import { todayInChina } from "../../shared/scalars.js";
import type { TransportContext } from "./context.js";
import type { TransportCouponUseTable, TransportRecordTable } from "./db.js";
import {
  CorrectTransportRecordInput,
  type CouponUse,
  RecordTransportRecordInput,
  TransportProfile,
  TransportRecord,
  TransportRecordCategory,
} from "./transport.type.js";

/** How many coupon uses `recentCouponUses` lists. */
const RECENT_COUPON_USES = 20;

const toRecord = (r: Selectable<TransportRecordTable>, today?: string): TransportRecord => toRecordFields(r, today);

const toCouponUse = (r: Selectable<TransportCouponUseTable>): CouponUse => ({
  id: r.id,
  usedOn: r.used_on,
  scenario: r.scenario,
  discount: fenToYuan(r.discount_fen),
});

export const TransportResolver = recordResolver({
  name: "transport",
  profile: TransportProfile,
  record: TransportRecord,
  recordInput: RecordTransportRecordInput,
  correctInput: CorrectTransportRecordInput,
  toRecord: (r: Selectable<TransportRecordTable>) => toRecord(r),
  describe: {
    subject: "A credit subject, as the transport bureau sees it.",
    profile: "Transport credit profile from the transport bureau (市交通运输局); null only when the transport bureau is unavailable.",
    record: "Records a transport decision (交通运输处理决定); its publicity end date follows from its severity.",
    recordInput: "The decision to record.",
    correct: "Corrects an active transport record (更正); the publicity end date follows.",
    correctInput: "The corrected fields.",
    close:
      "Removes a transport record on a legal basis (court decision, decision revoked); it stops counting. Never a repair: repairs go through applyForCreditRepair.",
    closedOn: "Date of the removal; not in the future.",
  },
  async resolveProfile(subjectId: string, ctx: TransportContext): Promise<TransportProfile> {
    const [records, couponUses] = await Promise.all([ctx.loaders.records.load(subjectId), ctx.loaders.couponUses.load(subjectId)]);
    const today = todayInChina();
    const recordList = records.map((r) => toRecord(r, today));
    const arrearsFen = records
      .filter((r, k) => r.category === TransportRecordCategory.PARKING_ARREARS && recordList[k].status === "ACTIVE")
      .reduce((sum, r) => sum + (r.amount_fen ?? 0), 0);
    return {
      couponUses: couponUses.length,
      couponSavings: fenToYuan(couponUses.reduce((sum, c) => sum + c.discount_fen, 0)),
      parkingArrears: fenToYuan(arrearsFen),
      records: recordList,
      recentCouponUses: couponUses.slice(0, RECENT_COUPON_USES).map(toCouponUse),
    };
  },
});
