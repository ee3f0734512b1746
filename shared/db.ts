/**
 * The database of one department: a SQLite file under the data folder by default (better-sqlite3),
 * PostgreSQL when a connection string is configured. The same Kysely queries and migrations run
 * on both, so queries stick to portable SQL: dates are ISO `YYYY-MM-DD` text, money is integer
 * fen (`bigint`, read back as a JS number), flags are integers 0/1.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  sql,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDatabase,
  type DatabaseConnection,
  type Transaction,
  type LogEvent,
  type Migration,
} from "kysely";
import pg from "pg";

/**
 * Any department's database. Kysely is invariant in its table types, so code that works on every
 * department's database — the kernel's record store, migrations (Kysely's own advice), seeding —
 * takes this one type.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; the one place the kernel opts out of table types.
export type AnyDatabase = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: the transaction of an AnyDatabase.
export type AnyTransaction = Transaction<any>;

export interface DatabaseOptions {
  /** Department name: the SQLite file name, or the PostgreSQL schema on a shared database. */
  department: string;
  dataDir: string;
  databaseUrl?: string;
  /** Called once per executed SQL statement (tests count statements with it). */
  onQuery?: (sql: string) => void;
  /**
   * Opened to read another's data, never to write: SQLite read-only (an empty file is made if there
   * is none yet: the owner migrates it), PostgreSQL sessions read only, the schema not created. @default false
   */
  readOnly?: boolean;
}

export interface DatabaseHandle<DB> {
  db: Kysely<DB>;
  dialect: "sqlite" | "postgres";
  /** Where the data lives, for log lines: a file path or the PostgreSQL schema. */
  location: string;
  /**
   * Closes the database whether or not a query ever ran: Kysely's `destroy()` closes only a
   * connection it has used, and the SQLite file is open from the start.
   */
  close: () => Promise<void>;
  /** The SQLite connection itself (SQLite only), for a bulk load ({@link startBulkLoad}). */
  sqlite?: Database.Database;
}

const INT8_OID = 20;
/** The PostgreSQL schema of a department's Kysely instance, for its migration tables. */
const schemas = new WeakMap<AnyDatabase, string>();

/**
 * Opens a department's database (creating the SQLite file and folder, or the PostgreSQL schema,
 * on first use). Migrations are run separately with {@link migrateToLatest}.
 */
export function createDatabase<DB>(options: DatabaseOptions): DatabaseHandle<DB> {
  const log = options.onQuery ? (event: LogEvent) => options.onQuery!(event.query.sql) : undefined;
  if (options.databaseUrl) {
    const schema = options.department.replace(/-/g, "_");
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      // bigint (fen amounts, counts) as numbers: safe to 9e15.
      types: { getTypeParser: (oid: number, format?: "text" | "binary") => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) },
    });
    // An idle client losing its server (a restart, a failover) must not crash the process: the
    // pool drops it and the next query opens a new connection.
    pool.on("error", (error) => process.stderr.write(`${options.department}: PostgreSQL connection lost (${error.message})\n`));
    // Every connection works in the department's own schema (created on first use), so several
    // departments can share one database and still never see each other's tables.
    const onCreateConnection = async (connection: DatabaseConnection) => {
      if (!options.readOnly) await connection.executeQuery(CompiledQuery.raw(`create schema if not exists "${schema}"`));
      await connection.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`));
      if (options.readOnly) await connection.executeQuery(CompiledQuery.raw("set session characteristics as transaction read only"));
    };
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool, onCreateConnection }), log });
    schemas.set(db, schema);
    const close = async () => {
      await db.destroy();
      if (!pool.ended) await pool.end();
    };
    return { db, dialect: "postgres", location: `schema ${schema}`, close };
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, `${options.department}.sqlite`);
  if (options.readOnly) fs.closeSync(fs.openSync(file, "a"));
  const sqlite = new Database(file, { readonly: options.readOnly === true });
  // The owner's connection sets WAL (a read-only one cannot change the journal mode).
  if (!options.readOnly) sqlite.pragma("journal_mode = WAL");
  // An acknowledged commit survives a crash of the process or the machine (WAL with FULL sync).
  sqlite.pragma("synchronous = FULL");
  // The audit log is written by the gateway and read by its subgraph: wait for the other's lock.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log });
  const close = async () => {
    await db.destroy();
    if (sqlite.open) sqlite.close();
  };
  return { db, dialect: "sqlite", location: file, close, sqlite };
}

/** Distinct SQL texts whose prepared statements a SQLite connection keeps (the oldest goes first). */
const STATEMENT_CACHE_SIZE = 2000;

/**
 * Kysely asks better-sqlite3 to prepare every statement it sends, even one it sent a moment ago:
 * here the same SQL text is prepared once and its statement reused (measured: preparing was the
 * largest single cost of a department answering the gateway). Statements are only ever run to
 * completion (`all`/`run`; nothing streams), so one statement serves every caller in turn.
 */
function withStatementCache(sqlite: Database.Database): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => void sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Runs a department's migrations (an ordered record of name → migration) up to the latest. */
export async function migrateToLatest(db: AnyDatabase, migrations: Record<string, Migration>): Promise<void> {
  // On PostgreSQL the migration tables go in the department's schema: without it, Kysely finds
  // another department's tables through the catalogue and skips creating its own.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: schemas.get(db) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ""} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Makes `tables` append-only in the database itself: triggers refuse every UPDATE and DELETE (and
 * TRUNCATE on PostgreSQL) with `message`, whatever code or user tries. For migrations.
 */
export async function createAppendOnlyTriggers(db: AnyDatabase, tables: string[], message: string): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const quoted = message.replace(/'/g, "''");
  for (const table of tables) {
    if (sqlite) {
      for (const op of ["UPDATE", "DELETE"]) {
        await sql.raw(`CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${quoted}'); END`).execute(db);
      }
    } else {
      await sql
        .raw(`CREATE OR REPLACE FUNCTION ${table}_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '${quoted}'; END $$ LANGUAGE plpgsql`)
        .execute(db);
      await sql.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`).execute(db);
      await sql.raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only()`).execute(db);
    }
  }
}

/**
 * Page cache of a bulk load, per database (KiB; SQLite's default is 2 MB): the indexes' pages a
 * load touches at random stay in memory instead of going out to the WAL and back.
 */
const BULK_LOAD_CACHE_KIB = 256 * 1024;

export interface BulkLoad {
  /**
   * Call before a table's first row: if the table is empty, its plain (non-unique) indexes are
   * dropped inside the load and built again, from sorted keys and once, before the commit — unless a
   * trigger reads the table (its query could need them). Unique indexes stay: they decide what a
   * row conflicts with.
   */
  enter(table: string): void;
  /**
   * Commits the load, then durably copies the WAL into the database file and empties it (a FULL
   * sync again, the connection's own setting). Returns the checkpoint's frame counts.
   */
  commit(): { walFrames: number; checkpointed: number; busy: boolean };
  /** Rolls the whole load back: nothing of it stays. */
  rollback(): void;
}

/**
 * A bulk load into a SQLite database (the seed; never a write acknowledged to a caller): one
 * transaction for the whole load, so every page is written to the WAL once however often rows
 * land on it (SQLite rewrites a page in place in the WAL within a transaction), and copied into the
 * file once, by one checkpoint at the end. Measured (issue 31): a transaction per 500 subjects
 * with FULL sync and the default 2 MB cache wrote 62× the final size at 100,000 subjects and
 * ~150× at city scale, every commit and checkpoint rewriting index pages touched at random.
 * Nothing is synced until the checkpoint, which runs with FULL sync again: a load interrupted,
 * even by the machine, leaves nothing (uncommitted or torn WAL frames are ignored); a finished one
 * is on disk when the seed says so.
 */
export function startBulkLoad(sqlite: Database.Database): BulkLoad {
  const settings = ["synchronous", "cache_size", "temp_store", "wal_autocheckpoint"].map((name) => [name, sqlite.pragma(name, { simple: true })] as const);
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma(`cache_size = -${BULK_LOAD_CACHE_KIB}`);
  // Statement journals and sorts in memory, not in temporary files.
  sqlite.pragma("temp_store = MEMORY");
  // No checkpoint at the commit: the one below reports what it copies.
  sqlite.pragma("wal_autocheckpoint = 0");
  const restore = () => {
    for (const [name, value] of settings) sqlite.pragma(`${name} = ${value}`);
  };
  const triggerBodies = sqlite
    .prepare<[], { sql: string }>("select sql from sqlite_master where type = 'trigger'")
    .all()
    .map(({ sql }) => sql.slice(sql.search(/\bBEGIN\b/i)));
  const entered = new Set<string>();
  const deferred: string[] = [];
  sqlite.exec("BEGIN");
  return {
    enter(table) {
      if (entered.has(table)) return;
      entered.add(table);
      const word = new RegExp(`\\b${table}\\b`, "i");
      if (triggerBodies.some((body) => word.test(body)) || sqlite.prepare(`select 1 from "${table}" limit 1`).get()) return;
      // Indexes made by CREATE INDEX (sql not null) and not unique.
      const plain = sqlite
        .prepare<[string, string], { name: string; sql: string }>(
          `select m.name, m.sql from sqlite_master m join pragma_index_list(?) l on l.name = m.name
           where m.type = 'index' and m.tbl_name = ? and m.sql is not null and l."unique" = 0`,
        )
        .all(table, table);
      for (const index of plain) {
        sqlite.exec(`drop index "${index.name}"`);
        deferred.push(index.sql);
      }
    },
    commit() {
      for (const index of deferred) sqlite.exec(index);
      sqlite.exec("COMMIT");
      restore();
      // A passive checkpoint copies the frames and counts them; the truncating one (which reports
      // zeros once it has emptied the WAL) leaves no WAL the size of the load on disk.
      type Checkpoint = { busy: number; log: number; checkpointed: number };
      const result = sqlite.prepare<[], Checkpoint>("pragma wal_checkpoint(PASSIVE)").get();
      const truncated = sqlite.prepare<[], Checkpoint>("pragma wal_checkpoint(TRUNCATE)").get();
      return { walFrames: result?.log ?? 0, checkpointed: result?.checkpointed ?? 0, busy: Boolean(result?.busy || truncated?.busy) };
    },
    rollback() {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      restore();
    },
  };
}
