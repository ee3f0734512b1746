/** `buildApp(config)`: the evaluation subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createEvaluationContext } from "./context.js";
import type { EvaluationDB } from "./db.js";
import { migrations } from "./migrations/index.js";
import { activePolicy } from "./policy.js";
import { buildEvaluationSchema } from "./schema.js";

export const evaluationDepartment = {
  name: "evaluation",
  migrations,
  buildSchema: buildEvaluationSchema,
  createContext: createEvaluationContext,
  // The policy is validated when the subgraph starts: a broken policy never serves.
  prepare: (config: Config) => void activePolicy(config.policyFile),
} as const;

export function buildApp(config: Config, options?: DepartmentAppOptions) {
  return buildDepartmentApp<EvaluationDB, ReturnType<typeof createEvaluationContext>>(config, evaluationDepartment, options);
}
