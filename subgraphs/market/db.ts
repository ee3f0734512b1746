/** The market supervision administration's tables. Money is integer fen, flags 0/1. */
import type { RecordColumns } from "../../shared/records/table.js";
import type { AbnormalOperationsCause, MarketRecordCategory } from "./market.type.js";

/**
 * Penalty decisions and list entries: the common department record (shared/records/table.ts) plus the
 * statutory cause of an abnormal-operations listing (null for the other categories) and the day a
 * removed listing's cause was fixed.
 */
export type MarketRecordTable = RecordColumns<MarketRecordCategory> & {
  abnormal_cause: AbnormalOperationsCause | null;
  /** A listing removed from the 经营异常名录: the day its cause was fixed (null otherwise). */
  cause_fixed_on?: string | null;
};

/** Consumer complaints (消费投诉) against a subject. */
export interface MarketComplaintTable {
  id: string;
  subject_id: string;
  received_on: string;
  topic: string;
  /** 1 when the complaint was upheld (投诉成立). */
  upheld: number;
}

export interface MarketDB {
  market_records: MarketRecordTable;
  market_complaints: MarketComplaintTable;
}
