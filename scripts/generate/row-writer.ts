/**
 * Where the seed's rows go, one department's database each. SQLite takes them row by row (one
 * prepared statement per table) into a single bulk load (shared/db.ts `startBulkLoad`); PostgreSQL
 * in batches of subjects, a transaction and multi-row inserts each. Both skip rows already there,
 * so seeding twice changes nothing.
 */
import type Database from "better-sqlite3";
import { startBulkLoad, type AnyDatabase, type DatabaseHandle } from "../../shared/db.js";

export interface RowWriter {
  /** One subject's rows, by table, in insertion order (parents first). */
  write(rows: Record<string, object[]>): Promise<void>;
  /** Writes what waits and commits; returns what the log says about it. */
  finish(): Promise<string>;
  /** Leaves nothing of an unfinished SQLite load (PostgreSQL's committed batches stay: seeding again completes them). */
  abort(): Promise<void>;
}

/** Subjects per PostgreSQL transaction. */
const POSTGRES_BATCH = 500;

export function createRowWriter(handle: DatabaseHandle<unknown>): RowWriter {
  return handle.sqlite ? sqliteWriter(handle.sqlite) : batchWriter(handle.db);
}

function sqliteWriter(sqlite: Database.Database): RowWriter {
  const load = startBulkLoad(sqlite);
  const statements = new Map<string, Database.Statement>();
  let rows = 0;
  const insert = (table: string, row: object) => {
    // A value left undefined is a column left out (its default), as in a Kysely insert.
    const columns: string[] = [];
    const values: unknown[] = [];
    for (const [column, value] of Object.entries(row)) {
      if (value === undefined) continue;
      columns.push(column);
      values.push(value);
    }
    const key = `${table}(${columns.join()})`;
    let statement = statements.get(key);
    if (!statement) {
      load.enter(table);
      const names = columns.map((c) => `"${c}"`).join(", ");
      statement = sqlite.prepare(`insert into "${table}" (${names}) values (${columns.map(() => "?").join(", ")}) on conflict do nothing`);
      statements.set(key, statement);
    }
    statement.run(values);
    rows++;
  };
  return {
    async write(subjectRows) {
      for (const table in subjectRows) for (const row of subjectRows[table]) insert(table, row);
    },
    async finish() {
      const { walFrames, checkpointed, busy } = load.commit();
      return `${rows} rows; WAL ${walFrames} pages, ${checkpointed} checkpointed${busy ? " (a reader held the rest)" : ""}`;
    },
    async abort() {
      load.rollback();
    },
  };
}

/** Inserts rows in chunks below every database's bind-parameter limit, skipping existing ones. */
async function insertRows(db: AnyDatabase, table: string, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).length;
  const chunk = Math.max(1, Math.floor(30_000 / columns));
  for (let i = 0; i < rows.length; i += chunk) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunk))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

function batchWriter(db: AnyDatabase): RowWriter {
  let batch: Record<string, object[]> = {};
  let subjects = 0;
  let rows = 0;
  const flush = async () => {
    const tables = batch;
    batch = {};
    subjects = 0;
    await db.transaction().execute(async (trx) => {
      for (const [table, list] of Object.entries(tables)) await insertRows(trx, table, list);
    });
  };
  return {
    async write(subjectRows) {
      for (const [table, list] of Object.entries(subjectRows)) {
        batch[table] = batch[table] ?? [];
        batch[table].push(...list);
        rows += list.length;
      }
      if (++subjects >= POSTGRES_BATCH) await flush();
    },
    async finish() {
      await flush();
      return `${rows} rows`;
    },
    async abort() {},
  };
}
