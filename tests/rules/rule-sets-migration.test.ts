/**
 * Migration 006 brings stored records to the dated rule sets, on real SQLite and PostgreSQL: a row
 * stored with the old flat 12 months (a GENERAL penalty decided 400 days ago, EXPIRED by it) gets
 * Order No. 58's 3 years and its rule set; a row of 2021 keeps 527号's year; a market listing is
 * public until removed.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, migrateToLatest } from "../../shared/db.js";
import { addMonths, todayInChina } from "../../shared/scalars.js";
import { addDays } from "../../shared/seeding/random.js";
import { migrations as marketMigrations } from "../../subgraphs/market/migrations/index.js";
import { migrations as taxMigrations } from "../../subgraphs/tax/migrations/index.js";
import { startPostgres, type TestPostgres } from "../../testing/postgres.js";

const today = todayInChina();
const before006 = (all: Record<string, unknown>) => Object.fromEntries(Object.entries(all).filter(([name]) => name < "006"));
const row = (id: string, category: string, decidedOn: string, publicityEndsOn: string) => ({
  id,
  subject_id: "91330500MA2B3C4D5E",
  document_no: id,
  category,
  severity: "GENERAL",
  amount_fen: 5_000_000,
  description: "迁移测试",
  decided_on: decidedOn,
  publicity_ends_on: publicityEndsOn,
  status: "ACTIVE",
  closed_on: null,
  updated_at: new Date().toISOString(),
});

let postgres: TestPostgres | undefined;
afterAll(async () => postgres?.stop());

describe.each(["sqlite", "postgres"] as const)("on %s", (dialect) => {
  it("recomputes every stored row's publicity end under the rule set of its decision date", async () => {
    if (dialect === "postgres") postgres ??= await startPostgres();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-rules-"));
    const databaseUrl = await postgres?.createDatabase("rules");
    const decided = addDays(today, -400);
    for (const [department, migrations, rows] of [
      ["tax", taxMigrations, [row("T-1", "LATE_FILING", decided, addMonths(decided, 12)), row("T-2", "LATE_FILING", "2021-06-15", "2022-06-15")]],
      ["market", marketMigrations, [{ ...row("M-1", "ABNORMAL_OPERATIONS", "2021-03-01", "2022-03-01"), amount_fen: null, abnormal_cause: "UNREACHABLE" }]],
    ] as const) {
      const handle = createDatabase<any>({ department, dataDir, databaseUrl });
      try {
        await migrateToLatest(handle.db, before006(migrations) as typeof migrations);
        const table = department === "tax" ? "tax_violations" : "market_records";
        await handle.db.insertInto(table).values(rows).execute();
        await migrateToLatest(handle.db, migrations);
        const stored = await handle.db.selectFrom(table).select(["id", "publicity_ends_on", "publicity_rule"]).orderBy("id").execute();
        const expected =
          department === "tax"
            ? [
                { id: "T-1", publicity_ends_on: addMonths(decided, 36), publicity_rule: "NDRC-58-2023" },
                { id: "T-2", publicity_ends_on: "2022-06-15", publicity_rule: "NDRC-527-2019" },
              ]
            : [{ id: "M-1", publicity_ends_on: "9999-12-31", publicity_rule: "ABNORMAL-OPERATIONS-LIST" }];
        expect(stored).toEqual(expected);
      } finally {
        await handle.close();
      }
    }
  }, 120_000);
});
