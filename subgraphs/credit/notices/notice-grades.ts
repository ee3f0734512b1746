/**
 * Grade changes (主动告知, GRADE_CHANGED): a firm's level or a person's colour that a population
 * snapshot found changed, read from the evaluation's grade history (its table and reader: shared/
 * grade-history.ts; in the evaluation's database, opened read-only by the worker) by the time each
 * change was written, rereading {@link OVERLAP_MS} back each pass as the outbox reading does. Each
 * notice names the grades and the reasons that changed between the subject's last grade and this
 * one: added (now counting) and removed (no longer counting).
 *
 * As with the outboxes, the worker's first pass only marks where telling starts: changes written
 * before it are not told. A subject's first grade is no change and is never told.
 */
import type { Kysely } from "kysely";
import type { Config } from "../../../shared/config.js";
import { createDatabase, type DatabaseHandle } from "../../../shared/db.js";
import { CODE_COLOR, CREDIT_LEVEL, type Label } from "../../../shared/labels.js";
import { type GradeHistoryDB, type GradeReason, readGradeChanges } from "../../../shared/grade-history.js";
import type { CreditDB } from "../db.js";
import { type NoticeDraft, queueNotices } from "./notice-queue.js";
import { kindsOf } from "./notice-rules.js";

/**
 * The evaluation's database as the worker opens it: read only (reviewer L1, least privilege) — a
 * SQLite read-only connection, or PostgreSQL sessions whose transactions are read only — since it
 * only reads the grade history; the evaluation writes it and migrates the database.
 */
export const openGradeHistory = (config: Pick<Config, "dataDir" | "departments">): DatabaseHandle<GradeHistoryDB> =>
  createDatabase<GradeHistoryDB>({ department: "evaluation", dataDir: config.dataDir, databaseUrl: config.departments.evaluation.databaseUrl, readOnly: true });

/** The mark of the grade history (a name no department takes). */
const GRADES_MARK = "evaluation:grades";
const OVERLAP_MS = 10 * 60_000;
const PAGE = 500;

/** A level's or a colour's words, Chinese and English. */
const GRADE_WORDS: Readonly<Record<string, Label>> = { ...CREDIT_LEVEL, ...CODE_COLOR };
const gradeWords = (grade: string): Label => GRADE_WORDS[grade] ?? [grade, grade];

/** A reason's identity across snapshots: what it is about (a record, a list entry) or, for the rest, its words. */
const keyOf = (r: GradeReason) => `${r.kind}|${r.department}|${r.recordId ?? r.zh}`;

/** The reasons in `now` and not in `before` (and back): what changed. */
export function changedReasons(before: GradeReason[], now: GradeReason[]): { added: GradeReason[]; removed: GradeReason[] } {
  const had = new Set(before.map(keyOf));
  const has = new Set(now.map(keyOf));
  return { added: now.filter((r) => !had.has(keyOf(r))), removed: before.filter((r) => !has.has(keyOf(r))) };
}

const listed = (reasons: GradeReason[], lang: "zh" | "en") =>
  reasons.length === 0 ? (lang === "zh" ? "无" : "none") : reasons.map((r) => r[lang]).join(lang === "zh" ? "；" : "; ");

/**
 * Reads the grade changes written since the last pass and queues their notices; returns how many
 * were new. The first pass only marks where telling starts.
 */
export async function readGradeHistory(db: Kysely<CreditDB>, grades: Kysely<GradeHistoryDB>, now: Date): Promise<number> {
  const [kind] = kindsOf("GRADE_CHANGE");
  const until = new Date().toISOString();
  const mark = await db.selectFrom("notice_marks").select(["since", "through"]).where("department", "=", GRADES_MARK).executeTakeFirst();
  if (!mark) {
    await db.insertInto("notice_marks").values({ department: GRADES_MARK, since: until, through: until }).execute();
    return 0;
  }
  let queued = 0;
  let after = { at: new Date(Math.max(Date.parse(mark.since), Date.parse(mark.through) - OVERLAP_MS)).toISOString(), subjectId: "" };
  for (;;) {
    const changes = await readGradeChanges(grades, after, until, PAGE);
    const drafts = changes.map((c): NoticeDraft => {
      const { added, removed } = changedReasons(JSON.parse(c.previous_reasons ?? "[]"), JSON.parse(c.reasons));
      const [from, fromEn] = gradeWords(c.previous_grade ?? "");
      const [to, toEn] = gradeWords(c.grade);
      return {
        kind,
        subjectId: c.subject_id,
        dueOn: c.as_of,
        facts: {
          department: "evaluation",
          recordId: c.snapshot_id,
          variant: "DEFAULT",
          values: {
            gradeFrom: from,
            gradeFromEn: fromEn,
            gradeTo: to,
            gradeToEn: toEn,
            asOf: c.as_of,
            reasonsAdded: listed(added, "zh"),
            reasonsAddedEn: listed(added, "en"),
            reasonsRemoved: listed(removed, "zh"),
            reasonsRemovedEn: listed(removed, "en"),
          },
          about: {
            department: "evaluation",
            recordId: c.snapshot_id,
            asOf: c.as_of,
            from: c.previous_grade,
            to: c.grade,
            added: added.map(({ kind, department, recordId }) => ({ kind, department, recordId })),
            removed: removed.map(({ kind, department, recordId }) => ({ kind, department, recordId })),
          },
        },
      };
    });
    if (kind) queued += await queueNotices(db, drafts, now);
    if (changes.length < PAGE) break;
    const last = changes[changes.length - 1];
    after = { at: last.changed_at, subjectId: last.subject_id };
  }
  await db.updateTable("notice_marks").set({ through: until }).where("department", "=", GRADES_MARK).execute();
  return queued;
}
