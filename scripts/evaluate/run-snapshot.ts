/**
 * A population snapshot: pages through every subject via the gateway — so the live
 * `Subject.evaluation` field, the same scoring code, grades each — and stores the distribution by
 * kind, district and grade a page at a time with the cursor, so an interrupted run resumes.
 *
 * It reads as the platform service `service:evaluation` (signed with the gateway secret, granted
 * `profile:read` and `ids:read` only, audited as the service acting for the operator), which may ask for pages of
 * 2,000 and is exempt from the public page-size, cost and rate limits. Pages are read two at a
 * time: a cheap query learns where the next page starts while the previous one is being
 * evaluated, and pages are still stored in order, so the stored cursor always marks a prefix of the
 * directory that is done.
 *
 * Each page also keeps the grades that changed, with their reasons (the grade history,
 * subgraphs/evaluation/grade-history.ts, what grade-change notices read): so the service reads
 * subjects' ids unmasked (`ids:read`, shared/scopes.ts: the ID numbers, not names or any other personal data).
 */
import type { Kysely } from "kysely";
import type { GatewayQuery } from "../../shared/gateway-client.js";
import { createProgress } from "../../shared/progress.js";
import type { EvaluationDB } from "../../subgraphs/evaluation/db.js";
import type { GradeReason } from "../../shared/grade-history.js";
import type { SeenGrade } from "../../subgraphs/evaluation/grade-history.js";
import { addSnapshotPage, findRunningSnapshot, finishSnapshot, startSnapshot, type GradeKey } from "../../subgraphs/evaluation/snapshot.repo.js";

export interface SnapshotOptions {
  /** The gateway as the `evaluation` service (`serviceGateway(config, "evaluation")`). */
  gateway: GatewayQuery;
  /** Who asked for the snapshot (the audit log's "acting for"). */
  operator: string;
  db: Kysely<EvaluationDB>;
  policyVersion: string;
  asOf: string;
  /** Continue the newest unfinished snapshot of this policy version. @default false */
  resume?: boolean;
  /** @default 2000 */
  pageSize?: number;
  /** Stop after this many pages (leaves the snapshot RUNNING, to resume). */
  maxPages?: number;
  progress?: boolean;
}

/** Pages evaluated at the same time: one is evaluated while the previous one is stored. */
const PAGES_IN_FLIGHT = 2;

const PAGE = `query SnapshotPage($first: Int!, $after: String, $asOf: Date) {
  subjects(first: $first, after: $after) {
    nodes { id kind district evaluation(asOf: $asOf) { level codeColor complete policyVersion reasons { kind department recordId zh en } } }
  }
}`;

const BOUNDS = `query SnapshotBounds($first: Int!, $after: String, $count: Boolean!) {
  subjects(first: $first, after: $after) { totalCount @include(if: $count) pageInfo { endCursor hasNextPage } }
}`;

interface Evaluated {
  id: string;
  kind: string;
  district: string;
  evaluation: { level: string | null; codeColor: string | null; complete: boolean; policyVersion: string; reasons: GradeReason[] } | null;
}

interface Bounds {
  totalCount?: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

export async function runPopulationSnapshot(options: SnapshotOptions): Promise<{ snapshotId: string; subjects: number; done: boolean; gradesChanged: number }> {
  const running = options.resume ? await findRunningSnapshot(options.db, options.policyVersion) : undefined;
  const snapshot = running ?? (await startSnapshot(options.db, options.policyVersion, options.asOf));
  const first = options.pageSize ?? 2000;
  const on = { actingFor: options.operator, purpose: "全市信用评价分布 population snapshot" };
  const ask = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const answer = await options.gateway<{ subjects: T }>(query, variables, on);
    if (!answer.data?.subjects || answer.errors?.length) {
      throw new Error(`the gateway refused the snapshot page: ${answer.errors?.map((e) => e.message).join("; ") ?? "no data"}`);
    }
    return answer.data.subjects;
  };

  // Where each page starts, learnt ahead of the pages themselves (one cheap query per page).
  let total: number | undefined;
  let next: string | null | undefined = snapshot.cursor;
  const startOfNextPage = async (): Promise<{ after: string | null; end: string | null } | undefined> => {
    if (next === undefined) return undefined;
    const after = next;
    const bounds = await ask<Bounds>(BOUNDS, { first, after, count: total === undefined });
    total ??= bounds.totalCount;
    next = bounds.pageInfo.hasNextPage && bounds.pageInfo.endCursor ? bounds.pageInfo.endCursor : undefined;
    // The stored cursor after this page: its end, or (last page) where it started if it is empty.
    return { after, end: bounds.pageInfo.endCursor ?? after };
  };

  type Pending = { end: string | null; nodes: Promise<Evaluated[]> };
  const pending: Pending[] = [];
  let launched = 0;
  const fill = async () => {
    while (pending.length < PAGES_IN_FLIGHT && (options.maxPages === undefined || launched < options.maxPages)) {
      const page = await startOfNextPage();
      if (!page) return;
      launched++;
      const nodes = ask<{ nodes: Evaluated[] }>(PAGE, { first, after: page.after, asOf: snapshot.as_of }).then((p) => p.nodes);
      nodes.catch(() => undefined); // awaited in order below; a failure is reported there
      pending.push({ end: page.end, nodes });
    }
  };

  let seen = snapshot.subjects;
  let changed = 0;
  await fill();
  // Started once the first pages are asked for (the total comes with the first page's bounds).
  const progress = options.progress === false ? undefined : createProgress("evaluating", total ?? 0);
  while (pending.length > 0) {
    const page = pending.shift()!;
    const nodes = await page.nodes;
    const other = nodes.find((n) => n.evaluation && n.evaluation.policyVersion !== snapshot.policy_version);
    if (other) throw new Error(`the evaluation applies policy ${other.evaluation!.policyVersion}, this snapshot ${snapshot.policy_version}: start a new one`);
    const grades: GradeKey[] = nodes.map((n) => ({
      kind: n.kind,
      district: n.district,
      grade: n.evaluation?.complete ? (n.evaluation.level ?? n.evaluation.codeColor ?? "INCOMPLETE") : "INCOMPLETE",
    }));
    const complete = nodes.flatMap((n, i): SeenGrade[] =>
      n.evaluation?.complete ? [{ subjectId: n.id, kind: n.kind, grade: grades[i].grade, reasons: n.evaluation.reasons }] : [],
    );
    changed += await addSnapshotPage(options.db, { id: snapshot.id, asOf: snapshot.as_of }, grades, page.end, complete);
    seen += grades.length;
    progress?.tick(seen);
    await fill();
  }
  if (next !== undefined) return { snapshotId: snapshot.id, subjects: seen, done: false, gradesChanged: changed };
  await finishSnapshot(options.db, snapshot.id);
  progress?.finish(`snapshot ${snapshot.id}: ${seen} subjects evaluated with policy ${snapshot.policy_version}, ${changed} grades changed`);
  return { snapshotId: snapshot.id, subjects: seen, done: true, gradesChanged: changed };
}
