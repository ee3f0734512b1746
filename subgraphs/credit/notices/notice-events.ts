/**
 * Where notices come from. Events: each record department's outbox (`record_changes`, read through
 * its signed route as `service:notices`, shared/record-changes-route.ts) — a penalty recorded
 * (action RECORD) is watched for its dates and told at once (主动告知); a later change of the same
 * record refreshes its dates or, once it is no longer public (repaired, removed), stops the
 * reminders. Dates: a scan on a clock (`asOf`, a Beijing day) queues the 到期提醒 whose day has
 * come — the earliest repair date reached, a publicity term ending within its lead time.
 *
 * Reading is at-least-once (each pass rereads from {@link OVERLAP_MS} before where the last
 * stopped, as the audit drainer does: a transaction may commit after its rows' time); a notice's
 * deterministic id makes a reread or a rescan queue nothing twice. The worker's first pass on a
 * database only marks its start: records written before it (history, the demo's seed) are not told.
 */
import type { Kysely } from "kysely";
import type { DepartmentChange } from "../../../shared/audit-store/drained-changes.js";
import { NOTICES_SERVICE, RECORD_CHANGES_PAGE, readRecordChanges } from "../../../shared/record-changes-route.js";
import { addDays } from "../../../shared/scalars.js";
import type { CreditDB } from "../db.js";
import { type NoticeDraft, queueNotices } from "./notice-queue.js";
import { kindsOf, type RecordFacts, type RecordRow, recordFactsOf, recordNoticeFacts } from "./notice-rules.js";

/** How far back each pass reads again: longer than any write transaction is expected to run. */
const OVERLAP_MS = 10 * 60_000;

export interface OutboxSource {
  /** The record departments (those with a record table) and their GraphQL URLs. */
  departments: { name: string; url: string }[];
  /** The gateway secret, to sign the reads. */
  secret: string;
  timeoutMs?: number;
}

/** Whether a change is a record of a department's record table (not the credit office's own rows). */
const isRecordRow = (after: Record<string, unknown>): after is Record<string, unknown> & RecordRow =>
  typeof after.document_no === "string" && typeof after.decided_on === "string" && typeof after.publicity_ends_on === "string";

/** Takes one department's changes: watches new records, queues their 主动告知, follows later changes. */
async function takeChanges(db: Kysely<CreditDB>, department: string, changes: DepartmentChange[], now: Date): Promise<number> {
  const drafts: NoticeDraft[] = [];
  for (const change of changes) {
    if (!isRecordRow(change.after)) continue;
    const key = `${department}:${change.recordId}`;
    const facts = recordFactsOf(department, change.after);
    const open = change.after.status === undefined || change.after.status === "ACTIVE";
    const row = {
      id: key,
      subject_id: change.subjectId,
      department,
      record_id: change.recordId,
      facts: JSON.stringify(facts),
      earliest_repair_on: facts.earliestRepairOn,
      publicity_ends_on: facts.publicityEndsOn,
      closed_at: open ? null : change.at,
    };
    if (change.action === "RECORD") {
      await db
        .insertInto("notice_records")
        .values(row)
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
      for (const kind of kindsOf("RECORDED")) drafts.push({ kind, subjectId: change.subjectId, facts: recordNoticeFacts(facts), dueOn: facts.decidedOn });
    } else {
      // A correction, repair or removal: the watch follows the record as it now stands (unknown records are not watched).
      const { id: _, ...rest } = row;
      await db.updateTable("notice_records").set(rest).where("id", "=", key).execute();
    }
  }
  return queueNotices(db, drafts, now);
}

/**
 * Reads every record department's outbox since its mark and takes what is new; returns the
 * notices queued, and the departments not read this pass (tried again the next).
 */
export async function readOutboxes(db: Kysely<CreditDB>, source: OutboxSource, now: Date): Promise<{ queued: number; failed: Record<string, string> }> {
  let queued = 0;
  const failed: Record<string, string> = {};
  for (const department of source.departments) {
    try {
      const mark = await db.selectFrom("notice_marks").select(["since", "through"]).where("department", "=", department.name).executeTakeFirst();
      // The departments stamp their changes with their own clocks: read up to the real time, whatever the worker's clock says.
      const until = new Date().toISOString();
      if (!mark) {
        // The first pass only marks where telling starts: the history already recorded is not told.
        await db.insertInto("notice_marks").values({ department: department.name, since: until, through: until }).execute();
        continue;
      }
      const from = new Date(Math.max(Date.parse(mark.since), Date.parse(mark.through) - OVERLAP_MS)).toISOString();
      let after = { at: from, id: "" };
      for (;;) {
        const changes = await readRecordChanges(NOTICES_SERVICE, department, source.secret, after, until, source.timeoutMs);
        queued += await takeChanges(db, department.name, changes, now);
        if (changes.length < RECORD_CHANGES_PAGE) break;
        const last = changes[changes.length - 1];
        after = { at: last.at, id: last.changeId };
      }
      await db.updateTable("notice_marks").set({ through: until }).where("department", "=", department.name).execute();
    } catch (error) {
      failed[department.name] = error instanceof Error ? error.message : String(error);
    }
  }
  return { queued, failed };
}

/** Watched records at most this many at a time per scan step (bounded memory on a large population). */
const SCAN_PAGE = 1000;

/**
 * Queues every 到期提醒 due on `asOf` (a Beijing day) or before and not queued yet: the earliest
 * repair date reached (REPAIR_POSSIBLE), a publicity term ending within its lead (PUBLICITY_ENDING).
 * A record closed, or no longer public on `asOf`, gets none. Returns how many were new.
 */
export async function scanDueDates(db: Kysely<CreditDB>, asOf: string, now: Date): Promise<number> {
  let queued = 0;
  for (const kind of [...kindsOf("EARLIEST_REPAIR"), ...kindsOf("PUBLICITY_END")]) {
    const column = kind.trigger === "EARLIEST_REPAIR" ? "earliest_repair_on" : "publicity_ends_on";
    const reached = addDays(asOf, kind.leadDays ?? 0);
    let after = "";
    for (;;) {
      const rows = await db
        .selectFrom("notice_records")
        .select(["id", "subject_id", "facts", "earliest_repair_on", "publicity_ends_on"])
        .where("closed_at", "is", null)
        .where(column, "is not", null)
        .where(column, "<=", reached)
        .where("publicity_ends_on", ">", asOf)
        .where("id", ">", after)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom("notices")
                .select("notices.id")
                .whereRef("notices.department", "=", "notice_records.department")
                .whereRef("notices.record_id", "=", "notice_records.record_id")
                .where("notices.kind", "=", kind.kind),
            ),
          ),
        )
        .orderBy("id")
        .limit(SCAN_PAGE)
        .execute();
      const drafts = rows.map((r): NoticeDraft => {
        const date = (kind.trigger === "EARLIEST_REPAIR" ? r.earliest_repair_on : r.publicity_ends_on) as string;
        return { kind, subjectId: r.subject_id, facts: recordNoticeFacts(JSON.parse(r.facts) as RecordFacts), dueOn: addDays(date, -(kind.leadDays ?? 0)) };
      });
      queued += await queueNotices(db, drafts, now);
      if (rows.length < SCAN_PAGE) break;
      after = rows[rows.length - 1].id;
    }
  }
  return queued;
}
