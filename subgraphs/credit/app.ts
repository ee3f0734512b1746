/** `buildApp(config)`: the credit subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createCreditContext } from "./context.js";
import type { CreditDB } from "./db.js";
import { migrations } from "./migrations/index.js";
import { buildCreditSchema } from "./schema.js";

export const creditDepartment = {
  name: "credit",
  migrations,
  buildSchema: buildCreditSchema,
  createContext: createCreditContext,
} as const;

export function buildApp(config: Config, options?: DepartmentAppOptions) {
  return buildDepartmentApp<CreditDB, ReturnType<typeof createCreditContext>>(config, creditDepartment, options);
}
