/** The tax bureau's tables. Money is integer fen. */
import type { RecordColumns } from "../../shared/records/table.js";
import type { TaxCreditLevel, TaxViolationCategory } from "./tax.type.js";

export interface TaxRatingTable {
  id: string;
  subject_id: string;
  year: number;
  level: TaxCreditLevel;
  score: number;
  /** 1 when D was a direct judgement (直接判级) rather than a score below 40. */
  direct_judgement: number;
}

export interface TaxArrearsTable {
  id: string;
  subject_id: string;
  tax_type: string;
  amount_fen: number;
  paid_fen: number;
  due_on: string;
  settled_on: string | null;
}

export interface TaxArrearsPaymentTable {
  id: string;
  arrears_id: string;
  amount_fen: number;
  paid_on: string;
  recorded_at: string;
}

/** Violation decisions: the common department record (shared/records.ts). */
export type TaxViolationTable = RecordColumns<TaxViolationCategory>;

export interface TaxDB {
  tax_ratings: TaxRatingTable;
  tax_arrears: TaxArrearsTable;
  tax_arrears_payments: TaxArrearsPaymentTable;
  tax_violations: TaxViolationTable;
}
