/** The evaluation keeps no records: only population snapshots (distributions) for dashboards, and the per-subject grade history they keep (grade-history.ts). */
import type { Selectable } from "kysely";
import type { GradeHistoryDB } from "../../shared/grade-history.js";

export interface SnapshotTable {
  id: string;
  started_at: string;
  finished_at: string | null;
  policy_version: string;
  as_of: string;
  /** Gateway cursor after the last stored page (resume from here). */
  cursor: string | null;
  status: "RUNNING" | "DONE";
  subjects: number;
}

export interface SnapshotCountTable {
  snapshot_id: string;
  kind: string;
  district: string;
  grade: string;
  count: number;
}

export interface EvaluationDB extends GradeHistoryDB {
  evaluation_snapshots: SnapshotTable;
  evaluation_snapshot_counts: SnapshotCountTable;
}

export type SnapshotRow = Selectable<SnapshotTable>;
