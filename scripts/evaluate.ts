/**
 * `npm run evaluate -- --all [--resume] [--as-of YYYY-MM-DD]`: a population snapshot of the live
 * evaluation through the running gateway as the `evaluation` service, acting for the operator who
 * ran it (see scripts/evaluate/run-snapshot.ts); the dashboards
 * read it from `Query.evaluationSnapshot`.
 */
import "reflect-metadata";
import os from "node:os";
import { parseArgs } from "node:util";
import { loadConfig } from "../shared/config.js";
import { serviceGateway } from "../shared/gateway-client.js";
import { createDatabase, migrateToLatest } from "../shared/db.js";
import { isIsoDate, todayInChina } from "../shared/scalars.js";
import { runMain } from "../shared/serve.js";
import type { EvaluationDB } from "../subgraphs/evaluation/db.js";
import { migrations } from "../subgraphs/evaluation/migrations/index.js";
import { activePolicy } from "../subgraphs/evaluation/policy.js";
import { withDemoSecrets } from "./demo-keys.js";
import { runPopulationSnapshot } from "./evaluate/run-snapshot.js";

runMain(async () => {
  const { values } = parseArgs({
    options: { all: { type: "boolean", default: false }, resume: { type: "boolean", default: false }, "as-of": { type: "string" } },
  });
  if (!values.all) throw new Error("usage: npm run evaluate -- --all [--resume] [--as-of YYYY-MM-DD]");
  const asOf = values["as-of"] ?? todayInChina();
  if (!isIsoDate(asOf)) throw new Error(`--as-of must be a date YYYY-MM-DD, got "${asOf}"`);
  const config = loadConfig(withDemoSecrets(process.env));
  const { db } = createDatabase<EvaluationDB>({ department: "evaluation", dataDir: config.dataDir, databaseUrl: config.departments.evaluation.databaseUrl });
  try {
    await migrateToLatest(db, migrations);
    const result = await runPopulationSnapshot({
      gateway: serviceGateway(config, "evaluation"),
      operator: `operator:${os.userInfo().username}`,
      db,
      policyVersion: activePolicy(config.policyFile).version,
      asOf,
      resume: values.resume,
    });
    process.stdout.write(`snapshot ${result.snapshotId}: ${result.subjects} subjects\n`);
  } finally {
    await db.destroy();
  }
});
