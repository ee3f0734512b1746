/** The village bureau's tables. Money is integer fen. */
import type { Insertable, Selectable } from "kysely";
import type { RecordColumns } from "../../shared/records/table.js";
import type { VillageRecordCategory } from "./village.type.js";

/** Decisions (交通违法, 违规营运, 逃票, 停车欠费): the common department record (shared/records/table.ts). */
export type VillageRecordTable = RecordColumns<VillageRecordCategory>;

/** One use of a 信易行 coupon: a credit-based discount on a village service. */
export interface VillageCouponUseTable {
  id: string;
  subject_id: string;
  used_on: string;
  /** 公交, 停车, 出租车 or 公共自行车. */
  scenario: string;
  discount_fen: number;
}

export interface VillageDB {
  village_records: VillageRecordTable;
  village_coupon_uses: VillageCouponUseTable;
}

export type VillageRecordRow = Selectable<VillageRecordTable>;
export type VillageCouponUseRow = Selectable<VillageCouponUseTable>;
export type NewVillageRecord = Insertable<VillageRecordTable>;
export type NewVillageCouponUse = Insertable<VillageCouponUseTable>;
