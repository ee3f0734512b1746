/**
 * Per-subject grades between population snapshots, kept compactly: a row only when a subject's
 * grade differs from its last one (its first grade included, with no previous), written by the
 * snapshot in the same transaction as the page's counts and cursor — so a resumed snapshot neither
 * loses nor doubles a change, and a snapshot that changes nothing writes nothing. Each row keeps
 * the reasons the evaluation gave with the grade, so the next change can name the reasons that
 * changed. An incomplete evaluation (a department down) is no grade: it is neither compared nor kept.
 *
 * The table is in the evaluation's database (migration "002_grade_history"): the grade is the
 * evaluation's result, and the snapshot already writes there page by page. The credit office's
 * notices worker reads it (subgraphs/credit/notices/notice-grades.ts) by `changed_at`, and tells
 * the changes that have a previous grade (GRADE_CHANGED).
 */
import type { CreateTableBuilder, Kysely, Migration, Transaction } from "kysely";
import type { AnyDatabase } from "../../shared/db.js";

/** One reason of an evaluation, as the history keeps it: what it is about and its words. */
export interface GradeReason {
  kind: string;
  department: string;
  recordId: string | null;
  zh: string;
  en: string;
}

/** One grade change of one subject. */
export interface GradeChangeTable {
  subject_id: string;
  /** The snapshot that saw it (ids sort by start time). */
  snapshot_id: string;
  /** ORGANIZATION (a level) or PERSON (a colour). */
  kind: string;
  grade: string;
  /** The grade before; null for the first grade seen (not a change to tell). */
  previous_grade: string | null;
  /** The snapshot's date (YYYY-MM-DD). */
  as_of: string;
  /** GradeReason[] as JSON. */
  reasons: string;
  /** When the snapshot wrote it (ISO): the notices worker reads by it. */
  changed_at: string;
}

export interface GradeHistoryDB {
  evaluation_grade_changes: GradeChangeTable;
}

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

/** The history rows of some subjects (their changes only: few each), with the columns asked for. */
function historyOf<C extends keyof GradeChangeTable>(db: Kysely<GradeHistoryDB>, subjectIds: string[], columns: C[]) {
  return db
    .selectFrom("evaluation_grade_changes")
    .select(["subject_id", "snapshot_id", ...columns])
    .where("subject_id", "in", subjectIds)
    .execute();
}

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

/** A subject's grade change as the notices read it: the new row and the reasons of the one before. */
export interface GradeChange extends GradeChangeTable {
  previous_reasons: string | null;
}

/**
 * The changes with a previous grade written in (after, until], ordered by (changed_at, subject_id),
 * at most `limit`, each with the reasons of the subject's row before it.
 */
export async function readGradeChanges(
  db: Kysely<GradeHistoryDB>,
  after: { at: string; subjectId: string },
  until: string,
  limit: number,
): Promise<GradeChange[]> {
  const rows = await db
    .selectFrom("evaluation_grade_changes")
    .selectAll()
    .where("previous_grade", "is not", null)
    .where((eb) => eb.or([eb("changed_at", ">", after.at), eb.and([eb("changed_at", "=", after.at), eb("subject_id", ">", after.subjectId)])]))
    .where("changed_at", "<=", until)
    .orderBy("changed_at")
    .orderBy("subject_id")
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const earlier = await historyOf(db, [...new Set(rows.map((r) => r.subject_id))], ["reasons"]);
  return rows.map((row) => {
    let before: (typeof earlier)[number] | undefined;
    for (const e of earlier)
      if (e.subject_id === row.subject_id && e.snapshot_id < row.snapshot_id && (!before || before.snapshot_id < e.snapshot_id)) before = e;
    return { ...row, previous_reasons: before?.reasons ?? null };
  });
}
