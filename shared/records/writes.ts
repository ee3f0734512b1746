/**
 * The record / correct / close writes: each in one transaction with its change row (the change is
 * reported once committed), on a department's {@link RecordStore}.
 */
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { AnyDatabase } from "../db.js";
import { createError, createValidationError, ErrorCodes } from "../errors.js";
import { fenToYuan } from "../money.js";
import { appendRecordChange, reportChange, type RecordChange, type WriteScope } from "../record-changes.js";
import { isIsoDate, todayInChina } from "../scalars.js";
import { checkText } from "../text.js";
import { asRow, type RecordColumns, recordTables } from "./table.js";
import { type RecordInput, validateRecordInput } from "./validation.js";

/** Checks which subject ids the credit office's directory does not know. */
export type FindMissingSubjects = (ids: string[]) => Promise<string[]>;

export interface RecordStore<Row extends RecordColumns = RecordColumns> {
  db: AnyDatabase;
  /** The department, as its changes are reported. */
  department: string;
  /** The department's record table. */
  table: string;
  /** Its category codes (shared/departments.ts). */
  categories: readonly string[];
  findMissingSubjects: FindMissingSubjects;
  /** Who writes, and where the request's committed changes go. */
  scope: WriteScope;
}

/**
 * The prefix of a department's record ids: the first three letters of its name (`TAX`, `HEA`,
 * `TRA` for transport, `PUB` for public resources, `MAR`), so an id names its department. Three,
 * so that an id with its UUID fits the 40 characters other tables keep a record id in (the credit
 * office's repairs). Ids were made from the table's name before, which gave transport and trading
 * records both `TRA`; those of trading records keep that prefix as stored. A test keeps the
 * prefixes of the record departments distinct (tests/storage/record-ids.test.ts).
 */
export const recordIdPrefix = (department: string): string => department.slice(0, 3).toUpperCase();

/** A new record's id: its department's prefix and a UUID. */
export const newRecordId = (department: string): string => `${recordIdPrefix(department)}-${randomUUID()}`;

/** A stored row as a change reports it. */
const snapshot = (row: RecordColumns): Record<string, unknown> => ({ ...row });

/** Runs a write in one transaction with its change row; reports the change once committed. */
export async function writeWithChange<Row extends RecordColumns>(
  store: RecordStore<Row>,
  write: (trx: Transaction<Record<string, RecordColumns>>) => Promise<{ before: RecordColumns | null; after: RecordColumns; action: RecordChange["action"] }>,
): Promise<Row> {
  const { after, change } = await recordTables(store.db)
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
  const { problems, row } = validateRecordInput(input, store.categories, todayInChina(), store.department);
  if (!row) throw createValidationError(problems);
  if ((await store.findMissingSubjects([row.subject_id])).length > 0) {
    throw createError(ErrorCodes.NOT_FOUND, `Subject ${row.subject_id} is not in the credit office's directory`);
  }
  const duplicate = (id: string) => createError(ErrorCodes.CONFLICT, `A record with document number "${row.document_no}" exists already (${id})`);
  try {
    return await writeWithChange(store, async (trx) => {
      const existing = await trx.selectFrom(store.table).select("id").where("document_no", "=", row.document_no).executeTakeFirst();
      if (existing) throw duplicate(existing.id);
      const full = { id: newRecordId(store.department), ...row, ...extra, updated_at: new Date().toISOString() };
      const after = await trx.insertInto(store.table).values(full).returningAll().executeTakeFirstOrThrow();
      return { before: null, after, action: "RECORD" };
    });
  } catch (error) {
    // The check above and the insert are not one step: a concurrent write of the same number can
    // commit between them. The table's unique index on the (normalised) number then refuses this
    // insert, and its caller gets what a sequential duplicate gets.
    if (!isUniqueViolation(error)) throw error;
    const winner = await store.db.selectFrom(store.table).select("id").where("document_no", "=", row.document_no).executeTakeFirst();
    if (!winner) throw error;
    throw duplicate(winner.id);
  }
}

/** A unique index refused a write: SQLite's constraint error, PostgreSQL's unique_violation (23505). */
const isUniqueViolation = (error: unknown): boolean => {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
};

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
    const { problems, row } = validateRecordInput(merged, store.categories, todayInChina(), store.department);
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
