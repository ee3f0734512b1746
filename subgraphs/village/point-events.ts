/**
 * Recording and correcting 文明诚信积分 events: validated (coded errors naming the field), each in one
 * transaction with the household's stored code and the kernel's change row (before/after, in the
 * village archive's append-only `record_changes`, reported to the gateway for the audit) — the
 * same path every department's writes take (shared/record-changes.ts).
 */
import { randomUUID } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { createError, createValidationError, ErrorCodes } from "../../shared/errors.js";
import { assertSubjectId } from "../../shared/ids.js";
import { appendRecordChange, reportChange, type WriteScope } from "../../shared/record-changes.js";
import { EARLIEST_DATE, isIsoDate, todayInChina } from "../../shared/scalars.js";
import { checkText } from "../../shared/text.js";
import { householdCode } from "./code.js";
import type { PointEventRow, VillageDB } from "./db.js";

type Problem = { field: string; message: string };

/** The writer: the archive's database, who writes, and the directory check. */
export interface PointEventStore {
  db: Kysely<VillageDB>;
  scope: WriteScope;
  findMissingSubjects: (ids: string[]) => Promise<string[]>;
}

const dayProblem = (field: string, day: string | undefined): Problem[] =>
  day === undefined || (isIsoDate(day) && day >= EARLIEST_DATE && day <= todayInChina())
    ? []
    : [{ field, message: `must be a date YYYY-MM-DD not in the future, got "${day}"` }];

const textProblem = (field: string, text: string | undefined, max: number): Problem[] =>
  text === undefined ? [] : [checkText(field, text, max).problem ?? []].flat();

/** The rule of a household's village, or a BAD_USER_INPUT naming `ruleCode`. */
async function ruleOf(trx: Transaction<VillageDB>, householdId: string, code: string) {
  const rule = await trx
    .selectFrom("village_households as h")
    .innerJoin("village_rules as r", "r.village_id", "h.village_id")
    .select(["r.code", "r.category", "r.points"])
    .where("h.id", "=", householdId)
    .where("r.code", "=", code)
    .executeTakeFirst();
  if (!rule) throw createValidationError([{ field: "ruleCode", message: `"${code}" is not a rule of this household's village (see Village.rules)` }]);
  return rule;
}

/** Stores the household's code as its events now give it (the dashboard counts the stored code). */
async function restoreCode(trx: Transaction<VillageDB>, householdId: string): Promise<void> {
  const events = await trx.selectFrom("village_point_events").select(["occurred_on", "points", "withdrawn"]).where("household_id", "=", householdId).execute();
  const { colour, points } = householdCode(events, todayInChina());
  await trx.updateTable("village_households").set({ colour, points, updated_at: new Date().toISOString() }).where("id", "=", householdId).execute();
}

/** Runs one event write with its change row; reports the change once committed. */
async function writeEvent(
  store: PointEventStore,
  write: (trx: Transaction<VillageDB>) => Promise<{ before: PointEventRow | null; after: PointEventRow; note?: Record<string, string> }>,
): Promise<PointEventRow> {
  const { after, change } = await store.db.transaction().execute(async (trx) => {
    const { before, after, note } = await write(trx);
    await restoreCode(trx, after.household_id);
    const change = await appendRecordChange(trx, store.scope, "village_point_events", {
      department: "village",
      recordId: after.id,
      subjectId: after.subject_id,
      action: before ? "CORRECT" : "RECORD",
      before: before && { ...before },
      after: { ...after, ...note },
    });
    return { after, change };
  });
  reportChange(store.scope, change);
  return after;
}

export interface NewPointEvent {
  subjectId: string;
  ruleCode: string;
  occurredOn: string;
  evidence: string;
}

/** Records an event for a member of a household, at the points of their village's rule. */
export async function recordPointEvent(store: PointEventStore, input: NewPointEvent): Promise<PointEventRow> {
  const subject = assertSubjectId("subjectId", input.subjectId);
  const problems = [
    ...(subject.kind === "PERSON" ? [] : [{ field: "subjectId", message: "must be a person's ID number: households have persons as members" }]),
    ...dayProblem("occurredOn", input.occurredOn),
    ...textProblem("evidence", input.evidence, 500),
  ];
  if (problems.length > 0) throw createValidationError(problems);
  if ((await store.findMissingSubjects([subject.id])).length > 0) throw createError(ErrorCodes.NOT_FOUND, "subjectId: not in the credit office's directory");
  return writeEvent(store, async (trx) => {
    const member = await trx.selectFrom("village_members").select("household_id").where("subject_id", "=", subject.id).executeTakeFirst();
    if (!member) throw createError(ErrorCodes.NOT_FOUND, "subjectId: this person belongs to no household archive");
    const rule = await ruleOf(trx, member.household_id, input.ruleCode);
    const after = await trx
      .insertInto("village_point_events")
      .values({
        id: `PE-${randomUUID()}`,
        household_id: member.household_id,
        subject_id: subject.id,
        rule_code: rule.code,
        category: rule.category,
        occurred_on: input.occurredOn,
        points: rule.points,
        recorded_by: store.scope.actor,
        evidence: checkText("evidence", input.evidence, 500).text,
        withdrawn: 0,
        recorded_at: new Date().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { before: null, after };
  });
}

export interface PointEventCorrection {
  id: string;
  ruleCode?: string | null;
  occurredOn?: string | null;
  evidence?: string | null;
  withdrawn?: boolean | null;
  reason: string;
}

/** Corrects an event (another rule and its points, another day, other evidence) or withdraws it; the reason goes with the change. */
export async function correctPointEvent(store: PointEventStore, input: PointEventCorrection): Promise<PointEventRow> {
  const problems = [
    ...dayProblem("occurredOn", input.occurredOn ?? undefined),
    ...textProblem("evidence", input.evidence ?? undefined, 500),
    ...textProblem("reason", input.reason, 200),
  ];
  if (problems.length > 0) throw createValidationError(problems);
  return writeEvent(store, async (trx) => {
    const before = await trx.selectFrom("village_point_events").selectAll().where("id", "=", input.id).executeTakeFirst();
    if (!before) throw createError(ErrorCodes.NOT_FOUND, `id: no point event "${input.id}"`);
    if (before.withdrawn) throw createError(ErrorCodes.CONFLICT, `id: point event "${input.id}" is withdrawn and cannot be corrected`);
    const rule = input.ruleCode ? await ruleOf(trx, before.household_id, input.ruleCode) : null;
    const after = await trx
      .updateTable("village_point_events")
      .set({
        ...(rule ? { rule_code: rule.code, category: rule.category, points: rule.points } : {}),
        ...(input.occurredOn ? { occurred_on: input.occurredOn } : {}),
        ...(input.evidence ? { evidence: checkText("evidence", input.evidence, 500).text } : {}),
        withdrawn: input.withdrawn ? 1 : 0,
      })
      .where("id", "=", input.id)
      .where("withdrawn", "=", 0)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { before, after, note: { correction_reason: checkText("reason", input.reason, 200).text } };
  });
}
