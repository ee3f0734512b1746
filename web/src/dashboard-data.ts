/** What the dashboard's queries answer (operations.ts: DASHBOARD_LEDGER, DASHBOARD_CREDIT, DASHBOARD_SNAPSHOT, DASHBOARD_VILLAGE), as its panels read it. */
import type { Answer } from "./api.js";

export interface Filter {
  district?: string;
  from?: string;
  to?: string;
}

export interface Ledger {
  benefitUses: number;
  beneficiaries: number;
  amountWaived: number;
  depositsWaived: number;
  personBenefitUses: number;
  personFeesWaived: number;
  couponsIssued: number;
  couponsUsed: number;
  couponValue: number;
  loansGranted: number;
  loanAmount: number;
  byScenario: { key: string; uses: number; amount: number }[];
  byMonth: { key: string; uses: number; amount: number }[];
  topOffers: { key: string; uses: number; amount: number }[];
}

export interface CreditFigures {
  codeRegistrations: number | null;
  activeCodeRegistrations: number | null;
  registeredPersons: number | null;
  creditRepairsCompleted: number | null;
  marketSubjectRepairs: number | null;
  reportsIssued: number | null;
  domainCertificatesReplaced: number | null;
  certificatesPerReport: number | null;
  reportsByYear: { key: string; reports: number; domainCertificates: number }[] | null;
  listEntries?: { list: string; color: string; entries: number }[] | null;
  noticesByKind?: { kind: string; family: string; outcome: string; notices: number }[] | null;
  repairsAfterReminder?: number | null;
}

export interface Snapshot {
  finishedAt: string;
  policyVersion: string;
  asOf: string;
  subjects: number;
  distribution: { kind: string; district: string; grade: string; count: number }[];
}

/** 长兴's village archive (villageFigures). */
export interface VillageFigures {
  archives: number;
  villages: number;
  codesByTownship: { township: string; colour: string; households: number }[];
  pointsByCategory: { category: string; events: number; points: number }[];
}

/** What each of the dashboard's queries answers (operations.ts: DASHBOARD_LEDGER, DASHBOARD_CREDIT, DASHBOARD_SNAPSHOT, DASHBOARD_VILLAGE). */
export interface DashboardData {
  ledger: { programmeMetrics: Ledger | null };
  /** `all`: the city figures; `d_<district>`: that district's list entries. */
  credit: Record<string, CreditFigures | null>;
  snapshot: { evaluationSnapshot: Snapshot | null };
  village: { villageFigures: VillageFigures | null };
}

export type QueryName = keyof DashboardData;

/** Each query's answer, or why none came. */
export type Answers = { [Q in QueryName]: Answer<DashboardData[Q]> | Error };
