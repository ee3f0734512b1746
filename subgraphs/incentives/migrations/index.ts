/** The incentives subgraph's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { Migration } from "kysely";
import { createAppendOnlyTriggers, type AnyDatabase } from "../../../shared/db.js";
import { addColumns, buildTable, createIndexes, createTable } from "../../../shared/tables.js";
import { ledgerRollupsMigration } from "../ledger-rollups.js";

const NEVER_DOWN = async () => {
  throw new Error("the incentive ledger is never migrated down");
};

export const migrations: Record<string, Migration> = {
  "001_ledger": {
    async up(db: AnyDatabase) {
      await buildTable(db, "redemptions", {
        id: "varchar(40) primary key",
        partner: "varchar(200) not null",
        idempotency_key: "varchar(100) not null",
        offer_id: "varchar(64) not null",
        scenario: "varchar(16) not null",
        offer_kind: "varchar(16) not null",
        subject_id: "varchar(18) not null",
        subject_kind: "varchar(16) not null",
        district: "varchar(16) not null",
        action: "varchar(8) not null",
        sign: "integer not null",
        amount_fen: "bigint not null",
        channel: "text not null",
        reverses: "varchar(40) unique",
        reason: "text",
        quota_period: "varchar(8)",
        redeemed_at: "varchar(32) not null",
        redeemed_on: "varchar(10) not null",
      })
        .addUniqueConstraint("redemptions_idempotency", ["partner", "idempotency_key"])
        .execute();
      await createIndexes(db, "redemptions", { redemptions_day: ["redeemed_on", "scenario"], redemptions_subject: ["subject_id"] });
      await buildTable(db, "quota_use", {
        offer_id: "varchar(64) not null",
        period: "varchar(8) not null",
        used_count: "bigint not null",
        used_fen: "bigint not null",
      })
        .addPrimaryKeyConstraint("quota_use_pk", ["offer_id", "period"])
        .execute();
      await createTable(db, "eligibility_checks", {
        id: "varchar(40) primary key",
        at: "varchar(32) not null",
        partner: "varchar(200) not null",
        offer_id: "varchar(64) not null",
        subject_id: "varchar(18) not null",
        eligible: "integer not null",
        purpose: "text",
      });
      // The ledger and the checks are evidence: corrected by appending, never rewritten.
      await createAppendOnlyTriggers(db, ["redemptions", "eligibility_checks"], "the incentive ledger is append-only");
    },
    down: NEVER_DOWN,
  },
  "003_subject_use": {
    // One subject's redemptions of an offer per period, counted against the offer's perSubject cap.
    up: (db: AnyDatabase) =>
      buildTable(db, "subject_use", {
        offer_id: "varchar(64) not null",
        subject_id: "varchar(18) not null",
        period: "varchar(8) not null",
        used_count: "bigint not null",
      })
        .addPrimaryKeyConstraint("subject_use_pk", ["offer_id", "subject_id", "period"])
        .execute(),
    down: NEVER_DOWN,
  },
  "004_presentation_uses": {
    // What each presented 诚信码 was used for: its offer and partner (fixed at first use), one check and one redemption.
    up: (db: AnyDatabase) =>
      createTable(db, "presentation_uses", {
        id: "varchar(40) primary key",
        offer_id: "varchar(64) not null",
        partner: "varchar(200) not null",
        checks: "integer not null",
        redemptions: "integer not null",
        expires_at: "varchar(32) not null",
      }),
    down: NEVER_DOWN,
  },
  "005_presentation_redemption_key": {
    // The redemption a presented code served, by its idempotency key: a retry of it is not a second use.
    up: (db: AnyDatabase) => addColumns(db, "presentation_uses", { redemption_key: "varchar(100)" }),
    down: NEVER_DOWN,
  },
  // The programme metrics' roll-ups, kept by triggers on the ledger and filled from it here (ledger-rollups.ts).
  "006_programme_rollups": ledgerRollupsMigration,
};
