/** Reading a department's records back. */
import type { AnyDatabase } from "../db.js";
import { asRow, type RecordColumns, recordTables } from "./table.js";

/** A department's records of some subjects, newest decision first (one statement per batch). */
export async function loadRecords<Row extends RecordColumns>(db: AnyDatabase, table: string, subjectIds: readonly string[]): Promise<Row[]> {
  const rows = await recordTables(db).selectFrom(table).selectAll().where("subject_id", "in", subjectIds).orderBy("decided_on", "desc").execute();
  return rows.map((row) => asRow<Row>(row));
}
