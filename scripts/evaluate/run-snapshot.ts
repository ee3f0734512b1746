/**
 * A population snapshot: pages through every subject via the gateway — so the live
 * `Subject.evaluation` field, the same scoring code, grades each — and stores the distribution by
 * kind, district and grade a page at a time with the cursor, so an interrupted run resumes.
 */
import type { Kysely } from "kysely";
import { createProgress } from "../../shared/progress.js";
import type { EvaluationDB } from "../../subgraphs/evaluation/db.js";
import { addSnapshotPage, findRunningSnapshot, finishSnapshot, startSnapshot, type GradeKey } from "../../subgraphs/evaluation/snapshot.repo.js";

export interface SnapshotOptions {
  gatewayUrl: string;
  /** Bearer token with profile:read. */
  token: string;
  db: Kysely<EvaluationDB>;
  policyVersion: string;
  asOf: string;
  /** Continue the newest unfinished snapshot of this policy version. @default false */
  resume?: boolean;
  pageSize?: number;
  /** Stop after this many pages (leaves the snapshot RUNNING, to resume). */
  maxPages?: number;
  progress?: boolean;
}

const QUERY = `query Snapshot($first: Int!, $after: String, $asOf: Date) {
  subjects(first: $first, after: $after) {
    totalCount
    pageInfo { endCursor hasNextPage }
    nodes { id kind district evaluation(asOf: $asOf) { level codeColor complete policyVersion } }
  }
}`;

interface Page {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  nodes: { kind: string; district: string; evaluation: { level: string | null; codeColor: string | null; complete: boolean; policyVersion: string } | null }[];
}

export async function runPopulationSnapshot(options: SnapshotOptions): Promise<{ snapshotId: string; subjects: number; done: boolean }> {
  const running = options.resume ? await findRunningSnapshot(options.db, options.policyVersion) : undefined;
  const snapshot = running ?? (await startSnapshot(options.db, options.policyVersion, options.asOf));
  let cursor = snapshot.cursor;
  let seen = snapshot.subjects;
  let pages = 0;
  let progress: ReturnType<typeof createProgress> | undefined;
  for (;;) {
    if (options.maxPages !== undefined && pages >= options.maxPages) return { snapshotId: snapshot.id, subjects: seen, done: false };
    const response = await fetch(options.gatewayUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${options.token}`,
        "x-purpose": encodeURIComponent("全市信用评价分布 population snapshot"),
      },
      body: JSON.stringify({ query: QUERY, variables: { first: options.pageSize ?? 100, after: cursor, asOf: snapshot.as_of } }),
    });
    const body = (await response.json()) as { data?: { subjects: Page }; errors?: { message: string }[] };
    const page = body.data?.subjects;
    if (!page) throw new Error(`the gateway refused the snapshot page: ${body.errors?.map((e) => e.message).join("; ") ?? response.status}`);
    const other = page.nodes.find((n) => n.evaluation && n.evaluation.policyVersion !== snapshot.policy_version);
    if (other) throw new Error(`the evaluation applies policy ${other.evaluation!.policyVersion}, this snapshot ${snapshot.policy_version}: start a new one`);
    progress ??= options.progress === false ? undefined : createProgress("evaluating", page.totalCount);
    const grades: GradeKey[] = page.nodes.map((n) => ({
      kind: n.kind,
      district: n.district,
      grade: n.evaluation?.complete ? (n.evaluation.level ?? n.evaluation.codeColor ?? "INCOMPLETE") : "INCOMPLETE",
    }));
    cursor = page.pageInfo.endCursor ?? cursor;
    await addSnapshotPage(options.db, snapshot.id, grades, cursor);
    seen += grades.length;
    pages++;
    progress?.tick(seen);
    if (!page.pageInfo.hasNextPage) break;
  }
  await finishSnapshot(options.db, snapshot.id);
  progress?.finish(`snapshot ${snapshot.id}: ${seen} subjects evaluated with policy ${snapshot.policy_version}`);
  return { snapshotId: snapshot.id, subjects: seen, done: true };
}
