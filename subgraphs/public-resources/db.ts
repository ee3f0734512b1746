/** The public resources trading office's tables. Money is integer fen, flags integer 0/1. */
import type { RecordColumns } from "../../shared/records/table.js";
import type { TradingRecordCategory } from "./public-resources.type.js";

/** Bids in public procurement and construction tenders (投标记录). */
export interface TradingBidTable {
  id: string;
  subject_id: string;
  /** Tender project number (项目编号). */
  project_no: string;
  project_name: string;
  bid_on: string;
  amount_fen: number;
  /** 1 when the bid won the tender (中标). */
  awarded: number;
}

/** Quantified bad-behaviour records (不良行为量化记分): the common department record plus its points. */
export type TradingRecordTable = RecordColumns<TradingRecordCategory> & { points: number };

export interface PublicResourcesDB {
  trading_bids: TradingBidTable;
  trading_records: TradingRecordTable;
}
