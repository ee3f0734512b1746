/**
 * The role pages' GraphQL documents, fixed text like operations.ts (whose OPERATIONS lists them
 * for the trusted-documents manifest). A department's documents are written once per record
 * department from its definition (shared/departments.ts): its `Subject` field, its record type's
 * mutations (`record<Type>`, `correct<Type>`, `close<Type>`).
 */
import { PROFILE_DEPARTMENTS, type ProfileDepartment } from "../../../shared/departments.js";

const RECORD = "id subjectId category documentNo severity status decidedOn publicityEndsOn amount description closedOn closureBasis";
const PAGE = "totalCount pageInfo { endCursor hasNextPage }";

/** One department's documents. */
export interface DepartmentDocuments {
  /** Subjects a page at a time (name prefix, district, kind), each with this department's records. */
  subjects: string;
  /** One subject with this department's records. */
  subject: string;
  record: string;
  correct: string;
  close: string;
}

const documentsOf = (d: ProfileDepartment): DepartmentDocuments => {
  const type = d.records.recordType;
  const name = d.profileField.replace(/^./, (c) => c.toUpperCase());
  const records = `${d.profileField} { records { ${RECORD} } }`;
  return {
    subjects: `query Dept${name}Subjects($first: Int, $after: String, $filter: SubjectFilter) { subjects(first: $first, after: $after, filter: $filter) {
  ${PAGE} nodes { id name kind district ${records} } } }`,
    subject: `query Dept${name}Subject($id: ID!) { subject(id: $id) { id name kind district ${records} } }`,
    record: `mutation Record${type}($input: Record${type}Input!) { record${type}(input: $input) { ${RECORD} } }`,
    correct: `mutation Correct${type}($id: ID!, $input: Correct${type}Input!) { correct${type}(id: $id, input: $input) { ${RECORD} } }`,
    close: `mutation Close${type}($id: ID!, $legalBasis: String!, $closedOn: Date!) { close${type}(id: $id, legalBasis: $legalBasis, closedOn: $closedOn) { ${RECORD} } }`,
  };
};

/** Each record department's documents, by department name. */
export const DEPARTMENT_DOCUMENTS: Readonly<Record<string, DepartmentDocuments>> = Object.fromEntries(PROFILE_DEPARTMENTS.map((d) => [d.name, documentsOf(d)]));

const APPLICATION = `id subjectId department recordId category appliedOn decidedOn status reason decisionReason
  materials { id type fileName mimeType sha256 size } history { at action actor status }`;

export const REPAIR_QUEUE = `query RepairQueue($status: RepairStatus, $first: Int, $after: String) { repairQueue(status: $status, first: $first, after: $after) {
  ${PAGE} nodes { ${APPLICATION} } } }`;
export const APPROVE_REPAIR = `mutation ApproveRepair($id: ID!, $reason: String!) { approveCreditRepair(applicationId: $id, reason: $reason) { ${APPLICATION} } }`;
export const REJECT_REPAIR = `mutation RejectRepair($id: ID!, $reason: String!) { rejectCreditRepair(applicationId: $id, reason: $reason) { ${APPLICATION} } }`;

export const REPAIRABLE_RECORDS = `query RepairableRecords($id: ID!) { repairableRecords(subjectId: $id) {
  id department documentNo category severity status decidedOn amount earliestApplicationOn rule } }`;
export const MY_APPLICATIONS = `query MyRepairApplications($id: ID!) { repairApplications(subjectId: $id) { ${APPLICATION} } }`;
export const APPLY_REPAIR = `mutation ApplyRepair($input: ApplyForCreditRepairInput!) { applyForCreditRepair(input: $input) { ${APPLICATION} } }`;
export const REPAIR_RULES = `query RepairRulesForApplicant { repairRules { requiredMaterials requiredMaterialsWhenFined mimeTypes maxBytes } }`;

const REPORT = "number subjectId subjectName purpose periodFrom periodTo issuedAt issuer verifyUrl pdfSha256";
export const ISSUE_REPORT = `mutation IssueReport($subjectId: ID!, $purpose: String!, $period: ReportPeriodInput) {
  issueCreditReport(subjectId: $subjectId, purpose: $purpose, period: $period) { ${REPORT} } }`;
export const REPORTS = `query CreditReports($subjectId: ID, $first: Int, $after: String) { creditReports(subjectId: $subjectId, first: $first, after: $after) {
  ${PAGE} nodes { number subjectId subjectName purpose issuedAt issuer } } }`;
export const REPORT_BY_NUMBER = `query ReportByNumber($number: ID!) { creditReport(number: $number) { ${REPORT} html pdfBase64 } }`;

export const AUDIT_LOG = `query AuditLog($subjectId: ID, $recordId: ID, $caller: String, $from: Date, $to: Date, $first: Int, $after: String) {
  auditLog(subjectId: $subjectId, recordId: $recordId, caller: $caller, from: $from, to: $to, first: $first, after: $after) { ${PAGE}
    nodes { id at caller scopes purpose actingFor operationName operationType fields subjectIds outcome errorCodes
      changes { department recordId subjectId action before after } } } }`;

/** 我的信用: a subject's own profile, its token naming it (self:read; pages/self.ts). */
export const SELF_PROFILE = `query MyCredit($id: ID!) {
  subject(id: $id) { id name kind
    evaluation { level codeColor score complete missingSources reasons { kind department points zh en } }
    eligibleIncentives(includeIneligible: true) { status offer { id name en benefit } conditions { outcome zh en } }
    repairApplications { id department appliedOn status decisionReason }
    ${PROFILE_DEPARTMENTS.map((d) => `${d.profileField} { records { id category documentNo status decidedOn description } }`).join("\n    ")}
  }
  creditReports(subjectId: $id, first: 20) { totalCount nodes { number purpose issuedAt } }
}`;

/** Every document above. */
export const ROLE_OPERATIONS: readonly string[] = [
  ...Object.values(DEPARTMENT_DOCUMENTS).flatMap((d) => [d.subjects, d.subject, d.record, d.correct, d.close]),
  REPAIR_QUEUE,
  APPROVE_REPAIR,
  REJECT_REPAIR,
  REPAIRABLE_RECORDS,
  MY_APPLICATIONS,
  APPLY_REPAIR,
  REPAIR_RULES,
  ISSUE_REPORT,
  REPORTS,
  REPORT_BY_NUMBER,
  AUDIT_LOG,
  SELF_PROFILE,
];
