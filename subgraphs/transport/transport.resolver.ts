/** `Subject.transport` and the transport frontend's mutations. Thin: args → validation → repo → result. */
import { Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import { fenToYuan } from "../../shared/money.js";
import { recordMutations } from "../../shared/records/mutations.js";
import { toRecordFields } from "../../shared/records/fields.js";
import { todayInChina } from "../../shared/scalars.js";
import { readRecordsOf } from "../../shared/scopes.js";
import type { TransportContext } from "./context.js";
import type { TransportCouponUseRow, TransportRecordRow } from "./db.js";
import {
  CorrectTransportRecordInput,
  type CouponUse,
  RecordTransportRecordInput,
  TransportProfile,
  TransportRecord,
  TransportRecordCategory,
  TransportSubject,
} from "./transport.type.js";

/** How many coupon uses `recentCouponUses` lists. */
const RECENT_COUPON_USES = 20;

const toRecord = (r: TransportRecordRow, today?: string): TransportRecord => toRecordFields(r, today);

const toCouponUse = (r: TransportCouponUseRow): CouponUse => ({ id: r.id, usedOn: r.used_on, scenario: r.scenario, discount: fenToYuan(r.discount_fen) });

const TransportRecordMutations = recordMutations({
  department: "transport",
  type: "TransportRecord",
  record: TransportRecord,
  recordInput: RecordTransportRecordInput,
  correctInput: CorrectTransportRecordInput,
  toRecord: (r: TransportRecordRow) => toRecord(r),
  describe: {
    record: "Records a transport decision (交通运输处理决定); its publicity end date follows from its severity.",
    recordInput: "The decision to record.",
    correct: "Corrects an active transport record (更正); the publicity end date follows.",
    correctInput: "The corrected fields.",
    close:
      "Removes a transport record on a legal basis (court decision, decision revoked); it stops counting. Never a repair: repairs go through applyForCreditRepair.",
    closedOn: "Date of the removal; not in the future.",
  },
});

@Resolver(() => TransportSubject)
export class TransportResolver extends TransportRecordMutations {
  @Directive(readRecordsOf("transport"))
  @FieldResolver(() => TransportProfile, {
    nullable: true,
    description: "Transport credit profile from the transport bureau (市交通运输局); null only when the transport bureau is unavailable.",
  })
  async transport(@Root() subject: TransportSubject, @Ctx() ctx: TransportContext): Promise<TransportProfile> {
    const [records, couponUses] = await Promise.all([ctx.loaders.records.load(subject.id), ctx.loaders.couponUses.load(subject.id)]);
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
  }
}
