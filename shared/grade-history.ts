/**
 * The grade history's table and its reader, shared by the two departments that use it: the
 * evaluation writes it (subgraphs/evaluation/grade-history.ts: its migration, a row per grade
 * change, in the population snapshot's page transaction) and the credit office's notices worker
 * reads it (subgraphs/credit/notices/notice-grades.ts) by `changed_at`, telling the changes that
 * have a previous grade (GRADE_CHANGED). Here in the kernel because a department sees only the
 * kernel, itself and other departments' published GraphQL types (tests/architecture/imports.test.ts).
 */
import type { Kysely } from "kysely";

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

/** The history rows of some subjects (their changes only: few each), with the columns asked for. */
export function historyOf<C extends keyof GradeChangeTable>(db: Kysely<GradeHistoryDB>, subjectIds: string[], columns: C[]) {
  return db
    .selectFrom("evaluation_grade_changes")
    .select(["subject_id", "snapshot_id", ...columns])
    .where("subject_id", "in", subjectIds)
    .execute();
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
