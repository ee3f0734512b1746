/**
 * The record every department keeps (DESIGN.md "Every record carries what the scoring and the
 * repair rules need"): columns, migration helper, validation, and the record / correct / close
 * writes. A department adds its own categories and, where it has them, a few extra columns.
 */
import { randomUUID } from "node:crypto";
import type { AnyDatabase } from "./db.js";
import type { CreateTableBuilder, Kysely, Migration, Transaction } from "kysely";
import { createError, createValidationError, ErrorCodes } from "./errors.js";
import { parseSubjectId } from "./ids.js";
import { fenToYuan, yuanToFen } from "./money.js";
import { computePublicityEnd, computeRecordStatus, SEVERITIES, type RecordStatus, type Severity } from "./publicity.js";
import { appendRecordChange, reportChange, type RecordChange, type WriteScope } from "./record-changes.js";
import { EARLIEST_DATE, isIsoDate, todayInChina } from "./scalars.js";
import { checkText, findUnsafeCharacter, normaliseDocumentNo } from "./text.js";

/** Columns every department record table has; `C` is the department's category values. */
export interface RecordColumns<C extends string = string> {
  id: string;
  subject_id: string;
  /** Decision document number (决定书文号): the natural key, unique per department. */
  document_no: string;
  category: C;
  severity: Severity;
  amount_fen: number | null;
  description: string;
  decided_on: string;
  publicity_ends_on: string;
  /** Stored status; EXPIRED is computed from the publicity end date. */
  status: "ACTIVE" | "REPAIRED" | "REMOVED";
  closed_on: string | null;
  /** Why it was closed: a removal's legal basis, or the repair application that closed it. */
  closure_basis: string | null;
  updated_at: string;
  /** 1 when decided by simple procedure (简易程序: a warning or small fine on the spot); excluded from special credit reports. */
  simple_procedure: number;
}

/** The migration that adds `closure_basis` to a department's record table (`"004_closure_basis"`). */
export const closureBasisMigration = (table: string): Migration => ({
  async up(db: AnyDatabase) {
    await db.schema.alterTable(table).addColumn("closure_basis", "text").execute();
  },
  async down(db: AnyDatabase) {
    await db.schema.alterTable(table).dropColumn("closure_basis").execute();
  },
});

/**
 * The migration that adds `simple_procedure` to a department's record table (every department
 * with records registers it, e.g. `"003_simple_procedure": simpleProcedureMigration("tax_violations")`).
 */
export const simpleProcedureMigration = (table: string): Migration => ({
  async up(db: AnyDatabase) {
    await db.schema
      .alterTable(table)
      .addColumn("simple_procedure", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: AnyDatabase) {
    await db.schema.alterTable(table).dropColumn("simple_procedure").execute();
  },
});

/** Adds the common record columns to a `createTable` (the department adds its own after). */
export function addRecordColumns<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, never> {
  return table
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
    .addColumn("document_no", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("category", "varchar(40)", (c) => c.notNull())
    .addColumn("severity", "varchar(16)", (c) => c.notNull())
    .addColumn("amount_fen", "bigint")
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("decided_on", "varchar(10)", (c) => c.notNull())
    .addColumn("publicity_ends_on", "varchar(10)", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("closed_on", "varchar(10)")
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull());
}

/** The GraphQL shape of the common fields (see `DepartmentRecord` in record.type.ts). */
export interface RecordFields<C extends string = string> {
  id: string;
  subjectId: string;
  documentNo: string;
  category: C;
  severity: Severity;
  amount: number | null;
  description: string;
  decidedOn: string;
  publicityEndsOn: string;
  status: RecordStatus;
  closedOn: string | null;
  closureBasis: string | null;
  simpleProcedure: boolean;
}

export function toRecordFields<C extends string>(row: RecordColumns<C>, today = todayInChina()): RecordFields<C> {
  return {
    id: row.id,
    subjectId: row.subject_id,
    documentNo: row.document_no,
    category: row.category,
    severity: row.severity,
    amount: row.amount_fen === null ? null : fenToYuan(row.amount_fen),
    description: row.description,
    decidedOn: row.decided_on,
    publicityEndsOn: row.publicity_ends_on,
    status: computeRecordStatus(row.status, row.publicity_ends_on, today),
    closedOn: row.closed_on,
    closureBasis: row.closure_basis ?? null,
    simpleProcedure: Boolean(row.simple_procedure),
  };
}

/** What a frontend or an import row gives for a new record. */
export interface RecordInput {
  subjectId: string;
  documentNo: string;
  category: string;
  severity: string;
  amount?: number | null;
  description: string;
  decidedOn: string;
  /** Decided by simple procedure (简易程序). @default false */
  simpleProcedure?: boolean | null;
}

export type Problem = { field: string; message: string };

/** Checks a new record's common fields; `categories` are the department's allowed values. */
export function validateRecordInput<C extends string>(
  input: RecordInput,
  categories: readonly C[],
  today = todayInChina(),
): { problems: Problem[]; row?: Omit<RecordColumns<C>, "id" | "updated_at"> } {
  const problems: Problem[] = [];
  const id = parseSubjectId(String(input.subjectId ?? ""));
  if (!id.ok) problems.push({ field: "subjectId", message: id.problem.message });
  const documentNo = normaliseDocumentNo(String(input.documentNo ?? ""));
  const unsafeDocumentNo = findUnsafeCharacter(documentNo);
  if (documentNo.length < 1 || documentNo.length > 64) problems.push({ field: "documentNo", message: "must be 1–64 characters" });
  else if (unsafeDocumentNo) problems.push({ field: "documentNo", message: unsafeDocumentNo });
  const category = categories.find((c) => c === input.category);
  if (category === undefined) problems.push({ field: "category", message: `must be one of ${categories.join(", ")}, got "${input.category}"` });
  const severity = SEVERITIES.find((v) => v === input.severity);
  if (severity === undefined) problems.push({ field: "severity", message: `must be GENERAL or SERIOUS, got "${input.severity}"` });
  let amountFen: number | null = null;
  if (input.amount !== undefined && input.amount !== null) {
    const money = yuanToFen(Number(input.amount));
    if ("problem" in money) problems.push({ field: "amount", message: money.problem });
    else amountFen = money.fen;
  }
  const description = String(input.description ?? "")
    .normalize("NFC")
    .trim();
  const unsafeDescription = findUnsafeCharacter(description);
  if (description.length < 1 || description.length > 500) problems.push({ field: "description", message: "must be 1–500 characters" });
  else if (unsafeDescription) problems.push({ field: "description", message: unsafeDescription });
  if (!isIsoDate(String(input.decidedOn))) problems.push({ field: "decidedOn", message: `must be a date YYYY-MM-DD, got "${input.decidedOn}"` });
  else if (input.decidedOn > today) problems.push({ field: "decidedOn", message: `${input.decidedOn} is in the future` });
  else if (input.decidedOn < EARLIEST_DATE) problems.push({ field: "decidedOn", message: `${input.decidedOn} is before ${EARLIEST_DATE}` });
  if (problems.length > 0 || !id.ok || category === undefined || severity === undefined) return { problems };
  return {
    problems,
    row: {
      subject_id: id.value.id,
      document_no: documentNo,
      category,
      severity,
      amount_fen: amountFen,
      description,
      decided_on: input.decidedOn,
      publicity_ends_on: computePublicityEnd(input.decidedOn, severity),
      status: "ACTIVE",
      closed_on: null,
      closure_basis: null,
      simple_procedure: input.simpleProcedure ? 1 : 0,
    },
  };
}

/**
 * A department database seen through its record table: any table name, rows of the department's
 * record type. (Kysely types tables by name; the record kernel works on whichever table the
 * department names, so this one view is where the kernel meets the department's own DB type.)
 */
const view = (db: AnyDatabase) => db as unknown as Kysely<Record<string, RecordColumns>>;

/** A row of the department's table, typed as the department declares it (the store's `Row`). */
const asRow = <Row extends RecordColumns>(row: RecordColumns): Row => row as Row;

/** Checks which subject ids the credit office's directory does not know. */
export type FindMissingSubjects = (ids: string[]) => Promise<string[]>;

export interface RecordStore<Row extends RecordColumns = RecordColumns> {
  db: AnyDatabase;
  /** The department, as its changes are reported. */
  department: string;
  /** The department's record table. */
  table: string;
  categories: readonly Row["category"][];
  findMissingSubjects: FindMissingSubjects;
  /** Who writes, and where the request's committed changes go. */
  scope: WriteScope;
}

/** A stored row as a change reports it. */
const snapshot = (row: RecordColumns): Record<string, unknown> => ({ ...row });

/** Runs a write in one transaction with its change row; reports the change once committed. */
export async function writeWithChange<Row extends RecordColumns>(
  store: RecordStore<Row>,
  write: (trx: Transaction<Record<string, RecordColumns>>) => Promise<{ before: RecordColumns | null; after: RecordColumns; action: RecordChange["action"] }>,
): Promise<Row> {
  const { after, change } = await view(store.db)
    .transaction()
    .execute(async (trx) => {
      const { before, after, action } = await write(trx);
      const change = await appendRecordChange(trx, store.scope, store.table, {
        department: store.department,
        recordId: after.id,
        subjectId: after.subject_id,
        action,
        before: before && snapshot(before),
        after: snapshot(after),
      });
      return { after, change };
    });
  reportChange(store.scope, change);
  return asRow<Row>(after);
}

/** Records a new record: validated, its subject known to the directory, its document number new. */
export async function recordRecord<Row extends RecordColumns>(store: RecordStore<Row>, input: RecordInput, extra: Partial<Row> = {}): Promise<Row> {
  const { problems, row } = validateRecordInput(input, store.categories);
  if (!row) throw createValidationError(problems);
  if ((await store.findMissingSubjects([row.subject_id])).length > 0) {
    throw createError(ErrorCodes.NOT_FOUND, `Subject ${row.subject_id} is not in the credit office's directory`);
  }
  return writeWithChange(store, async (trx) => {
    const existing = await trx.selectFrom(store.table).select("id").where("document_no", "=", row.document_no).executeTakeFirst();
    if (existing) throw createError(ErrorCodes.CONFLICT, `A record with document number "${row.document_no}" exists already (${existing.id})`);
    const full = { id: `${store.table.toUpperCase().slice(0, 3)}-${randomUUID()}`, ...row, ...extra, updated_at: new Date().toISOString() };
    const after = await trx.insertInto(store.table).values(full).returningAll().executeTakeFirstOrThrow();
    return { before: null, after, action: "RECORD" };
  });
}

/** What a correction may change. */
export interface RecordCorrection {
  category?: string;
  severity?: string;
  amount?: number | null;
  description?: string;
  decidedOn?: string;
}

/** Corrects a record's facts (the publicity end date follows); a closed record cannot be corrected. */
export async function correctRecord<Row extends RecordColumns>(
  store: RecordStore<Row>,
  id: string,
  correction: RecordCorrection,
  extra: Partial<Row> = {},
): Promise<Row> {
  return writeWithChange(store, async (trx) => {
    const current = await trx.selectFrom(store.table).selectAll().where("id", "=", id).executeTakeFirst();
    if (!current) throw createError(ErrorCodes.NOT_FOUND, `No record "${id}"`);
    if (current.status !== "ACTIVE") throw createError(ErrorCodes.CONFLICT, `Record "${id}" is closed (${current.status}) and cannot be corrected`);
    const merged: RecordInput = {
      subjectId: current.subject_id,
      documentNo: current.document_no,
      category: correction.category ?? current.category,
      severity: correction.severity ?? current.severity,
      amount: correction.amount === undefined ? (current.amount_fen === null ? null : fenToYuan(current.amount_fen)) : correction.amount,
      description: correction.description ?? current.description,
      decidedOn: correction.decidedOn ?? current.decided_on,
    };
    const { problems, row } = validateRecordInput(merged, store.categories);
    if (!row) throw createValidationError(problems);
    const { subject_id: _s, document_no: _d, status: _st, closed_on: _c, closure_basis: _b, ...patch } = row;
    const after = await trx
      .updateTable(store.table)
      .set({ ...patch, ...extra, updated_at: new Date().toISOString() })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { before: current, after, action: "CORRECT" };
  });
}

/**
 * Removes a record on a legal basis (a court decision, the decision revoked) on `closedOn`: it
 * stays stored but stops counting, and is never a repair — repairs go through the credit office's
 * application and review (record-repair.ts). `closedOn` lies between the decision and today.
 */
export async function closeRecord<Row extends RecordColumns>(store: RecordStore<Row>, id: string, closedOn: string, legalBasis: string): Promise<Row> {
  const basis = checkText("legalBasis", legalBasis, 200);
  const problems = [
    ...(isIsoDate(closedOn) && closedOn <= todayInChina()
      ? []
      : [{ field: "closedOn", message: `must be a date YYYY-MM-DD not in the future, got "${closedOn}"` }]),
    ...(basis.problem ? [basis.problem] : []),
  ];
  if (problems.length > 0) throw createValidationError(problems);
  return writeWithChange(store, async (trx) => {
    const current = await trx.selectFrom(store.table).selectAll().where("id", "=", id).executeTakeFirst();
    if (!current) throw createError(ErrorCodes.NOT_FOUND, `No record "${id}"`);
    if (current.status !== "ACTIVE") throw createError(ErrorCodes.CONFLICT, `Record "${id}" is closed already`);
    if (closedOn < current.decided_on) {
      throw createValidationError([{ field: "closedOn", message: `${closedOn} is before the decision of ${current.decided_on}` }]);
    }
    const after = await trx
      .updateTable(store.table)
      .set({ status: "REMOVED", closed_on: closedOn, closure_basis: basis.text, updated_at: new Date().toISOString() })
      .where("id", "=", id)
      .where("status", "=", "ACTIVE")
      .returningAll()
      .executeTakeFirstOrThrow();
    return { before: current, after, action: "CLOSE" };
  });
}

/** A department's records of some subjects, newest decision first (one statement per batch). */
export async function loadRecords<Row extends RecordColumns>(db: AnyDatabase, table: string, subjectIds: readonly string[]): Promise<Row[]> {
  const rows = await view(db).selectFrom(table).selectAll().where("subject_id", "in", subjectIds).orderBy("decided_on", "desc").execute();
  return rows.map((row) => asRow<Row>(row));
}

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
