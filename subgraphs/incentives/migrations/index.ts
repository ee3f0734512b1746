/** The incentives subgraph's migrations, in order. Portable SQL only (SQLite and PostgreSQL). */
import type { Migration } from "kysely";
import { createAppendOnlyTriggers, type AnyDatabase } from "../../../shared/db.js";
import { ledgerRollupsMigration } from "../ledger-rollups.js";

export const migrations: Record<string, Migration> = {
  "001_ledger": {
    async up(db: AnyDatabase) {
      await db.schema
        .createTable("redemptions")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("partner", "varchar(200)", (c) => c.notNull())
        .addColumn("idempotency_key", "varchar(100)", (c) => c.notNull())
        .addColumn("offer_id", "varchar(64)", (c) => c.notNull())
        .addColumn("scenario", "varchar(16)", (c) => c.notNull())
        .addColumn("offer_kind", "varchar(16)", (c) => c.notNull())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
        .addColumn("subject_kind", "varchar(16)", (c) => c.notNull())
        .addColumn("district", "varchar(16)", (c) => c.notNull())
        .addColumn("action", "varchar(8)", (c) => c.notNull())
        .addColumn("sign", "integer", (c) => c.notNull())
        .addColumn("amount_fen", "bigint", (c) => c.notNull())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("reverses", "varchar(40)", (c) => c.unique())
        .addColumn("reason", "text")
        .addColumn("quota_period", "varchar(8)")
        .addColumn("redeemed_at", "varchar(32)", (c) => c.notNull())
        .addColumn("redeemed_on", "varchar(10)", (c) => c.notNull())
        .addUniqueConstraint("redemptions_idempotency", ["partner", "idempotency_key"])
        .execute();
      await db.schema.createIndex("redemptions_day").on("redemptions").columns(["redeemed_on", "scenario"]).execute();
      await db.schema.createIndex("redemptions_subject").on("redemptions").column("subject_id").execute();
      await db.schema
        .createTable("quota_use")
        .addColumn("offer_id", "varchar(64)", (c) => c.notNull())
        .addColumn("period", "varchar(8)", (c) => c.notNull())
        .addColumn("used_count", "bigint", (c) => c.notNull())
        .addColumn("used_fen", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("quota_use_pk", ["offer_id", "period"])
        .execute();
      await db.schema
        .createTable("eligibility_checks")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("at", "varchar(32)", (c) => c.notNull())
        .addColumn("partner", "varchar(200)", (c) => c.notNull())
        .addColumn("offer_id", "varchar(64)", (c) => c.notNull())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
        .addColumn("eligible", "integer", (c) => c.notNull())
        .addColumn("purpose", "text")
        .execute();
      // The ledger and the checks are evidence: corrected by appending, never rewritten.
      await createAppendOnlyTriggers(db, ["redemptions", "eligibility_checks"], "the incentive ledger is append-only");
    },
    async down() {
      throw new Error("the incentive ledger is never migrated down");
    },
  },
  "003_subject_use": {
    async up(db: AnyDatabase) {
      // One subject's redemptions of an offer per period, counted against the offer's perSubject cap.
      await db.schema
        .createTable("subject_use")
        .addColumn("offer_id", "varchar(64)", (c) => c.notNull())
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
        .addColumn("period", "varchar(8)", (c) => c.notNull())
        .addColumn("used_count", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("subject_use_pk", ["offer_id", "subject_id", "period"])
        .execute();
    },
    async down() {
      throw new Error("the incentive ledger is never migrated down");
    },
  },
  "004_presentation_uses": {
    async up(db: AnyDatabase) {
      // What each presented 诚信码 was used for: its offer and partner (fixed at first use), one check and one redemption.
      await db.schema
        .createTable("presentation_uses")
        .addColumn("id", "varchar(40)", (c) => c.primaryKey())
        .addColumn("offer_id", "varchar(64)", (c) => c.notNull())
        .addColumn("partner", "varchar(200)", (c) => c.notNull())
        .addColumn("checks", "integer", (c) => c.notNull())
        .addColumn("redemptions", "integer", (c) => c.notNull())
        .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
        .execute();
    },
    async down() {
      throw new Error("the incentive ledger is never migrated down");
    },
  },
  "005_presentation_redemption_key": {
    async up(db: AnyDatabase) {
      // The redemption a presented code served, by its idempotency key: a retry of it is not a second use.
      await db.schema.alterTable("presentation_uses").addColumn("redemption_key", "varchar(100)").execute();
    },
    async down() {
      throw new Error("the incentive ledger is never migrated down");
    },
  },
  // The programme metrics' roll-ups, kept by triggers on the ledger and filled from it here (ledger-rollups.ts).
  "006_programme_rollups": ledgerRollupsMigration,
};
