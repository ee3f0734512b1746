/** Population snapshots: started, grown a page at a time (counts, grade changes and cursor together), finished. */
import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { EvaluationDB, SnapshotRow } from "./db.js";
import { recordGradeChanges, type SeenGrade } from "./grade-history.js";

export type GradeKey = { kind: string; district: string; grade: string };

export async function startSnapshot(db: Kysely<EvaluationDB>, policyVersion: string, asOf: string): Promise<SnapshotRow> {
  const now = new Date().toISOString();
  const row = {
    id: `${now}-${randomBytes(4).toString("hex")}`,
    started_at: now,
    finished_at: null,
    policy_version: policyVersion,
    as_of: asOf,
    cursor: null,
    status: "RUNNING" as const,
    subjects: 0,
  };
  await db.insertInto("evaluation_snapshots").values(row).execute();
  return row;
}

/** The newest unfinished snapshot of a policy version, to resume. */
export function findRunningSnapshot(db: Kysely<EvaluationDB>, policyVersion: string): Promise<SnapshotRow | undefined> {
  return db
    .selectFrom("evaluation_snapshots")
    .selectAll()
    .where("status", "=", "RUNNING")
    .where("policy_version", "=", policyVersion)
    .orderBy("id", "desc")
    .executeTakeFirst();
}

/**
 * Adds one page's grades and moves the cursor, in one transaction: a crash loses no page and counts
 * none twice. `seen` (the page's complete evaluations by subject) keeps the grades that changed
 * (grade-history.ts) in the same transaction; returns how many changed.
 */
export async function addSnapshotPage(
  db: Kysely<EvaluationDB>,
  snapshot: { id: string; asOf: string },
  grades: GradeKey[],
  cursor: string | null,
  seen: readonly SeenGrade[] = [],
): Promise<number> {
  const snapshotId = snapshot.id;
  const counts = new Map<string, GradeKey & { count: number }>();
  for (const g of grades) {
    const key = `${g.kind}|${g.district}|${g.grade}`;
    counts.set(key, { ...g, count: (counts.get(key)?.count ?? 0) + 1 });
  }
  return db.transaction().execute(async (trx) => {
    const changed = await recordGradeChanges(trx, snapshot, seen, new Date().toISOString());
    for (const c of counts.values()) {
      await trx
        .insertInto("evaluation_snapshot_counts")
        .values({ snapshot_id: snapshotId, ...c })
        .onConflict((oc) => oc.columns(["snapshot_id", "kind", "district", "grade"]).doUpdateSet({ count: sql`evaluation_snapshot_counts.count + ${c.count}` }))
        .execute();
    }
    await trx
      .updateTable("evaluation_snapshots")
      .set({ cursor, subjects: sql`subjects + ${grades.length}` })
      .where("id", "=", snapshotId)
      .execute();
    return changed;
  });
}

export async function finishSnapshot(db: Kysely<EvaluationDB>, snapshotId: string): Promise<void> {
  await db.updateTable("evaluation_snapshots").set({ status: "DONE", finished_at: new Date().toISOString() }).where("id", "=", snapshotId).execute();
}

/** The newest finished snapshot with its distribution. */
export async function loadLatestSnapshot(db: Kysely<EvaluationDB>) {
  const snapshot = await db.selectFrom("evaluation_snapshots").selectAll().where("status", "=", "DONE").orderBy("id", "desc").executeTakeFirst();
  if (!snapshot) return undefined;
  const counts = await db
    .selectFrom("evaluation_snapshot_counts")
    .selectAll()
    .where("snapshot_id", "=", snapshot.id)
    .orderBy(["kind", "district", "grade"])
    .execute();
  return { snapshot, counts };
}
