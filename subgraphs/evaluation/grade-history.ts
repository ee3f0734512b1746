/**
 * Per-subject grades between population snapshots, kept compactly: a row only when a subject's
 * grade differs from its last one (its first grade included, with no previous), written by the
 * snapshot in the same transaction as the page's counts and cursor — so a resumed snapshot neither
 * loses nor doubles a change, and a snapshot that changes nothing writes nothing. Each row keeps
 * the reasons the evaluation gave with the grade, so the next change can name the reasons that
 * changed. An incomplete evaluation (a department down) is no grade: it is neither compared nor kept.
 *
 * The table is in the evaluation's database (migration "002_grade_history"): the grade is the
 * evaluation's result, and the snapshot already writes there page by page. Its row type and its
 * reader are the kernel's (shared/grade-history.ts): the credit office's notices worker reads it.
 */
import type { CreateTableBuilder, Migration, Transaction } from "kysely";
import type { AnyDatabase } from "../../shared/db.js";
import { type GradeChangeTable, type GradeHistoryDB, type GradeReason, historyOf } from "../../shared/grade-history.js";

/** The table's columns: name, type, whether it may be null. */
const COLUMNS: [keyof GradeChangeTable, "varchar(10)" | "varchar(16)" | "varchar(18)" | "varchar(32)" | "varchar(48)" | "text", boolean][] = [
  ["subject_id", "varchar(18)", false],
  ["snapshot_id", "varchar(48)", false],
  ["kind", "varchar(16)", false],
  ["grade", "varchar(16)", false],
  ["previous_grade", "varchar(16)", true],
  ["as_of", "varchar(10)", false],
  ["reasons", "text", false],
  ["changed_at", "varchar(32)", false],
];

export const gradeHistoryMigration: Migration = {
  async up(db: AnyDatabase) {
    let table: CreateTableBuilder<string, string> = db.schema.createTable("evaluation_grade_changes");
    for (const [name, type, nullable] of COLUMNS) table = table.addColumn(name, type, (c) => (nullable ? c : c.notNull()));
    await table.addPrimaryKeyConstraint("evaluation_grade_changes_pk", ["subject_id", "snapshot_id"]).execute();
    await db.schema.createIndex("evaluation_grade_changes_time").on("evaluation_grade_changes").columns(["changed_at", "subject_id"]).execute();
  },
  async down(db: AnyDatabase) {
    await db.schema.dropTable("evaluation_grade_changes").execute();
  },
};

/** A subject's grade as one snapshot page saw it (complete evaluations only). */
export interface SeenGrade {
  subjectId: string;
  kind: string;
  grade: string;
  reasons: GradeReason[];
}

/** Ids per lookup: well below every database's bind-parameter limit. */
const LOOKUP = 1000;

/**
 * Writes, inside the page's transaction, a row for each subject whose grade differs from its last
 * one; returns how many. One indexed read per 1,000 subjects (their rows, changes only, are few).
 */
export async function recordGradeChanges(
  trx: Transaction<GradeHistoryDB>,
  snapshot: { id: string; asOf: string },
  seen: readonly SeenGrade[],
  at: string,
): Promise<number> {
  const rows: GradeChangeTable[] = [];
  for (let i = 0; i < seen.length; i += LOOKUP) {
    const part = seen.slice(i, i + LOOKUP);
    const last = new Map<string, { snapshot_id: string; grade: string }>();
    const known = await historyOf(
      trx,
      part.map((s) => s.subjectId),
      ["grade"],
    );
    for (const row of known) {
      const before = last.get(row.subject_id);
      if (!before || before.snapshot_id < row.snapshot_id) last.set(row.subject_id, row);
    }
    for (const s of part) {
      const before = last.get(s.subjectId);
      // The same snapshot seen again (a page redone) or the same grade: nothing to keep.
      if (before && (before.grade === s.grade || before.snapshot_id === snapshot.id)) continue;
      rows.push({
        subject_id: s.subjectId,
        snapshot_id: snapshot.id,
        kind: s.kind,
        grade: s.grade,
        previous_grade: before?.grade ?? null,
        as_of: snapshot.asOf,
        reasons: JSON.stringify(s.reasons),
        changed_at: at,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto("evaluation_grade_changes")
      .values(rows.slice(i, i + 500))
      .execute();
  return rows.length;
}
