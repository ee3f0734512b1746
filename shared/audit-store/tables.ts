/** The audit log's tables: written by the gateway, read by this subgraph. */
import type { Selectable } from "kysely";

export interface AuditLogTable {
  id: string;
  at: string;
  sub: string;
  scopes: string;
  purpose: string | null;
  /** For a platform service's operation (`service:<name>`): the token subject it acted for. */
  acting_for: string | null;
  client_ip: string | null;
  operation_name: string | null;
  operation_type: string;
  fields: string;
  subject_count: number;
  outcome: "STARTED" | "OK" | "PARTIAL" | "ERROR" | "REFUSED";
  error_codes: string;
  /** For the outcome of a mutation: the id of its STARTED entry, written before it ran. */
  follows: string | null;
}

/** One record a mutation wrote, as its department reported it: before and after as JSON text. */
export interface AuditChangeTable {
  entry_id: string;
  seq: number;
  department: string;
  record_id: string;
  subject_id: string;
  action: string;
  before: string | null;
  after: string;
  /** Its row in the department's `record_changes` (null before migration 004 and for changes a department keeps no row of). */
  change_id: string | null;
}

/** How far the gateway's drainer has checked a department's `record_changes` (`at` of the changes, ISO). */
export interface AuditDrainMarkTable {
  department: string;
  through: string;
  at: string;
}

export interface AuditDB {
  audit_log: AuditLogTable;
  audit_subjects: { entry_id: string; subject_id: string };
  audit_changes: AuditChangeTable;
  audit_drain_marks: AuditDrainMarkTable;
}

export type AuditRow = Selectable<AuditLogTable>;
export type AuditChangeRow = Selectable<AuditChangeTable>;
