/** The health commission's and medical-insurance bureau's tables. Money is integer fen. */
import type { RecordColumns } from "../../shared/records/table.js";
import type { HealthRecordCategory } from "./health.type.js";

/** Pay-after-treatment visits (医后付, 信易医): treated first, the bill paid by its due date. */
export interface HealthVisitTable {
  id: string;
  subject_id: string;
  hospital: string;
  visited_on: string;
  amount_fen: number;
  due_on: string;
  /** Null while the bill is unpaid. */
  paid_on: string | null;
}

/** Health and medical-insurance decisions: the common department record (shared/records/table.ts). */
export type HealthRecordTable = RecordColumns<HealthRecordCategory>;

export interface HealthDB {
  health_records: HealthRecordTable;
  health_visits: HealthVisitTable;
}
