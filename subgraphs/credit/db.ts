/**
 * The credit office's tables. Row types for queries come from here through Kysely's
 * `Selectable<>` / `Insertable<>`, never hand-written per query.
 */
import type { Generated, Insertable, Selectable } from "kysely";
import type { CommitmentFulfilment, CreditList, ListColor, ListEntryStatus, ListRemovalReason, RepairStatus } from "./directory/credit-record.type.js";
import type { RecordChangesTable } from "../../shared/record-changes.js";
import type { CodeRegistrationStatus } from "./codes/code.type.js";
import type { CommitmentSource } from "./directory/commitment.type.js";
import type { District, FunctionalZone, OrganizationType, SubjectKind } from "./directory/subject.type.js";
import type { NoticeTables } from "./notices/notice.tables.js";
import type { ProgrammeRollupTables } from "./programme/rollup.tables.js";

export interface SubjectTable {
  id: string;
  kind: SubjectKind;
  organization_type: OrganizationType | null;
  name: string;
  district: District;
  functional_zone: FunctionalZone | null;
  industry: string | null;
  registered_on: string;
  /** Contact phone (联系电话): a mobile for persons, a landline or mobile for organisations. */
  phone: string | null;
}

export interface ListEntryTable {
  id: string;
  subject_id: string;
  list: CreditList;
  list_color: ListColor;
  authority: string;
  reason: string;
  listed_on: string;
  /** null: no fixed term (e.g. 失信被执行人 under trigger (1), until performance). */
  expires_on: string | null;
  /** As stored: ACTIVE or REMOVED (seeded history may say EXPIRED); read through `listEntryStatus` (expiry is computed). */
  status: ListEntryStatus;
  /** Set by addListEntry (migration 009); null on seeded entries. */
  legal_basis: string | null;
  document_number: string | null;
  term_basis: string | null;
  /** Set by removeListEntry. */
  removed_on: string | null;
  removal_reason: ListRemovalReason | null;
  removal_basis: string | null;
}

export interface CommitmentTable {
  id: string;
  subject_id: string;
  matter: string;
  committed_on: string;
  due_on: string;
  fulfilment: CommitmentFulfilment;
  fulfilled_on: string | null;
  /** APPROVAL (recorded by a department, 告知承诺制) or REPAIR (an approved repair's letter); APPROVAL unless given (migration 010). */
  source: Generated<CommitmentSource>;
  /** The recording department (`dept:<name>`'s name); null before migration 010. */
  department: string | null;
  /** What was promised (承诺内容). */
  content: string | null;
  /** When it was resolved FULFILLED or BREACHED, and on what evidence. */
  resolved_on: string | null;
  evidence: string | null;
}

/** A credit repair application (信用修复申请) and its decision. Seeded history has only the first columns. */
export interface RepairTable {
  id: string;
  subject_id: string;
  department: string;
  record_id: string;
  applied_on: string;
  decided_on: string | null;
  status: RepairStatus;
  /** The record's facts when applied for, as its department gave them. */
  category: string | null;
  severity: string | null;
  record_decided_on: string | null;
  reason: string | null;
  /** Who applied (token subject) and who decided. */
  applicant: string | null;
  decided_by: string | null;
  decision_reason: string | null;
  /** The 信用修复承诺书: its text, and the credit commitment it became on approval. */
  commitment_text: string | null;
  commitment_id: string | null;
  /** When the running approval or reinstatement took the application over (APPROVING, REINSTATING): its fencing token. */
  claimed_at: string | null;
}

/** A document filed with an application (fine receipt, application form, commitment letter, papers). */
export interface RepairMaterialTable {
  id: string;
  repair_id: string;
  type: string;
  file_name: string;
  mime_type: string;
  sha256: string;
  size: number;
  /** The file, base64; "" for an uploaded one, whose bytes are in the data folder's store (shared/repair-material-store.ts). */
  content: string;
}

/** A person's registration for the 个人诚信码 (consent); a new row per registration, revocation keeps the row. */
export interface CodeRegistrationTable {
  id: string;
  subject_id: string;
  status: CodeRegistrationStatus;
  /** ISO timestamps. */
  registered_at: string;
  /** Where the person registered, e.g. 浙里办, 湖州城市大脑 app. */
  channel: string;
  /** What the person consents to: CodeConsent values, comma-separated. */
  consents: string;
  revoked_at: string | null;
  revoke_reason: string | null;
}

/** A special credit report as issued: immutable (append-only in the database). */
export interface CreditReportTable {
  /** Report number, e.g. XY20261130-7K3M9Q2T4W (random: not guessable from another). */
  number: string;
  subject_id: string;
  subject_name: string;
  issued_at: string;
  period_from: string;
  period_to: string;
  purpose: string;
  issuer: string;
  /** The canonical content (JSON), its SHA-256 and the Ed25519 signature of that hash. */
  content: string;
  content_sha256: string;
  signature: string;
  /** The rendered PDF (base64) and its SHA-256. */
  pdf: string;
  pdf_sha256: string;
  /** Departments the report covers: the certificates of no violation it replaces. */
  departments: number;
}

/** An organisation's choice to show its public merchant code (/merchant/<USCC>); changed by setMerchantCode, audited. */
export interface MerchantCodeTable {
  /** The organisation's 统一社会信用代码. */
  subject_id: string;
  status: "DISPLAYED" | "HIDDEN";
  /** ISO timestamp of the last change. */
  changed_at: string;
}

/** The credit office's tables, with the notices worker's (notices/notice.tables.ts). */
export interface CreditDB extends NoticeTables, ProgrammeRollupTables {
  merchant_codes: MerchantCodeTable;
  repair_materials: RepairMaterialTable;
  code_registrations: CodeRegistrationTable;
  credit_reports: CreditReportTable;
  record_changes: RecordChangesTable;
  subjects: SubjectTable;
  list_entries: ListEntryTable;
  commitments: CommitmentTable;
  repairs: RepairTable;
}

export type SubjectRow = Selectable<SubjectTable>;
export type ListEntryRow = Selectable<ListEntryTable>;
export type CommitmentRow = Selectable<CommitmentTable>;
export type RepairRow = Selectable<RepairTable>;
export type RepairMaterialRow = Selectable<RepairMaterialTable>;
export type NewSubject = Insertable<SubjectTable>;
export type NewListEntry = Insertable<ListEntryTable>;
export type NewCommitment = Insertable<CommitmentTable>;
export type NewRepair = Insertable<RepairTable>;
export type CodeRegistrationRow = Selectable<CodeRegistrationTable>;
export type CreditReportRow = Selectable<CreditReportTable>;
export type NewCodeRegistration = Insertable<CodeRegistrationTable>;
export type MerchantCodeRow = Selectable<MerchantCodeTable>;
