/**
 * Bulk import of a department's records: every row is validated first (fields, categories, the
 * department's extra columns, the subject in the directory, document numbers unique in the file),
 * and bad rows are reported by line. Then all rows are written in one transaction — or none; with
 * `skipInvalid`, the valid rows are written and the bad ones go to a rejects file. Rows are keyed by
 * their document number (决定书文号), so importing a file again adds nothing. Each record written
 * leaves its change row (`record_changes`, before null, after as stored) in the same transaction,
 * which the gateway's change drainer carries into the audit log.
 */
import { createHash } from "node:crypto";
import type { AnyDatabase } from "../../shared/db.js";
import fs from "node:fs";
import { createProgress } from "../../shared/progress.js";
import { appendRecordChanges } from "../../shared/record-changes.js";
import { validateRecordInput, type RecordInput } from "../../shared/records/validation.js";
import type { FindMissingSubjects } from "../../shared/records/writes.js";
import type { ImportSpec } from "../../shared/records/import-spec.js";
import { departmentOfTable, recordTables } from "../../shared/records/table.js";
import type { RecordColumns } from "../../shared/records/table.js";
import { normaliseColumn, readRows, type SourceRow } from "./read-rows.js";

export interface ImportOptions {
  db: AnyDatabase;
  spec: ImportSpec;
  file: string;
  /** Write the valid rows and put the bad ones in `<file>.rejects.ndjson`. @default false */
  skipInvalid?: boolean;
  findMissingSubjects: FindMissingSubjects;
  /** Show progress on stderr. @default true */
  progress?: boolean;
  /** Who imports, in each record's change row (the audit log's caller of the import's entry). @default "import" */
  actor?: string;
}

export interface ImportReport {
  rows: number;
  invalid: { line: number; reasons: string[] }[];
  /** Whether anything was written (false when bad rows stopped an all-or-nothing import). */
  written: boolean;
  inserted: number;
  /** Rows whose document number was imported before. */
  alreadyPresent: number;
  rejectsFile?: string;
}

type Built = { row?: Omit<RecordColumns, "updated_at">; reasons: string[] };

/** A source row as a record row, or the reasons it cannot be one (the directory is checked apart). */
function buildRow(source: SourceRow, spec: ImportSpec): Built {
  if (!source.cells) return { reasons: [source.problem ?? "unreadable"] };
  const cell = (name: string) => {
    const value = source.cells![normaliseColumn(name)];
    return value === undefined || value === "" ? undefined : value;
  };
  const amount = cell("amount");
  const input: RecordInput = {
    subjectId: cell("subjectId") ?? "",
    documentNo: cell("documentNo") ?? "",
    category: cell("category") ?? "",
    severity: cell("severity") ?? "",
    amount: amount === undefined ? undefined : Number(amount),
    description: cell("description") ?? "",
    decidedOn: cell("decidedOn") ?? "",
  };
  const { problems, row } = validateRecordInput(input, spec.categories, undefined, departmentOfTable(spec.table));
  const reasons = problems.map((p) => `${p.field}: ${p.message}`);
  if (amount !== undefined && !Number.isFinite(Number(amount))) reasons.push(`amount: "${amount}" is not a number`);
  const extra: Record<string, unknown> = {};
  for (const [column, parse] of Object.entries(spec.extraColumns ?? {})) {
    const result = parse(cell(column), input);
    if ("problem" in result) reasons.push(`${column}: ${result.problem}`);
    else extra[column] = result.value;
  }
  if (!row || reasons.length > 0) return { reasons };
  const id = `IMP-${createHash("sha256").update(`${spec.table}\n${row.document_no}`).digest("hex").slice(0, 24)}`;
  return { row: { id, ...row, ...extra }, reasons };
}

export async function importRecords(options: ImportOptions): Promise<ImportReport> {
  const { spec, file } = options;
  const size = fs.statSync(file).size;
  const report: ImportReport = { rows: 0, invalid: [], written: false, inserted: 0, alreadyPresent: 0 };
  const bad = new Map<number, string[]>();
  const documentLines = new Map<string, number>();
  let pendingCheck: { line: number; subjectId: string }[] = [];
  const checkDirectory = async () => {
    const missing = new Set(await options.findMissingSubjects(pendingCheck.map((p) => p.subjectId)));
    for (const p of pendingCheck) if (missing.has(p.subjectId)) bad.set(p.line, [`subjectId: ${p.subjectId} is not in the credit office's directory`]);
    pendingCheck = [];
  };

  // Pass 1: validate every row.
  const check = options.progress === false ? undefined : createProgress("validating", size);
  for await (const source of readRows(file, (b) => check?.tick(b))) {
    report.rows++;
    const { row, reasons } = buildRow(source, spec);
    if (row) {
      const first = documentLines.get(row.document_no);
      if (first !== undefined) reasons.push(`documentNo: "${row.document_no}" repeats line ${first}`);
      else documentLines.set(row.document_no, source.line);
    }
    if (reasons.length > 0 || !row) bad.set(source.line, reasons);
    else {
      pendingCheck.push({ line: source.line, subjectId: row.subject_id });
      if (pendingCheck.length >= 500) await checkDirectory();
    }
  }
  if (pendingCheck.length > 0) await checkDirectory();
  check?.finish();
  report.invalid = [...bad.entries()].sort((a, b) => a[0] - b[0]).map(([line, reasons]) => ({ line, reasons }));
  if (report.invalid.length > 0 && !options.skipInvalid) return report;

  // Pass 2: write the valid rows in one transaction.
  const write = options.progress === false ? undefined : createProgress("importing", size);
  const rejects: string[] = [];
  await options.db.transaction().execute(async (trx) => {
    let chunk: RecordColumns[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const inserted = await recordTables(trx)
        .insertInto(spec.table)
        .values(chunk)
        .onConflict((oc) => oc.column("document_no").doNothing())
        .returningAll()
        .execute();
      // Like every other write: each new record's change row in the same transaction, for the audit log.
      await appendRecordChanges(
        trx,
        options.actor ?? "import",
        spec.table,
        inserted.map((row) => ({ recordId: row.id, subjectId: row.subject_id, action: "RECORD" as const, before: null, after: { ...row } })),
      );
      report.inserted += inserted.length;
      report.alreadyPresent += chunk.length - inserted.length;
      chunk = [];
    };
    const updatedAt = new Date().toISOString();
    for await (const source of readRows(file, (b) => write?.tick(b))) {
      const reasons = bad.get(source.line);
      if (reasons) {
        rejects.push(JSON.stringify({ line: source.line, reasons, row: source.raw }));
        continue;
      }
      // Every line left has a row: a line without one is among the bad ones (skipped above, or nothing is written).
      const { row } = buildRow(source, spec);
      if (row) chunk.push({ ...row, updated_at: updatedAt });
      if (chunk.length >= 500) await flush();
    }
    await flush();
  });
  write?.finish();
  report.written = true;
  if (rejects.length > 0) {
    report.rejectsFile = `${file}.rejects.ndjson`;
    fs.writeFileSync(report.rejectsFile, `${rejects.join("\n")}\n`);
  }
  return report;
}
