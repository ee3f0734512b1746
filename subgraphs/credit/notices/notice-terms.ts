/**
 * The credit office's own dates, read from its own tables on the worker's clock: 跟踪回访 some days
 * after a repair was approved (with its commitment's status as it stands), 到期提醒 before a list
 * entry's term ends and before a commitment falls due. Nothing is copied: each scan reads the rows
 * as they are now, so a list entry removed or a commitment resolved before its day gets no reminder.
 *
 * History: a notice is told only if its day is on or after the worker's first day (its first pass
 * on the database, `notice_marks` row `credit`): a day that passed before the worker ran is not
 * news, and a first start does not flood the channels; days still to come are told whenever the
 * row was written. A notice's deterministic id (kind, subject, row, day) makes a rescan queue
 * nothing twice.
 */
import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import { COMMITMENT_FULFILMENT, CREDIT_LIST } from "../../../shared/labels.js";
import { categoryLabel } from "../../../shared/departments.js";
import { addDays, todayInChina } from "../../../shared/scalars.js";
import type { CreditDB } from "../db.js";
import { type NoticeDraft, queueNotices } from "./notice-queue.js";
import { departmentNames, kindsOf, type NoticeFacts, type NoticeKindRule } from "./notice-rules.js";

/** The mark of the worker's first pass on the credit office's own tables. */
const CREDIT_MARK = "credit";
/** Rows at most this many at a time per scan step. */
const SCAN_PAGE = 1000;

/** How a repair stands, in the follow-up's words. */
const REPAIR_STATUS: Record<string, readonly [string, string]> = {
  APPROVED: ["已修复", "repaired"],
  REINSTATING: ["因违反承诺正在恢复公示", "being reversed (the commitment was broken)"],
  REINSTATED: ["因违反承诺已恢复公示", "reversed: the commitment was broken and the record is public again"],
};

/** The worker's first day (a Beijing day), marked on its first pass. */
export async function firstDay(db: Kysely<CreditDB>, now: Date): Promise<string> {
  const at = now.toISOString();
  await db
    .insertInto("notice_marks")
    .values({ department: CREDIT_MARK, since: at, through: at })
    .onConflict((oc) => oc.column("department").doNothing())
    .execute();
  const mark = await db.selectFrom("notice_marks").select("since").where("department", "=", CREDIT_MARK).executeTakeFirstOrThrow();
  return todayInChina(new Date(mark.since));
}

/** No notice of `kind` about the credit office's row `ref` yet (the notices' (department, record_id, kind) index answers it). */
const untold = (kind: string, ref: string) =>
  sql<boolean>`not exists (select 1 from notices where notices.department = 'credit' and notices.record_id = ${sql.ref(ref)} and notices.kind = ${kind})`;

/** A date column from `from` to `to`, both included (null: never). */
const between = (column: string, from: string, to: string) => sql<boolean>`${sql.ref(column)} >= ${from} and ${sql.ref(column)} <= ${to}`;
const latest = (a: string, b: string) => (a > b ? a : b);

/** Pages through the rows `query` selects that have no notice of `kind` yet (by `id`, the row's id column), queuing each page's drafts. */
async function scanPages<DB, TB extends keyof DB, R extends { id: string; subject_id: string }>(
  db: Kysely<CreditDB>,
  now: Date,
  scan: { kind: NoticeKindRule; id: string; query: SelectQueryBuilder<DB, TB, R> },
  told: (row: R) => Pick<NoticeDraft, "dueOn"> & Pick<NoticeFacts, "values" | "about">,
): Promise<number> {
  const draft = (row: R): NoticeDraft => {
    const { dueOn, values, about } = told(row);
    return { kind: scan.kind, subjectId: row.subject_id, dueOn, facts: { department: "credit", recordId: row.id, variant: "DEFAULT", values, about } };
  };
  let queued = 0;
  let after = "";
  const id = sql.ref(scan.id);
  for (;;) {
    const rows = await scan.query.where(sql<boolean>`${id} > ${after}`).where(untold(scan.kind.kind, scan.id)).orderBy(id).limit(SCAN_PAGE).execute();
    queued += await queueNotices(db, rows.map(draft), now);
    if (rows.length < SCAN_PAGE) return queued;
    after = rows[rows.length - 1].id;
  }
}

const statusWords = (fulfilment: keyof typeof COMMITMENT_FULFILMENT) => ({
  commitmentStatus: COMMITMENT_FULFILMENT[fulfilment][0],
  commitmentStatusEn: COMMITMENT_FULFILMENT[fulfilment][1].toLowerCase(),
});

/** 跟踪回访: approved repairs `afterDays` on, with the repair's and its commitment's status. */
function followUps(db: Kysely<CreditDB>, kind: NoticeKindRule, asOf: string, since: string, now: Date) {
  const days = kind.afterDays ?? 0;
  const query = db
    .selectFrom("repairs as r")
    .innerJoin("commitments as c", "c.id", "r.commitment_id")
    .select(["r.id", "r.subject_id", "r.department", "r.category", "r.record_id", "r.decided_on", "r.status", "c.due_on", "c.fulfilment"])
    .where("r.status", "in", ["APPROVED", "REINSTATING", "REINSTATED"])
    .where(between("r.decided_on", addDays(since, -days), addDays(asOf, -days)));
  return scanPages(db, now, { kind, id: "r.id", query }, (r) => ({
    dueOn: addDays(r.decided_on ?? since /* never null: the scan selects approval dates */, days),
    values: {
      ...departmentNames(r.department),
      category: categoryLabel(r.department, r.category ?? "", "zh"),
      categoryEn: categoryLabel(r.department, r.category ?? "", "en"),
      approvedOn: r.decided_on ?? "—",
      repairStatus: REPAIR_STATUS[r.status]?.[0] ?? r.status,
      repairStatusEn: REPAIR_STATUS[r.status]?.[1] ?? r.status,
      commitmentDueOn: r.due_on,
      ...statusWords(r.fulfilment),
    },
    about: {
      department: r.department,
      recordId: r.record_id,
      repairId: r.id,
      approvedOn: r.decided_on,
      repairStatus: r.status,
      commitmentDueOn: r.due_on,
      commitmentStatus: r.fulfilment,
    },
  }));
}

/** 到期提醒: list entries in force whose term ends within the lead. */
function listTerms(db: Kysely<CreditDB>, kind: NoticeKindRule, asOf: string, since: string, now: Date) {
  const lead = kind.leadDays ?? 0;
  const query = db
    .selectFrom("list_entries as e")
    .select(["e.id", "e.subject_id", "e.list", "e.listed_on", "e.expires_on"])
    .where("e.status", "=", "ACTIVE")
    // In force after asOf, ending within the lead, its reminder's day not before the first day.
    .where(between("e.expires_on", latest(addDays(asOf, 1), addDays(since, lead)), addDays(asOf, lead)));
  return scanPages(db, now, { kind, id: "e.id", query }, (e) => ({
    dueOn: addDays(e.expires_on ?? asOf /* never null: the scan selects term ends */, -lead),
    values: {
      ...departmentNames("credit"),
      listName: CREDIT_LIST[e.list][0],
      listNameEn: CREDIT_LIST[e.list][1],
      listedOn: e.listed_on,
      expiresOn: e.expires_on ?? "—",
    },
    about: { department: "credit", recordId: e.id, list: e.list, listedOn: e.listed_on, expiresOn: e.expires_on },
  }));
}

/** 到期提醒: open commitments falling due within the lead. */
function commitmentsDue(db: Kysely<CreditDB>, kind: NoticeKindRule, asOf: string, since: string, now: Date) {
  const lead = kind.leadDays ?? 0;
  const query = db
    .selectFrom("commitments as c")
    .select(["c.id", "c.subject_id", "c.department", "c.committed_on", "c.due_on", "c.fulfilment", "c.source"])
    .where("c.fulfilment", "=", "PENDING")
    .where(between("c.due_on", latest(asOf, addDays(since, lead)), addDays(asOf, lead)));
  return scanPages(db, now, { kind, id: "c.id", query }, (c) => ({
    dueOn: addDays(c.due_on, -lead),
    values: { ...departmentNames(c.department ?? "credit"), committedOn: c.committed_on, commitmentDueOn: c.due_on, ...statusWords(c.fulfilment) },
    about: { department: c.department ?? "credit", recordId: c.id, source: c.source, committedOn: c.committed_on, commitmentDueOn: c.due_on },
  }));
}

/** Queues the credit office's notices due on `asOf` (a Beijing day) or before, from the worker's first day on; returns how many were new. */
export async function scanCreditTerms(db: Kysely<CreditDB>, asOf: string, now: Date): Promise<number> {
  const since = await firstDay(db, now);
  let queued = 0;
  for (const kind of kindsOf("REPAIR_FOLLOW_UP")) queued += await followUps(db, kind, asOf, since, now);
  for (const kind of kindsOf("LIST_TERM_END")) queued += await listTerms(db, kind, asOf, since, now);
  for (const kind of kindsOf("COMMITMENT_DUE")) queued += await commitmentsDue(db, kind, asOf, since, now);
  return queued;
}
