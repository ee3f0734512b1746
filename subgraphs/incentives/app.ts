/** `buildApp(config)`: the incentives subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { activePolicy } from "../evaluation/policy.js";
import { activeCatalogue } from "./catalogue.js";
import { createIncentivesContext } from "./context.js";
import type { IncentivesDB } from "./db.js";
import { migrations } from "./migrations/index.js";
import { buildIncentivesSchema } from "./schema.js";

export const incentivesDepartment = {
  name: "incentives",
  migrations,
  buildSchema: buildIncentivesSchema,
  createContext: createIncentivesContext,
  // The catalogue and the policy are validated when the subgraph starts: a broken one never serves.
  prepare: (config: Config) => {
    activeCatalogue(config.incentiveCatalogueFile);
    activePolicy(config.policyFile);
  },
} as const;

export function buildApp(config: Config, options?: DepartmentAppOptions) {
  return buildDepartmentApp<IncentivesDB, ReturnType<typeof createIncentivesContext>>(config, incentivesDepartment, options);
}
