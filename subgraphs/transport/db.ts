/** The transport bureau's tables. Money is integer fen. */
import type { RecordColumns } from "../../shared/records/table.js";
import type { TransportRecordCategory } from "./transport.type.js";

/** Decisions (交通违法, 违规营运, 逃票, 停车欠费): the common department record (shared/records/table.ts). */
export type TransportRecordTable = RecordColumns<TransportRecordCategory>;

/** One use of a 信易行 coupon: a credit-based discount on a transport service. */
export interface TransportCouponUseTable {
  id: string;
  subject_id: string;
  used_on: string;
  /** 公交, 停车, 出租车 or 公共自行车. */
  scenario: string;
  discount_fen: number;
}

export interface TransportDB {
  transport_records: TransportRecordTable;
  transport_coupon_uses: TransportCouponUseTable;
}
