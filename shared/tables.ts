/**
 * Tables as data, for migrations: a column is written as its DDL reads — a type, then any of
 * `not null`, `unique`, `primary key`, `references <table>.<column>`, `default <integer|'text'>`
 * (`{ subject_id: "varchar(18) not null references subjects.id" }`) — and the kernel makes the same
 * Kysely builder calls a hand-written chain would (so the SQL, on SQLite and PostgreSQL, is the same).
 */
import type { ColumnDefinitionBuilder, CreateTableBuilder, Migration } from "kysely";
import type { AnyDatabase } from "./db.js";

/** The portable column types the migrations use. */
export type ColumnType = "text" | "integer" | "bigint" | `varchar(${number})`;
/** A column: its type, then its modifiers. */
export type Column = ColumnType | `${ColumnType} ${string}`;
/** Columns by name, in table order. */
export type Columns = Record<string, Column>;

const isColumnType = (type: string): type is ColumnType => /^(text|integer|bigint|varchar\(\d+\))$/.test(type);

/** A column's type and the builder callback its modifiers make; throws on a word it does not know. */
function columnOf(name: string, column: Column): [ColumnType, (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  const [type, ...words] = column.split(" ");
  if (!isColumnType(type)) throw new Error(`column ${name}: unknown type "${type}"`);
  const steps: ((c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder)[] = [];
  for (let i = 0; i < words.length; i++) {
    const pair = `${words[i]} ${words[i + 1]}`;
    if (pair === "not null" || pair === "primary key") {
      steps.push(pair === "not null" ? (c) => c.notNull() : (c) => c.primaryKey());
      i++;
    } else if (words[i] === "unique") steps.push((c) => c.unique());
    else if (words[i] === "references" && words[i + 1]) {
      const target = words[++i];
      steps.push((c) => c.references(target));
    } else if (words[i] === "default" && /^(-?\d+|'[^' ]*')$/.test(words[i + 1] ?? "")) {
      const value = words[++i];
      steps.push((c) => c.defaultTo(value.startsWith("'") ? value.slice(1, -1) : Number(value)));
    } else throw new Error(`column ${name}: unknown modifier "${words[i]}" in "${column}"`);
  }
  return [type, (c) => steps.reduce((built, step) => step(built), c)];
}

/** `createTable(table)` with its columns, not executed: the caller adds its table constraints. */
export function buildTable(db: AnyDatabase, table: string, columns: Columns): CreateTableBuilder<string, string> {
  let built: CreateTableBuilder<string, string> = db.schema.createTable(table);
  for (const [name, column] of Object.entries(columns)) built = built.addColumn(name, ...columnOf(name, column));
  return built;
}

/** Creates a table with its columns. */
export async function createTable(db: AnyDatabase, table: string, columns: Columns): Promise<void> {
  await buildTable(db, table, columns).execute();
}

/** Creates indexes on a table (name → columns), in order. */
export async function createIndexes(db: AnyDatabase, table: string, indexes: Record<string, string[]>): Promise<void> {
  for (const [name, columns] of Object.entries(indexes)) await db.schema.createIndex(name).on(table).columns(columns).execute();
}

/** Adds columns to a table, one statement each, in order (every column read before the first runs). */
export async function addColumns(db: AnyDatabase, table: string, columns: Columns): Promise<void> {
  const read = Object.entries(columns).map(([name, column]) => [name, ...columnOf(name, column)] as const);
  for (const [name, type, modifiers] of read) await db.schema.alterTable(table).addColumn(name, type, modifiers).execute();
}

/** Drops columns from a table, in the order given. */
export async function dropColumns(db: AnyDatabase, table: string, columns: readonly string[]): Promise<void> {
  for (const column of columns) await db.schema.alterTable(table).dropColumn(column).execute();
}

/** Drops tables, in the order given (dependents first). */
export async function dropTables(db: AnyDatabase, tables: readonly string[]): Promise<void> {
  for (const table of tables) await db.schema.dropTable(table).execute();
}

/** The migration that adds columns to a table (down drops them, last first). */
export const addColumnsMigration = (table: string, columns: Columns): Migration => ({
  up: (db: AnyDatabase) => addColumns(db, table, columns),
  down: (db: AnyDatabase) => dropColumns(db, table, Object.keys(columns).reverse()),
});
