/**
 * The notices worker process (`npm start` runs it beside the credit office): a pass every
 * XINYI_NOTICES_INTERVAL_MS (notice-worker.ts) on the credit office's database (and the evaluation's grade history, read only), and `/healthz` on
 * XINYI_NOTICES_PORT for the supervisor. On SIGTERM it finishes the pass under way and exits; a
 * pass cut short (SIGKILL) leaves its claims to expire and be taken again: nothing is lost.
 */
import "reflect-metadata";
import Fastify from "fastify";
import { loadConfig } from "../../../shared/config.js";
import { createDatabase, migrateToLatest } from "../../../shared/db.js";
import { installGracefulShutdown, runMain, serveUntilSignal } from "../../../shared/serve.js";
import type { CreditDB } from "../db.js";
import { migrations } from "../migrations/index.js";
import { openGradeHistory } from "./notice-grades.js";
import { createNoticeWorker, deliveryOptionsOf, outboxSourceOf } from "./notice-worker.js";

runMain(async () => {
  const config = loadConfig();
  const { db, close } = createDatabase<CreditDB>({ department: "credit", dataDir: config.dataDir, databaseUrl: config.departments.credit.databaseUrl });
  await migrateToLatest(db, migrations);
  // The evaluation's grade history, read only (the evaluation subgraph migrates its database).
  const grades = openGradeHistory(config);
  const worker = createNoticeWorker({ db, source: outboxSourceOf(config), delivery: deliveryOptionsOf(config), grades: grades.db });
  const app = Fastify({ logger: config.logLevel === "silent" ? false : { level: config.logLevel } });
  installGracefulShutdown(app, "notices");
  let last: { at: string; failed: Record<string, string> } | undefined;
  const run = () =>
    worker.tick().then(
      (report) => {
        last = { at: new Date().toISOString(), failed: report.failed };
        if (report.queued + report.delivered + report.deadLettered > 0) app.log.info(report, "notices pass");
        for (const [department, reason] of Object.entries(report.failed)) app.log.warn({ department, reason }, "notices: outbox not read");
      },
      (error) => app.log.error(error, "notices pass failed"),
    );
  const timer = setInterval(run, config.notices.intervalMs);
  void run();
  app.get("/healthz", async () => ({ status: "ok", lastPass: last ?? null, codeChannel: Boolean(config.notices.codeChannel) }));
  app.addHook("onClose", async () => {
    clearInterval(timer);
    await worker.idle();
    await grades.close();
    await close();
  });
  await serveUntilSignal(app, "notices", config.host, config.notices.port);
});
