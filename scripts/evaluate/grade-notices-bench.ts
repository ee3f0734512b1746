/**
 * `node dist/scripts/evaluate/grade-notices-bench.js [subjects] [page size]` (default 100,000 and 2,000): the grade
 * history's cost and the grade notices it feeds, at city scale. Seeds a fresh stack in a temporary
 * folder (scripts/bench-kit/stack.ts, deleted after), runs the population snapshot three times — the first keeps
 * every subject's first grade, the second changes nothing, the third runs after 1,000 organisations
 * were put on the 失信被执行人 list (a direct downgrade) in the credit office's table — then has the
 * notices worker read the grade history and queue its notices. Prints each run's time, subjects/s,
 * grades changed and the process's peak RSS, and the notices queued.
 */
import "reflect-metadata";
import { startStack } from "../bench-kit/stack.js";
import { createDatabase, migrateToLatest } from "../../shared/db.js";
import { serviceGateway } from "../../shared/gateway-client.js";
import { addDays } from "../../shared/scalars.js";
import { DEFAULT_AS_OF } from "../generate/scale.js";
import type { CreditDB } from "../../subgraphs/credit/db.js";
import { readGradeHistory } from "../../subgraphs/credit/notices/notice-grades.js";
import type { EvaluationDB } from "../../subgraphs/evaluation/db.js";
import { migrations } from "../../subgraphs/evaluation/migrations/index.js";
import { runPopulationSnapshot } from "./run-snapshot.js";

const subjects = Number(process.argv[2] ?? 100_000);
const CHANGES = 1000;
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const log = (line: string) => process.stdout.write(`${line}\n`);

const started = Date.now();
const stack = await startStack({ subjects });
log(`seeded and started ${subjects} subjects in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const evaluation = createDatabase<EvaluationDB>({ department: "evaluation", dataDir: stack.config.dataDir });
const credit = createDatabase<CreditDB>({ department: "credit", dataDir: stack.config.dataDir });
try {
  await migrateToLatest(evaluation.db, migrations);
  const snapshot = async (label: string) => {
    const t = Date.now();
    const result = await runPopulationSnapshot({
      gateway: serviceGateway(stack.config, "evaluation"),
      operator: "bench",
      db: evaluation.db,
      policyVersion: "2026.1",
      asOf: DEFAULT_AS_OF,
      progress: false,
      pageSize: Number(process.argv[3] ?? 2000),
    });
    const s = (Date.now() - t) / 1000;
    log(
      `${label}: ${result.subjects} subjects in ${s.toFixed(1)} s (${Math.round(result.subjects / s)}/s), ${result.gradesChanged} grades kept, peak RSS ${peakMb()} MB`,
    );
    return result;
  };
  await snapshot("snapshot 1 (first grades)");
  await snapshot("snapshot 2 (nothing changed)");
  // The worker's first pass marks where telling starts.
  await readGradeHistory(credit.db, evaluation.db, new Date());
  // 1,000 organisations not POOR go on the 失信被执行人 list (capped at POOR), each with a contact consenting to grade notices.
  const firms = await evaluation.db
    .selectFrom("evaluation_grade_changes")
    .select("subject_id")
    .where("kind", "=", "ORGANIZATION")
    .where("grade", "!=", "POOR")
    .orderBy("subject_id")
    .limit(CHANGES)
    .execute();
  const now = new Date().toISOString();
  for (let i = 0; i < firms.length; i += 200) {
    const part = firms.slice(i, i + 200);
    await credit.db
      .insertInto("list_entries")
      .values(
        part.map(({ subject_id }, j) => ({
          id: `BENCH-${i + j}`,
          subject_id,
          list: "DISHONEST_JUDGMENT_DEBTOR" as const,
          list_color: "BLACK" as const,
          authority: "bench",
          reason: "bench",
          listed_on: addDays(DEFAULT_AS_OF, -10),
          expires_on: addDays(DEFAULT_AS_OF, 700),
          status: "ACTIVE" as const,
          legal_basis: null,
          document_number: null,
          term_basis: null,
          removed_on: null,
          removal_reason: null,
          removal_basis: null,
        })),
      )
      .execute();
    await credit.db
      .insertInto("notice_contacts")
      .values(
        part.map(({ subject_id }) => ({
          subject_id,
          webhook_url: "https://receiver.example/hook",
          secret: "bench",
          consents: "NOTICE_GRADE",
          registered_at: now,
          registered_by: "bench",
        })),
      )
      .execute();
  }
  log(`${firms.length} organisations listed`);
  await snapshot("snapshot 3 (after the listings)");
  const rssBefore = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const t = Date.now();
  const queued = await readGradeHistory(credit.db, evaluation.db, new Date());
  const s = (Date.now() - t) / 1000;
  const rows = await credit.db
    .selectFrom("notices")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("kind", "=", "GRADE_CHANGED")
    .where("status", "=", "QUEUED")
    .executeTakeFirstOrThrow();
  log(
    `grade notices: ${queued} queued in ${s.toFixed(2)} s (${Number(rows.n)} GRADE_CHANGED rows QUEUED); RSS ${rssBefore} MB before, ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB after, peak ${peakMb()} MB`,
  );
} finally {
  await credit.close();
  await evaluation.close();
  await stack.stop();
}
