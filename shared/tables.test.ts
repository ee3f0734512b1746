import {
  type DialectAdapter,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresQueryCompiler,
  type QueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from "kysely";
import { describe, expect, it } from "vitest";
import { addColumns, buildTable } from "./tables.js";

// Compiles only: a dialect with no connection.
const compiler = (adapter: DialectAdapter, compiler: QueryCompiler) =>
  new Kysely<unknown>({
    dialect: {
      createAdapter: () => adapter,
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => compiler,
    },
  });
const sqlite = compiler(new SqliteAdapter(), new SqliteQueryCompiler());
const postgres = compiler(new PostgresAdapter(), new PostgresQueryCompiler());

describe("tables as data", () => {
  it.each([
    ["SQLite", sqlite],
    ["PostgreSQL", postgres],
  ])("compiles to the SQL of the hand-written builder chain (%s)", (_, db) => {
    const columns = {
      id: "varchar(40) primary key",
      subject_id: "varchar(18) not null references subjects.id",
      document_no: "varchar(64) not null unique",
      amount_fen: "bigint",
      upheld: "integer not null default 0",
      source: "varchar(16) not null default 'APPROVAL'",
    } as const;
    const byHand = db.schema
      .createTable("t")
      .addColumn("id", "varchar(40)", (c) => c.primaryKey())
      .addColumn("subject_id", "varchar(18)", (c) => c.notNull().references("subjects.id"))
      .addColumn("document_no", "varchar(64)", (c) => c.notNull().unique())
      .addColumn("amount_fen", "bigint")
      .addColumn("upheld", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("source", "varchar(16)", (c) => c.notNull().defaultTo("APPROVAL"));
    expect(buildTable(db, "t", columns).compile().sql).toBe(byHand.compile().sql);
  });

  it("refuses a column it cannot read, naming it, before any statement runs", async () => {
    await expect(addColumns(sqlite, "t", { a: "text", b: "varchar(8) nullable" })).rejects.toThrow('column b: unknown modifier "nullable"');
    expect(() => buildTable(sqlite, "t", { a: "text", b: "integer default x" })).toThrow('column b: unknown modifier "default"');
  });
});
