/**
 * Per-request DataLoaders for entity references and per-subject records: one SQL statement per
 * table per batch, whatever the number of subjects in the `_entities` request.
 */
import DataLoader from "dataloader";

/** A row's key: a function of the row, or the name of its string column (`"subject_id"`). */
export type KeyOf<T> = ((row: T) => string) | { [K in keyof T]: T[K] extends string ? K : never }[keyof T];

const keyFunction = <T>(keyOf: KeyOf<T>): ((row: T) => string) => (typeof keyOf === "function" ? keyOf : (row) => String(row[keyOf]));

/** Loads one row per key (null when absent) with a single `where key in (...)` fetch per batch. */
export function createRowLoader<T>(fetch: (keys: readonly string[]) => Promise<T[]>, keyOf: KeyOf<T>): DataLoader<string, T | null> {
  const key = keyFunction(keyOf);
  return new DataLoader(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((row) => [key(row), row]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/** Loads the rows belonging to each key (empty when none) with a single fetch per batch. */
export function createGroupLoader<T>(fetch: (keys: readonly string[]) => Promise<T[]>, keyOf: KeyOf<T>): DataLoader<string, T[]> {
  const key = keyFunction(keyOf);
  return new DataLoader(async (keys) => {
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of await fetch(keys)) groups.get(key(row))?.push(row);
    return keys.map((k) => groups.get(k)!);
  });
}
