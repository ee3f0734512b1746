/**
 * Streams the rows of a CSV (RFC 4180: header row, quoted fields with commas, quotes and line
 * breaks) or NDJSON file, each with the line it starts on, so a report can name it.
 */
import fs from "node:fs";
import readline from "node:readline";

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

/** Splits CSV text into fields; returns undefined while a quoted field is still open. */
function splitCsv(text: string): string[] | undefined {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else field += c;
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}

export function formatOf(file: string): "csv" | "ndjson" {
  if (/\.csv$/i.test(file)) return "csv";
  if (/\.(nd)?jsonl?$/i.test(file) || /\.ndjson$/i.test(file)) return "ndjson";
  throw new Error(`--file must end in .csv or .ndjson (or .jsonl), got "${file}"`);
}

/** Yields the file's rows; `onBytes` reports progress in bytes read. */
export async function* readRows(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<SourceRow> {
  const format = formatOf(file);
  const stream = fs.createReadStream(file, { encoding: "utf8" });
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  let bytes = 0;
  let header: string[] | undefined;
  let pending: { start: number; text: string } | undefined;
  for await (const rawLine of lines) {
    lineNo++;
    bytes += Buffer.byteLength(rawLine) + 1;
    onBytes?.(bytes);
    const line = lineNo === 1 ? rawLine.replace(/^\uFEFF/, "") : rawLine;
    if (format === "ndjson") {
      if (line.trim() === "") continue;
      try {
        const value = JSON.parse(line);
        if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not a JSON object");
        const cells = Object.fromEntries(Object.entries(value).map(([k, v]) => [normaliseColumn(k), v === null || v === undefined ? "" : String(v)]));
        yield { line: lineNo, cells, raw: line };
      } catch (error) {
        yield { line: lineNo, problem: `not a JSON object: ${(error as Error).message}`, raw: line };
      }
      continue;
    }
    const text = pending ? `${pending.text}\n${line}` : line;
    const start = pending?.start ?? lineNo;
    const fields = splitCsv(text);
    if (!fields) {
      pending = { start, text };
      continue;
    }
    pending = undefined;
    if (!header) {
      header = fields.map(normaliseColumn);
      continue;
    }
    if (text.trim() === "") continue;
    if (fields.length !== header.length) {
      yield { line: start, problem: `has ${fields.length} fields, the header has ${header.length}`, raw: text };
      continue;
    }
    yield { line: start, cells: Object.fromEntries(header.map((h, i) => [h, fields[i].trim()])), raw: text };
  }
  if (pending) yield { line: pending.start, problem: "a quoted field is never closed", raw: pending.text };
}
