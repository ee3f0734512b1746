/**
 * Roll-up upkeep in the database itself (SQLite and PostgreSQL): AFTER … FOR EACH ROW triggers
 * whose statements run inside the transaction of the write that fires them, whoever writes — an
 * API call, `npm run seed`, `npm run import`, the notices worker. A roll-up is therefore never
 * behind its rows and never ahead of a write that rolled back. Statements refer to the row as
 * `NEW` (insert, update) and `OLD` (update, delete), the same text in both dialects.
 */
import { sql, SqliteAdapter } from "kysely";
import type { AnyDatabase } from "./db.js";

export const isSqlite = (db: AnyDatabase): boolean => db.getExecutor().adapter instanceof SqliteAdapter;

export async function createRowTrigger(
  db: AnyDatabase,
  name: string,
  table: string,
  event: "INSERT" | "UPDATE" | "DELETE",
  statements: string[],
): Promise<void> {
  const body = statements.map((s) => `${s};`).join("\n");
  if (isSqlite(db)) {
    await sql.raw(`CREATE TRIGGER ${name} AFTER ${event} ON ${table} FOR EACH ROW BEGIN\n${body}\nEND`).execute(db);
    return;
  }
  await sql.raw(`CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger AS $$ BEGIN\n${body}\nRETURN NULL; END $$ LANGUAGE plpgsql`).execute(db);
  await sql.raw(`CREATE TRIGGER ${name} AFTER ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`).execute(db);
}

/** `INSERT … SELECT … ON CONFLICT DO UPDATE`: adds each selected row's sums to the roll-up row of its keys. */
function upsert(table: string, keys: Record<string, string>, sums: Record<string, string>, select: string): string {
  const columns = [...Object.keys(keys), ...Object.keys(sums)];
  const set = Object.keys(sums).map((c) => `${c} = ${table}.${c} + excluded.${c}`);
  return `INSERT INTO ${table} (${columns.join(", ")}) ${select} ON CONFLICT (${Object.keys(keys).join(", ")}) DO UPDATE SET ${set.join(", ")}`;
}

/**
 * Adds `sums` to the roll-up row of `keys` (creating it at zero first), when `where` holds: one
 * upsert. Keys and sums are SQL expressions over NEW/OLD or the tables in `from`.
 */
export function addTo(table: string, keys: Record<string, string>, sums: Record<string, string>, where = "1 = 1", from = ""): string {
  // The WHERE (never empty) keeps SQLite from reading ON CONFLICT as part of the SELECT.
  return upsert(table, keys, sums, `SELECT ${[...Object.values(keys), ...Object.values(sums)].join(", ")} ${from} WHERE ${where}`);
}

/** Adds to a new roll-up what the rows it sums (`from`, filtered by `where`) make: the migration's backfill. */
export async function fillFrom(
  db: AnyDatabase,
  table: string,
  keys: Record<string, string>,
  sums: Record<string, string>,
  from: string,
  where = "1 = 1",
): Promise<void> {
  const values = [...Object.values(keys), ...Object.values(sums).map((e) => `sum(${e})`)];
  await sql.raw(upsert(table, keys, sums, `SELECT ${values.join(", ")} FROM ${from} WHERE ${where} GROUP BY ${Object.values(keys).join(", ")}`)).execute(db);
}

/** The same sums with their sign turned (a row leaving its group). */
export const negated = (sums: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(sums).map(([c, e]) => [c, `-(${e})`]));

/** A roll-up table: text keys (not null: a NULL would never meet its row again), bigint sums starting at 0, its primary key on the keys. */
export async function createRollupTable(db: AnyDatabase, table: string, keys: string[], sums: string[]): Promise<void> {
  const columns = [...keys.map((k) => `${k} text NOT NULL`), ...sums.map((c) => `${c} bigint NOT NULL DEFAULT 0`)];
  await sql.raw(`CREATE TABLE ${table} (${columns.join(", ")}, PRIMARY KEY (${keys.join(", ")}))`).execute(db);
}
