/** `buildApp(config)`: the credit subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createCreditContext } from "./context.js";
import type { CreditDB } from "./db.js";
import { migrations } from "./migrations/index.js";
import { warmReportRenderer } from "./reports/report-warm-up.js";
import { buildCreditSchema } from "./schema.js";

export const creditDepartment = {
  name: "credit",
  migrations,
  buildSchema: buildCreditSchema,
  createContext: createCreditContext,
} as const;

export async function buildApp(config: Config, options?: DepartmentAppOptions) {
  const app = await buildDepartmentApp<CreditDB, ReturnType<typeof createCreditContext>>(config, creditDepartment, options);
  // In the background: the first report would otherwise pay for the renderer's start (report-warm-up.ts).
  void warmReportRenderer(app.log);
  return app;
}
