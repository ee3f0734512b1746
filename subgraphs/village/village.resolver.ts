/** `Subject.village` and the village frontend's mutations. Thin: args → validation → repo → result. */
import { Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import { fenToYuan } from "../../shared/money.js";
import { recordMutations } from "../../shared/records/mutations.js";
import { toRecordFields } from "../../shared/records/fields.js";
import { todayInChina } from "../../shared/scalars.js";
import { readRecordsOf } from "../../shared/scopes.js";
import type { VillageContext } from "./context.js";
import type { VillageCouponUseRow, VillageRecordRow } from "./db.js";
import {
  CorrectVillageRecordInput,
  type VillageCouponUse,
  RecordVillageRecordInput,
  VillageProfile,
  VillageRecord,
  VillageRecordCategory,
  VillageSubject,
} from "./village.type.js";

/** How many coupon uses `recentCouponUses` lists. */
const RECENT_COUPON_USES = 20;

const toRecord = (r: VillageRecordRow, today?: string): VillageRecord => toRecordFields(r, today);

const toCouponUse = (r: VillageCouponUseRow): VillageCouponUse => ({ id: r.id, usedOn: r.used_on, scenario: r.scenario, discount: fenToYuan(r.discount_fen) });

const VillageRecordMutations = recordMutations({
  department: "village",
  type: "VillageRecord",
  record: VillageRecord,
  recordInput: RecordVillageRecordInput,
  correctInput: CorrectVillageRecordInput,
  toRecord: (r: VillageRecordRow) => toRecord(r),
  describe: {
    record: "Records a village decision (交通运输处理决定); its publicity end date follows from its severity.",
    recordInput: "The decision to record.",
    correct: "Corrects an active village record (更正); the publicity end date follows.",
    correctInput: "The corrected fields.",
    close:
      "Removes a village record on a legal basis (court decision, decision revoked); it stops counting. Never a repair: repairs go through applyForCreditRepair.",
    closedOn: "Date of the removal; not in the future.",
  },
});

@Resolver(() => VillageSubject)
export class VillageResolver extends VillageRecordMutations {
  @Directive(readRecordsOf("village"))
  @FieldResolver(() => VillageProfile, {
    nullable: true,
    description: "Village credit profile from the village bureau (市交通运输局); null only when the village bureau is unavailable.",
  })
  async village(@Root() subject: VillageSubject, @Ctx() ctx: VillageContext): Promise<VillageProfile> {
    const [records, couponUses] = await Promise.all([ctx.loaders.records.load(subject.id), ctx.loaders.couponUses.load(subject.id)]);
    const today = todayInChina();
    const recordList = records.map((r) => toRecord(r, today));
    const arrearsFen = records
      .filter((r, k) => r.category === VillageRecordCategory.PARKING_ARREARS && recordList[k].status === "ACTIVE")
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
