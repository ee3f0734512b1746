/** The audit log's tables: written by the gateway, read by this subgraph. */
import type { Selectable } from "kysely";

export interface AuditLogTable {
  id: string;
  at: string;
  sub: string;
  scopes: string;
  purpose: string | null;
  client_ip: string | null;
  operation_name: string | null;
  operation_type: string;
  fields: string;
  subject_count: number;
  outcome: "OK" | "PARTIAL" | "ERROR" | "REFUSED";
  error_codes: string;
}

export interface AuditDB {
  audit_log: AuditLogTable;
  audit_subjects: { entry_id: string; subject_id: string };
}

export type AuditRow = Selectable<AuditLogTable>;
