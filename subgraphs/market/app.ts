/** `buildApp(config)`: the market subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import type { ExtraColumn } from "../../shared/records/import-spec.js";
import { recordDepartment } from "../../shared/records/department.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createMarketContext } from "./context.js";
import { checkAbnormalCause, MarketResolver } from "./market.resolver.js";
import { migrations } from "./migrations/index.js";

/** The `abnormal_cause` import column: the same rule as the mutations (required for ABNORMAL_OPERATIONS, absent otherwise). */
const abnormalCauseColumn: ExtraColumn = (raw, input) => {
  const cause = raw?.trim() || null;
  const problem = checkAbnormalCause(input.category, cause);
  return problem ? { problem: `abnormal_cause ${problem}` } : { value: cause };
};

export const marketDepartment = recordDepartment({
  name: "market",
  migrations,
  createContext: createMarketContext,
  resolver: MarketResolver,
  extraColumns: { abnormal_cause: abnormalCauseColumn },
});

export const buildApp = (config: Config, options?: DepartmentAppOptions) => buildDepartmentApp(config, marketDepartment, options);
