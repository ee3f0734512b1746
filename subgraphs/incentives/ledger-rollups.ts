/**
 * The ledger's roll-ups, which answer `programmeMetrics` (metrics.repo.ts keeps the count from the
 * raw ledger as the reference they must equal). Kept by triggers on `redemptions` in the writing
 * transaction (shared/row-triggers.ts), so they are exact at every commit, and filled
 * from the ledger by the migration that creates them (a data folder seeded before: at start-up).
 *
 * - `ledger_months` and `ledger_days`: uses, their fen and issues by month (or day), district,
 *   scenario, offer, offer kind and subject kind. A period reads whole months from the first and
 *   the days of its partial months from the second.
 * - `ledger_beneficiaries`: unreversed uses per subject, scenario, day and district (普惠人数 is a
 *   distinct count, which no sum can give).
 */
import type { Migration } from "kysely";
import type { AnyDatabase } from "../../shared/db.js";
import { addTo, createRollupTable, createRowTrigger, fillFrom } from "../../shared/row-triggers.js";

export interface LedgerRollupRow {
  district: string;
  scenario: string;
  offer_id: string;
  offer_kind: string;
  subject_kind: string;
  uses: number;
  use_fen: number;
  issues: number;
}

export interface LedgerRollupTables {
  ledger_months: LedgerRollupRow & { month: string };
  ledger_days: LedgerRollupRow & { day: string };
  ledger_beneficiaries: { subject_id: string; scenario: string; day: string; district: string; uses: number };
}

const GROUP = ["district", "scenario", "offer_id", "offer_kind", "subject_kind"];
const SUMS = ["uses", "use_fen", "issues"];

/** What one ledger row (`r`) adds to its group. */
const sumsOf = (r: string): Record<string, string> => ({
  uses: `CASE WHEN ${r}.action = 'USE' THEN ${r}.sign ELSE 0 END`,
  use_fen: `CASE WHEN ${r}.action = 'USE' THEN ${r}.amount_fen ELSE 0 END`,
  issues: `CASE WHEN ${r}.action = 'ISSUE' THEN ${r}.sign ELSE 0 END`,
});
const periods = (r: string) => ({ ledger_months: { month: `substr(${r}.redeemed_on, 1, 7)` }, ledger_days: { day: `${r}.redeemed_on` } });
const groupOf = (r: string) => Object.fromEntries(GROUP.map((c) => [c, `${r}.${c}`]));
const beneficiaryOf = (r: string) => ({ subject_id: `${r}.subject_id`, scenario: `${r}.scenario`, day: `${r}.redeemed_on`, district: `${r}.district` });
const COUNTED_USE = (r: string) => `${r}.action = 'USE' AND ${r}.sign = 1`;

export const ledgerRollupsMigration: Migration = {
  async up(db: AnyDatabase) {
    for (const [table, period] of Object.entries(periods("r"))) {
      await createRollupTable(db, table, [...Object.keys(period), ...GROUP], SUMS);
      await fillFrom(db, table, { ...period, ...groupOf("r") }, sumsOf("r"), "redemptions r");
    }
    await createRollupTable(db, "ledger_beneficiaries", Object.keys(beneficiaryOf("r")), ["uses"]);
    await db.schema.createIndex("ledger_beneficiaries_day").on("ledger_beneficiaries").columns(["day", "district"]).execute();
    const unreversed = `${COUNTED_USE("r")} AND NOT EXISTS (SELECT 1 FROM redemptions v WHERE v.reverses = r.id)`;
    await fillFrom(db, "ledger_beneficiaries", beneficiaryOf("r"), { uses: "1" }, "redemptions r", unreversed);
    const upkeep = [
      ...Object.entries(periods("NEW")).map(([table, period]) => addTo(table, { ...period, ...groupOf("NEW") }, sumsOf("NEW"))),
      addTo("ledger_beneficiaries", beneficiaryOf("NEW"), { uses: "1" }, COUNTED_USE("NEW")),
      // A reversal takes its entry's use out (the ledger's `reverses` is unique: once).
      addTo("ledger_beneficiaries", beneficiaryOf("o"), { uses: "-1" }, `o.id = NEW.reverses AND ${COUNTED_USE("o")}`, "FROM redemptions o"),
    ];
    await createRowTrigger(db, "redemptions_rollups", "redemptions", "INSERT", upkeep);
  },
  async down() {
    throw new Error("the incentive ledger is never migrated down");
  },
};
