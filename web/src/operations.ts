/**
 * Every GraphQL document the web app sends, as fixed text: the build (vite.config.ts,
 * trusted-documents.ts) turns them into the trusted-documents manifest the gateway loads
 * (sha256 → document), and api.ts sends their ids instead of their text. A document built at
 * run time would be in no manifest: with XINYI_TRUSTED_DOCUMENTS=required the gateway refuses it.
 */
import { PROFILE_DEPARTMENTS } from "../../shared/departments.js";
import { DISTRICT_KEYS } from "./districts.js";
import { ROLE_OPERATIONS } from "./pages/operations.js";

export const DASHBOARD_LEDGER = `query DashboardLedger($f: ProgrammeMetricsFilter) { programmeMetrics(filter: $f) {
  benefitUses personBenefitUses beneficiaries amountWaived personFeesWaived depositsWaived couponsIssued couponsUsed couponValue loansGranted loanAmount
  byScenario { key uses amount } byMonth { key uses amount } topOffers { key uses amount } } }`;

export const DASHBOARD_SNAPSHOT = `query DashboardSnapshot { evaluationSnapshot { finishedAt policyVersion asOf subjects distribution { kind district grade count } } }`;

export const DASHBOARD_CATALOGUE = `query DashboardCatalogue { incentiveCatalogue { scenarios { code name en } offers { id name en } } }`;

/** The credit office's figures, and list entries per district (one alias and one filter variable each). */
export const DASHBOARD_CREDIT = `query DashboardCredit($f: ProgrammeMetricsFilter, ${DISTRICT_KEYS.map((d) => `$${d}: ProgrammeMetricsFilter`).join(", ")}) {
  all: programmeMetrics(filter: $f) { codeRegistrations activeCodeRegistrations registeredPersons creditRepairsCompleted marketSubjectRepairs
    reportsIssued domainCertificatesReplaced certificatesPerReport reportsByYear { key reports domainCertificates }
    noticesByKind { kind family outcome notices } repairsAfterReminder }
  ${DISTRICT_KEYS.map((d) => `d_${d}: programmeMetrics(filter: $${d}) { listEntries { list color entries } }`).join("\n  ")} }`;

/** 长兴's village archive (the village department): archives, 文明诚信码 by township, points by rule category. */
export const DASHBOARD_VILLAGE = `query DashboardVillage { villageFigures { archives villages codesByTownship { township colour households } pointsByCategory { category events points } } }`;

const RECORD = "id category documentNo severity status decidedOn publicityEndsOn amount description";

export const PROFILE = `query Profile($id: ID!) { subject(id: $id) {
  id kind name district phone industry registeredOn
  listEntries { id list color authority reason listedOn expiresOn status }
  commitments { id matter committedOn dueOn fulfilment fulfilledOn }
  ${PROFILE_DEPARTMENTS.map((d) => `${d.profileField} { records { ${RECORD} } }`).join("\n  ")}
  evaluation { score level codeColor complete missingSources policyVersion dimensions { name zh score weight } reasons { kind department recordId points zh en } }
  eligibleIncentives(includeIneligible: true) { offer { id name en scenario } status missingDepartments }
} }`;

export const SEARCH = `query Search($prefix: String!) { subjects(first: 20, filter: { namePrefix: $prefix }) { nodes { id name kind district } } }`;

export const WHAT_IF = `query WhatIf($id: ID!, $repair: [ID!]!) { subject(id: $id) { evaluationIf(repair: $repair) { score level codeColor complete } } }`;

/** Every document above, and the role pages' (pages/operations.ts). */
export const OPERATIONS: readonly string[] = [
  DASHBOARD_LEDGER,
  DASHBOARD_SNAPSHOT,
  DASHBOARD_CATALOGUE,
  DASHBOARD_CREDIT,
  DASHBOARD_VILLAGE,
  PROFILE,
  SEARCH,
  WHAT_IF,
  ...ROLE_OPERATIONS,
];
