/**
 * The incentives subgraph's tables: the redemption ledger (append-only), quota use per offer and
 * period, use per subject against the offer's cap, and partners' eligibility checks (append-only). Money is integer fen.
 */
import type { Insertable, Selectable } from "kysely";
import type { LedgerRollupTables } from "./ledger-rollups.js";

/** One entry of the ledger: a benefit used or a coupon issued, or the reversal of one. */
export interface RedemptionTable {
  id: string;
  /** The partner (token subject) that recorded it. */
  partner: string;
  /** Per partner: the same key returns the first entry (idempotent redemption). */
  idempotency_key: string;
  offer_id: string;
  /** The offer's scenario and kind when recorded (the catalogue may change; the ledger keeps its facts). */
  scenario: string;
  offer_kind: string;
  subject_id: string;
  subject_kind: string;
  district: string;
  /** ISSUE (a coupon handed out) or USE (a benefit used). */
  action: "ISSUE" | "USE";
  /** +1 for an entry, −1 for a reversal (which repeats the reversed entry's action). */
  sign: number;
  /** Signed: negative for a reversal. */
  amount_fen: number;
  channel: string;
  /** For a reversal: the entry it corrects. */
  reverses: string | null;
  reason: string | null;
  /** The quota period the entry counts in, e.g. `2026-11`; null without a quota. */
  quota_period: string | null;
  redeemed_at: string;
  /** China date of `redeemed_at`, YYYY-MM-DD. */
  redeemed_on: string;
}

export interface QuotaUseTable {
  offer_id: string;
  period: string;
  used_count: number;
  used_fen: number;
}

/** Redemptions per subject, offer and period, against the offer's perSubject cap (counted like quota_use). */
export interface SubjectUseTable {
  offer_id: string;
  subject_id: string;
  /** `2026-11`, `2026` or `ALL`, as the cap's period. */
  period: string;
  used_count: number;
}

export interface EligibilityCheckTable {
  id: string;
  at: string;
  partner: string;
  offer_id: string;
  subject_id: string;
  eligible: number;
  purpose: string | null;
}

/** The uses of one presented 诚信码 (shared/presentation.ts). */
export interface PresentationUseTable {
  id: string;
  offer_id: string;
  partner: string;
  checks: number;
  redemptions: number;
  /** The idempotency key of the redemption it served (005): a retry of it is the same use. */
  redemption_key: string | null;
  expires_at: string;
}

export interface IncentivesDB extends LedgerRollupTables {
  presentation_uses: PresentationUseTable;
  redemptions: RedemptionTable;
  quota_use: QuotaUseTable;
  subject_use: SubjectUseTable;
  eligibility_checks: EligibilityCheckTable;
}

export type RedemptionRow = Selectable<RedemptionTable>;
export type NewRedemption = Insertable<RedemptionTable>;
