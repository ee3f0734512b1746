/**
 * Per-request DataLoaders for entity references and per-subject records: one SQL statement per
 * table per batch, whatever the number of subjects in the `_entities` request.
 */
import DataLoader from "dataloader";

/** Loads one row per key (null when absent) with a single `where key in (...)` fetch per batch. */
export function createRowLoader<T>(fetch: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string): DataLoader<string, T | null> {
  return new DataLoader(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/** Loads the rows belonging to each key (empty when none) with a single fetch per batch. */
export function createGroupLoader<T>(fetch: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of await fetch(keys)) groups.get(keyOf(row))?.push(row);
    return keys.map((k) => groups.get(k)!);
  });
}
