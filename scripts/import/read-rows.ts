/**
 * Streams the rows of a CSV (RFC 4180: header row, quoted fields with commas, quotes and line
 * breaks) or NDJSON file, each with the line it starts on, so a report can name it.
 */
import fs from "node:fs";
import readline from "node:readline";
import { CsvError, parse } from "csv-parse";
import { isRecord } from "../../shared/narrow.js";

export interface SourceRow {
  /** 1-based line of the file where the row starts (a CSV header is line 1). */
  line: number;
  /** Cells by normalised column name (lower case, no `_`/`-`/spaces), or a problem with the line itself. */
  cells?: Record<string, string>;
  problem?: string;
  /** The row as it was in the file, for a rejects file. */
  raw: string;
}

export const normaliseColumn = (name: string): string => name.toLowerCase().replace(/[\s_-]/g, "");

export function formatOf(file: string): "csv" | "ndjson" {
  if (/\.csv$/i.test(file)) return "csv";
  if (/\.(nd)?jsonl?$/i.test(file) || /\.ndjson$/i.test(file)) return "ndjson";
  throw new Error(`--file must end in .csv or .ndjson (or .jsonl), got "${file}"`);
}

/** Yields the file's rows; `onBytes` reports progress in bytes read. */
export async function* readRows(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<SourceRow> {
  if (formatOf(file) === "ndjson") yield* readNdjson(file, onBytes);
  else yield* readCsv(file, onBytes);
}

async function* readNdjson(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<SourceRow> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNo = 0;
  let bytes = 0;
  for await (const rawLine of lines) {
    lineNo++;
    bytes += Buffer.byteLength(rawLine) + 1;
    onBytes?.(bytes);
    const line = lineNo === 1 ? rawLine.replace(/^\uFEFF/, "") : rawLine;
    if (line.trim() === "") continue;
    try {
      const value = JSON.parse(line);
      if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not a JSON object");
      const cells = Object.fromEntries(Object.entries(value).map(([k, v]) => [normaliseColumn(k), v === null || v === undefined ? "" : String(v)]));
      yield { line: lineNo, cells, raw: line };
    } catch (error) {
      yield { line: lineNo, problem: `not a JSON object: ${error instanceof Error ? error.message : String(error)}`, raw: line };
    }
  }
}

/** What the CSV parser gives with the `raw` and `info` options (its stream's chunks are untyped). */
interface CsvRow {
  record: string[];
  raw: string;
  info: { bytes: number };
}
const isCsvRow = (row: unknown): row is CsvRow =>
  isRecord(row) && Array.isArray(row.record) && typeof row.raw === "string" && isRecord(row.info) && typeof row.info.bytes === "number";

/**
 * CSV by `csv-parse` (RFC 4180: quoted fields with commas, quotes and line breaks, CRLF kept
 * inside quotes, linear on long fields). Each row keeps the line it starts on and its raw text.
 */
async function* readCsv(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<SourceRow> {
  const parser = fs
    .createReadStream(file)
    .pipe(parse({ bom: true, raw: true, info: true, relax_column_count: true, skip_empty_lines: false, record_delimiter: ["\r\n", "\n"] }));
  let header: string[] | undefined;
  let nextLine = 1;
  try {
    for await (const row of parser) {
      if (!isCsvRow(row)) throw new Error("the parser gave a row without its raw text");
      const { record, raw, info } = row;
      const line = nextLine;
      // The next record starts after every line break of this one (its terminator included).
      nextLine += raw.match(/\r\n|\r|\n/g)?.length ?? 0;
      onBytes?.(info.bytes);
      // (csv-parse leaves the "\r" of a CRLF terminator in `raw` and drops its "\n".)
      const text = raw.replace(/(\r\n|\r|\n)$/, "");
      if (!header) {
        header = record.map(normaliseColumn);
        continue;
      }
      if (record.length === 1 && record[0].trim() === "") continue;
      if (record.length !== header.length) {
        yield { line, problem: `has ${record.length} fields, the header has ${header.length}`, raw: text };
        continue;
      }
      yield { line, cells: Object.fromEntries(header.map((h, i) => [h, record[i].trim()])), raw: text };
    }
  } catch (error) {
    const code = error instanceof CsvError ? error.code : undefined;
    const problem =
      code === "CSV_QUOTE_NOT_CLOSED" ? "a quoted field is never closed" : `is not valid CSV: ${error instanceof Error ? error.message : String(error)}`;
    yield { line: nextLine, problem, raw: "" };
  }
}
