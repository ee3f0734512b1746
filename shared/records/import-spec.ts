/** How `npm run import` reads a department's records from a file. */
import type { RecordInput } from "./validation.js";

/**
 * An extra column of a department's record table, parsed from an import cell (`raw` is undefined
 * when the file has no such column or the cell is empty); `input` is the row's common fields, for
 * rules that depend on them (e.g. a cause required for one category).
 */
export type ExtraColumn = (raw: string | undefined, input: RecordInput) => { value: unknown } | { problem: string };

/** How `npm run import` reads a department's records: its record table and categories, and any extra columns. */
export interface ImportSpec {
  table: string;
  categories: readonly string[];
  extraColumns?: Record<string, ExtraColumn>;
}
